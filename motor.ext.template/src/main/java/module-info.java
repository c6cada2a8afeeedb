/**
 * The template hook: handlers render named templates with a model through {@link
 * motor.ext.template.Templates}; engines plug in as {@link motor.ext.template.TemplateEngine} services,
 * and a small Mustache-style engine is built in.
 */
module motor.ext.template {
    requires transitive motor.spi;
    requires org.slf4j;

    exports motor.ext.template;

    uses motor.ext.template.TemplateEngine;

    provides motor.spi.extension.Extension with motor.ext.template.internal.TemplateExtension;
    provides motor.ext.template.TemplateEngine with motor.ext.template.internal.MustacheEngine;
}
