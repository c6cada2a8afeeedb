/**
 * Content codings for Motor: the {@code gzip} extension compresses responses with {@code gzip} or
 * {@code deflate} (or any coding a plugin registers) as the client's {@code Accept-Encoding} allows, and
 * decodes request bodies sent with {@code Content-Encoding}, within a limit on the decoded size.
 *
 * <p>The extension works once its module is present; its settings are the {@code gzip} section of the
 * configuration (see docs/gzip.md). This package holds what other code may want on its own:
 * {@link motor.ext.gzip.AcceptEncoding}, the parser and negotiator of {@code Accept-Encoding}, which a
 * static-file handler uses to choose a precompressed variant, say.
 */
package motor.ext.gzip;
