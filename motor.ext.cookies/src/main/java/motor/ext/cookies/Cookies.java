package motor.ext.cookies;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import motor.ext.cookies.internal.CookieParser;
import motor.spi.Request;
import motor.spi.Response;

/**
 * Reading the cookies of a request and setting cookies on a response.
 *
 * <pre>{@code
 * String theme = Cookies.get(request, "theme");          // null when absent
 * Cookies.set(response, SetCookie.builder("theme", "dark").build());
 * }</pre>
 *
 * <p>Parsing follows RFC 6265 section 5.4 and is tolerant of what browsers send (see {@link #parse}); it
 * happens once per request, on first use, and the result is kept in the request's attributes. None of
 * this needs the cookies extension to be installed; signed cookies ({@link CookieSigner}) and sessions
 * ({@link Sessions}) do.
 */
public final class Cookies {

    /** The request attribute under which the parsed cookies are kept. */
    private static final String PARSED = "motor.ext.cookies.parsed";

    private Cookies() {
    }

    /**
     * Parses the value of a {@code Cookie} header.
     *
     * <p>Tolerated: spaces around {@code ;} and {@code =}, a missing value ({@code a} or {@code a=} give an
     * empty value), a value in double quotes (the quotes are removed), visible characters that RFC 6265
     * forbids in values but browsers store anyway, empty pieces, repeated names (all kept, in order).
     * Skipped: pairs with an empty name, {@code $}-prefixed names (the attributes of the obsolete RFC 2965
     * syntax), pairs holding control characters other than tab, pairs whose non-ASCII bytes are not valid
     * UTF-8. A skipped pair does not affect the others; nothing throws.
     *
     * @param header the header value, one character per byte as the server hands it over
     * @return the cookies, in order
     */
    public static List<Cookie> parse(String header) {
        List<Cookie> cookies = new ArrayList<>(4);
        CookieParser.parse(header, cookies);
        return Collections.unmodifiableList(cookies);
    }

    /**
     * {@return every cookie the request carries, from all its {@code Cookie} headers, in order}
     *
     * @param request the request
     */
    public static List<Cookie> all(Request request) {
        if (request.attributes().get(PARSED) instanceof CookieList parsed) {
            return parsed.cookies();
        }
        List<String> headers = request.headers().all("Cookie");
        List<Cookie> cookies;
        if (headers.isEmpty()) {
            cookies = List.of();
        } else {
            List<Cookie> list = new ArrayList<>(4);
            for (String header : headers) {
                CookieParser.parse(header, list);
            }
            cookies = Collections.unmodifiableList(list);
        }
        request.attributes().put(PARSED, new CookieList(cookies));
        return cookies;
    }

    /**
     * Returns the value of the first cookie named {@code name}. Browsers send the cookie with the longest
     * matching path first, so the first is the most specific.
     *
     * @param request the request
     * @param name    the name, case-sensitive
     * @return the value, or {@code null} if the request has no such cookie
     */
    public static String get(Request request, String name) {
        for (Cookie cookie : all(request)) {
            if (cookie.name().equals(name)) {
                return cookie.value();
            }
        }
        return null;
    }

    /**
     * {@return the values of every cookie named {@code name}, in the order the client sent them}
     *
     * @param request the request
     * @param name    the name, case-sensitive
     */
    public static List<String> getAll(Request request, String name) {
        List<String> values = new ArrayList<>(2);
        for (Cookie cookie : all(request)) {
            if (cookie.name().equals(name)) {
                values.add(cookie.value());
            }
        }
        return values;
    }

    /**
     * Adds a {@code Set-Cookie} header to the response. Call it before the response is committed.
     *
     * @param response the response
     * @param cookie   the cookie
     */
    public static void set(Response response, SetCookie cookie) {
        response.headers().add("Set-Cookie", cookie.headerValue());
    }

    /** The parsed list in a type of our own, so that an attribute of that name set by others is not taken for it. */
    private record CookieList(List<Cookie> cookies) {
    }
}
