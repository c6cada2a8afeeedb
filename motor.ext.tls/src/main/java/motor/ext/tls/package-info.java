/**
 * HTTPS for Motor: {@link motor.ext.tls.Tls} finds a request's TLS session and client certificate, and
 * builds {@link javax.net.ssl.SSLContext}s from PEM files. The server is configured through the
 * {@code tls} section (see docs/tls.md).
 */
package motor.ext.tls;
