/**
 * HTTP/2 for Motor. There is almost nothing here to call: the extension serves HTTP/2 connections with
 * the application's ordinary handlers. {@link motor.ext.http2.Http2Requests} tells a handler whether its
 * request came over HTTP/2. Settings are in the {@code http2} configuration section; see docs/http2.md.
 */
package motor.ext.http2;
