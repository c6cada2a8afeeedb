package motor.ext.cache.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import motor.spi.Headers;

/**
 * Secondary cache keys (RFC 9111 section 4.1): the request fields a response's {@code Vary} names, and
 * the canonical form of their values that two requests must share for one stored response to answer
 * both.
 *
 * <p>Names are taken in lower case, without duplicates, sorted, so that {@code Vary: A, b} and
 * {@code Vary: B, a} select alike. A value is normalised as the RFC allows: the field's lines joined
 * with commas, and the whitespace around each list element removed; case is kept (values such as
 * {@code Accept-Language} tags are compared as sent). An absent field differs from an empty one.
 */
final class Vary {

    /** The most field names a stored response may vary on; more and it is not stored. */
    static final int MAX_FIELDS = 16;

    /** The names of a response whose {@code Vary} is {@code *}, or names too many: never stored. */
    static final List<String> UNCACHEABLE = List.of("*");

    private Vary() {
    }

    /**
     * {@return the lower-case, sorted, distinct field names of every {@code Vary} field; empty if none;
     * {@link #UNCACHEABLE} for {@code *} or more than {@link #MAX_FIELDS} names or a name that is not a
     * token}
     *
     * @param values the {@code Vary} field values
     */
    static List<String> names(List<String> values) {
        if (values.isEmpty()) {
            return List.of();
        }
        List<String> names = new ArrayList<>(4);
        for (String value : values) {
            for (String element : elements(value)) {
                String name = element.toLowerCase(Locale.ROOT);
                if (name.equals("*") || !Headers.isToken(name)) {
                    return UNCACHEABLE;
                }
                if (!names.contains(name)) {
                    if (names.size() == MAX_FIELDS) {
                        return UNCACHEABLE;
                    }
                    names.add(name);
                }
            }
        }
        names.sort(null);
        return List.copyOf(names);
    }

    /**
     * {@return the names from the {@code Vary} fields of a stored response's field list, with
     * {@code accept-encoding} among them when the response has a {@code Content-Encoding}}
     *
     * @param fields the stored fields
     */
    static List<String> namesOf(List<Headers.Field> fields) {
        List<String> values = null;
        boolean coded = false;
        for (Headers.Field field : fields) {
            if (Headers.equalsIgnoreCase(field.name(), "Vary")) {
                if (values == null) {
                    values = new ArrayList<>(2);
                }
                values.add(field.value());
            } else if (Headers.equalsIgnoreCase(field.name(), "Content-Encoding")
                    && !field.value().isBlank() && !field.value().strip().equalsIgnoreCase("identity")) {
                coded = true;
            }
        }
        List<String> names = values == null ? List.of() : names(values);
        if (!coded || names == UNCACHEABLE || names.contains("accept-encoding")) {
            return names;
        }
        // a body the handler encoded itself was chosen by Accept-Encoding, whether or not it says so: a
        // client that cannot decode it must never get it
        if (names.size() == MAX_FIELDS) {
            return UNCACHEABLE;
        }
        List<String> withCoding = new ArrayList<>(names);
        withCoding.add("accept-encoding");
        withCoding.sort(null);
        return List.copyOf(withCoding);
    }

    /**
     * {@return the variant key of a request for the given names: empty when there are none}
     *
     * @param names   names from {@link #names}, not {@link #UNCACHEABLE}
     * @param request the request's fields
     */
    static String key(List<String> names, Headers request) {
        if (names.isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder(32 * names.size());
        for (String name : names) {
            sb.append(name);
            List<String> values = request.all(name);
            if (values.isEmpty()) {
                sb.append('\u0000'); // no field: not the same as an empty one
            } else {
                sb.append(':');
                boolean first = true;
                for (String value : values) {
                    for (String element : elements(value)) {
                        if (!first) {
                            sb.append(',');
                        }
                        first = false;
                        sb.append(element);
                    }
                }
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /**
     * Request fields that proxies and rewriting middleware use to say what the client asked for (host,
     * scheme, path prefix, method) outside the request line and {@code Host}. Applications commonly read
     * them to build absolute links or redirects without naming them in {@code Vary}; a client that forges
     * one must then fill only an entry of its own, never the one others get. {@code X-Forwarded-For} is
     * not among them: it differs per client behind a proxy, and would make every client miss.
     */
    static final List<String> IMPLICIT = List.of("forwarded", "x-forwarded-host", "x-forwarded-proto",
            "x-forwarded-scheme", "x-forwarded-port", "x-forwarded-prefix", "x-forwarded-server", "x-host",
            "x-original-url", "x-rewrite-url", "x-http-method-override", "x-http-method", "x-method-override");

    /**
     * {@return the variant key of a request: {@link #key} for the names, followed by the values of the
     * {@link #IMPLICIT} fields the request carries (nothing when it carries none, as usually)}
     *
     * <p>{@code Host} counts too when it differs from the authority the URL is filed under (a request
     * with an absolute-form target names its host there, and a handler that reads {@code Host} would see
     * another one).
     *
     * @param names     names from {@link #names}, not {@link #UNCACHEABLE}
     * @param request   the request's fields
     * @param authority the authority the request's URL is filed under
     */
    static String variantKey(List<String> names, Headers request, String authority) {
        String key = key(names, request);
        StringBuilder implicit = null;
        for (String name : IMPLICIT) {
            if (request.contains(name)) {
                if (implicit == null) {
                    implicit = new StringBuilder(key.length() + 64).append(key).append('\u0001');
                }
                implicit.append(key(List.of(name), request));
            }
        }
        String host = request.first("Host");
        if (host != null && !host.strip().equalsIgnoreCase(authority)) {
            if (implicit == null) {
                implicit = new StringBuilder(key.length() + 64).append(key).append('\u0001');
            }
            implicit.append(key(List.of("host"), request));
        }
        return implicit == null ? key : implicit.toString();
    }

    /** {@return the elements of a comma-separated list, without surrounding whitespace, empty ones dropped} */
    static List<String> elements(String value) {
        if (value.indexOf(',') < 0) {
            String element = value.strip();
            return element.isEmpty() ? List.of() : List.of(element);
        }
        List<String> elements = new ArrayList<>(4);
        int start = 0;
        int n = value.length();
        while (start <= n) {
            int end = value.indexOf(',', start);
            if (end < 0) {
                end = n;
            }
            String element = value.substring(start, end).strip();
            if (!element.isEmpty()) {
                elements.add(element);
            }
            start = end + 1;
        }
        return elements;
    }
}
