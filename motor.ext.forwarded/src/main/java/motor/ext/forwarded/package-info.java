/**
 * Trusted proxy headers: with the {@code forwarded} extension configured, requests that arrive through
 * trusted proxies report the client's address, scheme and host from {@code Forwarded} (RFC 7239) or
 * {@code X-Forwarded-*}. See {@link motor.ext.forwarded.Forwarded}.
 */
package motor.ext.forwarded;
