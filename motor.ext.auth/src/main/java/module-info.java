/**
 * Authentication for Motor: parsing of {@code Authorization} and {@code Proxy-Authorization} (RFC 9110
 * section 11), Basic (RFC 7617) and Bearer (RFC 6750) authenticators, 401 with {@code WWW-Authenticate}
 * challenges and 403, guarding of path prefixes and routes, and the principal on the request. See
 * {@link motor.ext.auth}.
 */
module motor.ext.auth {
    requires motor.spi;

    exports motor.ext.auth;

    provides motor.spi.extension.Extension with motor.ext.auth.internal.AuthExtension;
}
