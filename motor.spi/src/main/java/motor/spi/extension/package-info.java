/**
 * The extension service interface: an {@link motor.spi.extension.Extension} is found with
 * {@link java.util.ServiceLoader} and installed into an {@link motor.spi.extension.ExtensionContext},
 * where it reads its {@link motor.spi.extension.Config} section and registers what it contributes.
 */
package motor.spi.extension;
