/**
 * Cookies and sessions for Motor applications.
 *
 * <ul>
 *   <li>{@link motor.ext.cookies.Cookies}: read the request's cookies ({@code Cookies.get(request, "theme")})
 *       and set cookies on the response;</li>
 *   <li>{@link motor.ext.cookies.SetCookie}: a {@code Set-Cookie} header, checked against RFC 6265 and
 *       what browsers accept;</li>
 *   <li>{@link motor.ext.cookies.CookieSigner}: HMAC-SHA256 signed values with key rotation;</li>
 *   <li>{@link motor.ext.cookies.Sessions} and {@link motor.ext.cookies.Session}: server-side sessions
 *       carried in a signed cookie;</li>
 *   <li>{@link motor.ext.cookies.SessionStore}: where sessions live, in memory unless an extension
 *       provides another store.</li>
 * </ul>
 */
package motor.ext.cookies;
