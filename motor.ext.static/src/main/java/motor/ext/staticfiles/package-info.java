/**
 * Static files: {@link motor.ext.staticfiles.StaticFiles} builds handlers that serve a directory or
 * class-path resources with validators, conditionals, ranges and precompressed variants. The
 * {@code static} extension mounts directories from configuration with the same handlers.
 */
package motor.ext.staticfiles;
