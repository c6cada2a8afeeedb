/**
 * The reverse proxy extension for Motor: path prefixes forwarded to upstream HTTP servers, with load
 * balancing, passive and active health checks, retries and streaming in both directions. Configured in
 * the {@code proxy} section, or used from code through {@link motor.ext.proxy.Proxy}.
 */
module motor.ext.proxy {
    requires transitive motor.spi;
    requires java.net.http;
    requires org.slf4j;

    exports motor.ext.proxy;

    provides motor.spi.extension.Extension with motor.ext.proxy.internal.ProxyExtension;
}
