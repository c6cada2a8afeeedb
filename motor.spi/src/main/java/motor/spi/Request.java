package motor.spi;

import java.io.IOException;
import java.io.InputStream;
import java.net.SocketAddress;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.security.Principal;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An HTTP request as seen by middleware and handlers.
 *
 * <p>The request head has been parsed and validated before any handler sees it: the method is a
 * token, the target is well formed, the headers obey RFC 9110 and the body framing is unambiguous. The
 * body has not been read; {@link #body()} streams it, and stops with {@link HttpException} 413 when it
 * exceeds the size the route allows.
 *
 * <p>Instances belong to the thread that runs the handler and are not thread-safe.
 */
public interface Request {

    /** {@return the method, case-sensitive, such as {@code GET}; see {@link Method}} */
    String method();

    /**
     * {@return the request-target exactly as received: origin-form {@code /a/b?c}, absolute-form
     * {@code http://host/a}, authority-form {@code host:443} (CONNECT) or asterisk-form {@code *}}
     */
    String target();

    /**
     * {@return the path of the target, still percent-encoded, without the query; {@code *} for the
     * asterisk-form; always starting with {@code /} otherwise}
     */
    String path();

    /**
     * {@return the path as decoded segments: percent-decoded once as UTF-8, with {@code .} and
     * {@code ..} segments resolved; {@code /a/b%20c/} gives {@code [a, b c, ""]}}
     */
    List<String> pathSegments();

    /** {@return the query after {@code ?}, still encoded, or {@code null} if the target has none} */
    String rawQuery();

    /**
     * {@return the decoded query parameters}
     *
     * @throws HttpException 400 if the query's percent-encoding is invalid
     */
    Parameters query();

    /**
     * {@return the value the route's path template captured for {@code name}, or {@code null}}
     *
     * @param name the name in the template, such as {@code id} in {@code /users/{id}}
     */
    String pathParameter(String name);

    /** {@return every captured path parameter} */
    Map<String, String> pathParameters();

    /** {@return the header fields} */
    Headers headers();

    /**
     * {@return the trailer fields of a chunked body; empty until the body has been read to its end}
     */
    Headers trailers();

    /** {@return the protocol version, such as {@code HTTP/1.1}} */
    String protocol();

    /** {@return {@code https} when the connection is secure, otherwise {@code http}} */
    String scheme();

    /**
     * {@return the authority the client asked for: the host of an absolute-form target, otherwise
     * the {@code Host} header; empty if neither was sent (HTTP/1.0)}
     */
    String authority();

    /** {@return the address of the client} */
    SocketAddress remoteAddress();

    /** {@return the local address the request arrived on} */
    SocketAddress localAddress();

    /**
     * {@return the name of the listener that accepted the request's connection (as in the {@code server}
     * section's {@code listeners}, {@code "http"} for the default one), or {@code null} when unknown}
     * Lets a handler or middleware serve some paths only on an administration port, say.
     */
    default String listener() {
        return null;
    }

    /**
     * {@return the TLS session of the request's connection (protocol, cipher suite, the client's
     * certificates), or {@code null} when the connection is not TLS}
     */
    default javax.net.ssl.SSLSession sslSession() {
        return null;
    }

    /**
     * {@return the length the client declared for the body, 0 when there is no body, or -1 when the
     * body is chunked}
     */
    long contentLength();

    /**
     * {@return the largest body this request may have, in bytes: the route's limit once routed, the
     * server's before}
     */
    long bodyLimit();

    /**
     * Sets the largest body this request may have. The router sets the route's limit before the handler
     * runs, but a lower limit that middleware set before routing is kept: middleware may lower the limit,
     * never raise it above the route's. Reading past it throws {@link HttpException} 413.
     *
     * @param maxBytes the limit, 0 or more
     * @throws IllegalStateException if reading the body has begun
     */
    void bodyLimit(long maxBytes);

    /**
     * Returns the body as a stream. Each call returns the same stream. The first read sends
     * {@code 100 Continue} when the client asked for it. Reading past the route's body limit throws
     * {@link HttpException} 413; a malformed chunked body throws {@link HttpException} 400.
     *
     * @return the body; empty when there is none
     */
    InputStream body();

    /**
     * {@return mutable attributes that middleware and handlers attach to this request}
     */
    Map<String, Object> attributes();

    /**
     * Finds a service that an extension provided to the server this request came to (see
     * {@link motor.spi.extension.ExtensionContext#provide}). It lets an extension's static helpers, called
     * from handlers, reach the extension's state without middleware that marks every request: the lookup
     * costs nothing until it is made. The default implementation finds nothing, as for a request made
     * outside a server.
     *
     * @param type the type the service was provided under
     * @param <T>  that type
     * @return the service, if one was provided
     */
    default <T> Optional<T> service(Class<T> type) {
        return Optional.empty();
    }

    /** {@return an identifier for this request, unique within the server's run, for logs} */
    String id();

    /**
     * The {@linkplain #attributes() attribute} under which authentication stores the authenticated user,
     * a {@link Principal}; see {@link #principal()}.
     */
    String PRINCIPAL = "motor.principal";

    /**
     * {@return who made the request, as authentication middleware established it, if anyone did}
     * Authentication extensions store a {@link Principal} under the attribute {@link #PRINCIPAL}; others
     * (access logs, handlers) read it here.
     */
    default Optional<Principal> principal() {
        return attributes().get(PRINCIPAL) instanceof Principal principal ? Optional.of(principal) : Optional.empty();
    }

    /**
     * {@return the first value of a header field, or {@code null}}
     *
     * @param name the field name, in any case
     */
    default String header(String name) {
        return headers().first(name);
    }

    /**
     * Reads the whole body into memory, within the route's body limit.
     *
     * @return the body bytes
     * @throws IOException if reading fails
     */
    default byte[] bodyBytes() throws IOException {
        return body().readAllBytes();
    }

    /**
     * Reads the whole body as text, decoded with the {@code charset} of its {@code Content-Type}, or
     * UTF-8 when none is given.
     *
     * @return the body text
     * @throws IOException   if reading fails
     * @throws HttpException 415 if the charset is not supported
     */
    default String bodyText() throws IOException {
        return new String(bodyBytes(), charsetOf(header("Content-Type")));
    }

    /**
     * Finds the {@code charset} parameter of a media type.
     *
     * @param contentType a {@code Content-Type} value, or {@code null}
     * @return the charset, UTF-8 when the parameter is absent
     * @throws HttpException 415 if the charset is unknown
     */
    static Charset charsetOf(String contentType) {
        if (contentType == null) {
            return StandardCharsets.UTF_8;
        }
        int i = 0;
        while ((i = contentType.indexOf(';', i)) >= 0) {
            i++;
            int eq = contentType.indexOf('=', i);
            if (eq < 0) {
                break;
            }
            String name = contentType.substring(i, eq).trim();
            if (name.equalsIgnoreCase("charset")) {
                int end = contentType.indexOf(';', eq);
                String value = contentType.substring(eq + 1, end < 0 ? contentType.length() : end).trim();
                if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                    value = value.substring(1, value.length() - 1);
                }
                try {
                    return Charset.forName(value);
                } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
                    throw new HttpException(Status.UNSUPPORTED_MEDIA_TYPE, "unsupported charset in Content-Type");
                }
            }
        }
        return StandardCharsets.UTF_8;
    }
}
