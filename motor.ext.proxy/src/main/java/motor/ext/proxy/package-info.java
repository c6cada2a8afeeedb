/**
 * The reverse proxy's API: {@link motor.ext.proxy.Proxy}, a handler that forwards to upstream servers,
 * its {@link motor.ext.proxy.ProxyOptions}, and {@link motor.ext.proxy.UpstreamStatus} for status pages.
 */
package motor.ext.proxy;
