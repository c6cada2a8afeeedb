/**
 * TLS (HTTPS) for Motor, on the JDK's {@code SSLEngine}: certificates from PEM files or a key store,
 * ALPN for the protocols other extensions register, client certificates, reload of renewed
 * certificates. Configured by the {@code tls} section; {@link motor.ext.tls.Tls} offers the request's
 * session and client certificate to handlers.
 */
module motor.ext.tls {
    requires transitive motor.spi;
    requires org.slf4j;

    exports motor.ext.tls;

    provides motor.spi.extension.Extension with motor.ext.tls.internal.TlsExtension;
}
