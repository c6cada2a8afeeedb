/**
 * Static files: directories under URL prefixes (the {@code static} configuration section) and, through
 * {@link motor.ext.staticfiles.StaticFiles}, directories or class-path resources on the application's own
 * routes; with strong validators, every conditional of RFC 9110, byte ranges, precompressed variants,
 * zero-copy bodies and path safety. The module is named {@code staticfiles} because {@code static} is a
 * Java keyword; its folder and artifact say {@code static}.
 *
 * <p>{@code motor.spi} is required transitively: the API hands out its {@code Handler}.
 */
module motor.ext.staticfiles {
    requires transitive motor.spi;

    exports motor.ext.staticfiles;

    provides motor.spi.extension.Extension with motor.ext.staticfiles.internal.StaticExtension;
}
