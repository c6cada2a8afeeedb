/**
 * HTTP/2 for Motor: the exported API (work in progress).
 */
package motor.ext.http2;
