/**
 * HTTP/2 for Motor (work in progress).
 */
module motor.ext.http2 {
    requires transitive motor.spi;

    // exports motor.ext.http2; (add once the package holds API)

    provides motor.spi.extension.Extension with motor.ext.http2.internal.Http2Extension;
}
