/**
 * Static files: directories and class-path resources under URL prefixes, with validators, conditionals, ranges and precompressed variants.
 */
module motor.ext.staticfiles {
    requires motor.spi;

    provides motor.spi.extension.Extension with motor.ext.staticfiles.internal.StaticExtension;
}
