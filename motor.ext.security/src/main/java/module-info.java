/**
 * Security headers, CORS and output encoding for Motor.
 *
 * <p>When this module is present, every response carries a set of protective headers
 * (Content-Security-Policy, X-Content-Type-Options, Referrer-Policy, X-Frame-Options,
 * Cross-Origin-Opener-Policy, Cross-Origin-Resource-Policy, and Strict-Transport-Security over TLS),
 * errors included; CORS answers cross-origin requests once allowed origins are configured. Settings live
 * in the {@code security} section, per path prefix if needed. The exported package holds
 * {@link motor.ext.security.Encode}, the output-encoding helpers for applications that build markup.
 */
module motor.ext.security {
    requires motor.spi;

    exports motor.ext.security;

    provides motor.spi.extension.Extension with motor.ext.security.internal.SecurityExtension;
}
