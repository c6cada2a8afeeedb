/**
 * HTTP/2 for Motor. There is nothing here to call: the extension serves HTTP/2 connections with the
 * application's ordinary handlers, and {@link motor.spi.Request#protocol()} tells a handler that its
 * request came over HTTP/2 ({@code HTTP/2.0}). Settings are in the {@code http2} configuration section;
 * see docs/http2.md.
 */
package motor.ext.http2;
