/**
 * TLS (HTTPS) for Motor: the exported API (work in progress).
 */
package motor.ext.tls;
