/**
 * TLS (HTTPS) for Motor (work in progress).
 */
module motor.ext.tls {
    requires transitive motor.spi;

    // exports motor.ext.tls; (add once the package holds API)

    provides motor.spi.extension.Extension with motor.ext.tls.internal.TlsExtension;
}
