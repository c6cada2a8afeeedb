/**
 * The access log extension for Motor (work in progress).
 */
module motor.ext.accesslog {
    requires transitive motor.spi;

    // exports motor.ext.accesslog; (add once the package holds API)

    provides motor.spi.extension.Extension with motor.ext.accesslog.internal.AccesslogExtension;
}
