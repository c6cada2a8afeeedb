package motor.ext.security.internal;

/**
 * Everything the extension does for one path prefix.
 *
 * @param headers the security headers
 * @param cors    the CORS policy; {@link CorsPolicy#OFF} when no origin is allowed
 */
record Policy(HeaderPolicy headers, CorsPolicy cors) {
}
