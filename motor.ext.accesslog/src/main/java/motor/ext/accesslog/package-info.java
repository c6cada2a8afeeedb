/**
 * The access log's public view: {@link motor.ext.accesslog.AccessLog}, its counters of written and
 * dropped lines.
 */
package motor.ext.accesslog;
