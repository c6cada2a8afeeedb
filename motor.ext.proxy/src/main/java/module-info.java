/**
 * The reverse proxy extension for Motor (work in progress).
 */
module motor.ext.proxy {
    requires transitive motor.spi;

    // exports motor.ext.proxy; (add once the package holds API)

    provides motor.spi.extension.Extension with motor.ext.proxy.internal.ProxyExtension;
}
