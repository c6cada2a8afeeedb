/**
 * Static files: directories and class-path resources under URL prefixes, with validators, conditionals,
 * ranges and precompressed variants. Applications use {@link motor.ext.staticfiles.StaticFiles}; the
 * {@code static} extension mounts directories from its configuration section.
 */
module motor.ext.staticfiles {
    requires motor.spi;

    exports motor.ext.staticfiles;

    provides motor.spi.extension.Extension with motor.ext.staticfiles.internal.StaticExtension;
}
