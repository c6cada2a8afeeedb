/**
 * The template hook: {@link motor.ext.template.Templates} renders named templates with a model;
 * {@link motor.ext.template.TemplateEngine} plugs in template languages; a Mustache-style engine is built
 * in. See docs/templates.md.
 */
package motor.ext.template;
