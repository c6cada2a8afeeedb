/**
 * Authentication: who made a request, and may they pass.
 *
 * <ul>
 *   <li>{@link motor.ext.auth.Credentials} parses {@code Authorization} and {@code Proxy-Authorization}
 *       by RFC 9110 section 11 (schemes and parameter names without regard to case, token68, quoted-pairs;
 *       400 for malformed values, never echoing them); {@link motor.ext.auth.BasicCredentials} decodes
 *       Basic's user name and password;</li>
 *   <li>{@link motor.ext.auth.Challenge} formats {@code WWW-Authenticate} challenges;</li>
 *   <li>{@link motor.ext.auth.Authenticator} decides who made a request: Basic, Bearer, several of them,
 *       or one of the application's own;</li>
 *   <li>{@link motor.ext.auth.Auth} puts an authenticator in front of a path prefix (middleware for
 *       {@link motor.spi.Middleware#SECURITY}) or a route's handler, answering 401 or 403, and stores the
 *       principal under {@link motor.spi.Request#PRINCIPAL};</li>
 *   <li>{@link motor.ext.auth.Passwords} and {@link motor.ext.auth.Tokens} hash secrets (PBKDF2,
 *       SHA-256) and check them in constant time.</li>
 * </ul>
 *
 * <p>The {@code auth} extension does the same from configuration: path prefixes, realms, users and
 * tokens in its {@code auth} section (see docs/auth.md).
 */
package motor.ext.auth;
