/**
 * Access logs for Motor: one line per completed exchange, in the combined, common or JSON format, to the
 * slf4j logger {@code motor.access} and optionally straight to a file, written by one background thread
 * from a bounded queue so that a request never waits for a disk.
 *
 * <p>The extension is configured from the {@code accesslog} section; applications may read its counters
 * through {@link motor.ext.accesslog.AccessLog}.
 */
module motor.ext.accesslog {
    requires transitive motor.spi;
    requires org.slf4j;

    exports motor.ext.accesslog;

    provides motor.spi.extension.Extension with motor.ext.accesslog.internal.AccesslogExtension;
}
