/**
 * Compression of responses and decompression of request bodies with the {@code gzip} and {@code deflate}
 * content codings, negotiated from {@code Accept-Encoding}; see {@link motor.ext.gzip}. Further codings
 * (brotli, zstd) arrive as plugins that register a {@link motor.spi.ContentCoding}.
 */
module motor.ext.gzip {
    requires motor.spi;

    exports motor.ext.gzip;

    provides motor.spi.extension.Extension with motor.ext.gzip.internal.GzipExtension;
}
