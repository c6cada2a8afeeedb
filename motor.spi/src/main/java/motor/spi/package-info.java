/**
 * The exchange between a client and the application: {@link motor.spi.Request}, {@link motor.spi.Response}
 * and their {@link motor.spi.Headers}, the {@link motor.spi.Handler} that answers a request, the
 * {@link motor.spi.Middleware} around it, the {@link motor.spi.Routes} it is registered in, and the
 * {@link motor.spi.HttpException} through which any of them reports a failure with its status.
 */
package motor.spi;
