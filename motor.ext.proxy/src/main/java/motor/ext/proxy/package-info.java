/**
 * The reverse proxy's API: {@link motor.ext.proxy.Proxy}, a handler that forwards to upstream servers,
 * and its {@link motor.ext.proxy.ProxyOptions}.
 */
package motor.ext.proxy;
