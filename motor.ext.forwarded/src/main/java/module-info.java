/**
 * Trusted proxy headers: requests that arrive through configured proxies report the client's address,
 * scheme and host taken from {@code Forwarded} (RFC 7239) or {@code X-Forwarded-For/-Proto/-Host/-Port};
 * see {@link motor.ext.forwarded.Forwarded}.
 */
module motor.ext.forwarded {
    requires transitive motor.spi;
    requires org.slf4j;

    exports motor.ext.forwarded;

    provides motor.spi.extension.Extension with motor.ext.forwarded.internal.ForwardedExtension;
}
