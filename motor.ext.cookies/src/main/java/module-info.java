/**
 * Cookies for Motor: RFC 6265 {@code Cookie} parsing, a validating {@code Set-Cookie} builder, HMAC-signed
 * cookies with key rotation, and server-side sessions carried in a signed cookie, with an in-memory store
 * by default and a {@link motor.ext.cookies.SessionStore} interface for others.
 *
 * <p>Handlers use {@link motor.ext.cookies.Cookies}, {@link motor.ext.cookies.SetCookie},
 * {@link motor.ext.cookies.CookieSigner} and {@link motor.ext.cookies.Sessions}; the extension, configured
 * from the {@code cookies} section, installs the session middleware.
 */
module motor.ext.cookies {
    requires motor.spi;
    requires org.slf4j;

    exports motor.ext.cookies;

    provides motor.spi.extension.Extension with motor.ext.cookies.internal.CookiesExtension;
}
