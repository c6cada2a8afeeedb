package motor.spi;

/**
 * HTTP status codes (RFC 9110 section 15) and their reason phrases.
 *
 * <p>Status codes are plain {@code int}s throughout the API; the constants name the ones a server
 * commonly sends.
 */
public final class Status {

    /** 100: the client may send the request body. */
    public static final int CONTINUE = 100;
    /** 101: the connection switches to the protocol named in {@code Upgrade}. */
    public static final int SWITCHING_PROTOCOLS = 101;
    /** 103: hints the client may act on before the final response (RFC 8297). */
    public static final int EARLY_HINTS = 103;
    /** 200. */
    public static final int OK = 200;
    /** 201. */
    public static final int CREATED = 201;
    /** 202. */
    public static final int ACCEPTED = 202;
    /** 204: success without content. */
    public static final int NO_CONTENT = 204;
    /** 205: the client should reset its view; never with content. */
    public static final int RESET_CONTENT = 205;
    /** 206: a range of the representation. */
    public static final int PARTIAL_CONTENT = 206;
    /** 301. */
    public static final int MOVED_PERMANENTLY = 301;
    /** 302. */
    public static final int FOUND = 302;
    /** 303. */
    public static final int SEE_OTHER = 303;
    /** 304: the client's cached copy is current. */
    public static final int NOT_MODIFIED = 304;
    /** 307. */
    public static final int TEMPORARY_REDIRECT = 307;
    /** 308. */
    public static final int PERMANENT_REDIRECT = 308;
    /** 400: the request is malformed. */
    public static final int BAD_REQUEST = 400;
    /** 401: authentication is required. */
    public static final int UNAUTHORIZED = 401;
    /** 403. */
    public static final int FORBIDDEN = 403;
    /** 404. */
    public static final int NOT_FOUND = 404;
    /** 405: the target exists but not for this method; comes with {@code Allow}. */
    public static final int METHOD_NOT_ALLOWED = 405;
    /** 406. */
    public static final int NOT_ACCEPTABLE = 406;
    /** 408: the client was too slow to send its request. */
    public static final int REQUEST_TIMEOUT = 408;
    /** 409. */
    public static final int CONFLICT = 409;
    /** 410. */
    public static final int GONE = 410;
    /** 411: a request body needs a length. */
    public static final int LENGTH_REQUIRED = 411;
    /** 412: a precondition in the request failed. */
    public static final int PRECONDITION_FAILED = 412;
    /** 413: the request body is too large. */
    public static final int CONTENT_TOO_LARGE = 413;
    /** 414: the request-target is too long. */
    public static final int URI_TOO_LONG = 414;
    /** 415. */
    public static final int UNSUPPORTED_MEDIA_TYPE = 415;
    /** 416: no requested range can be satisfied. */
    public static final int RANGE_NOT_SATISFIABLE = 416;
    /** 417: an {@code Expect} value the server does not support. */
    public static final int EXPECTATION_FAILED = 417;
    /** 421. */
    public static final int MISDIRECTED_REQUEST = 421;
    /** 422. */
    public static final int UNPROCESSABLE_CONTENT = 422;
    /** 426: the client must switch protocols. */
    public static final int UPGRADE_REQUIRED = 426;
    /** 428. */
    public static final int PRECONDITION_REQUIRED = 428;
    /** 429: rate limited. */
    public static final int TOO_MANY_REQUESTS = 429;
    /** 431: the header section, or one field, is too large. */
    public static final int REQUEST_HEADER_FIELDS_TOO_LARGE = 431;
    /** 500. */
    public static final int INTERNAL_SERVER_ERROR = 500;
    /** 501: the method or transfer coding is not implemented. */
    public static final int NOT_IMPLEMENTED = 501;
    /** 502. */
    public static final int BAD_GATEWAY = 502;
    /** 503: overloaded or shutting down. */
    public static final int SERVICE_UNAVAILABLE = 503;
    /** 504. */
    public static final int GATEWAY_TIMEOUT = 504;
    /** 505: the HTTP major version is not supported. */
    public static final int HTTP_VERSION_NOT_SUPPORTED = 505;

    private Status() {
    }

    /**
     * {@return the reason phrase RFC 9110 gives for {@code code}, or a generic one for its class}
     *
     * @param code a status code from 100 to 999
     */
    public static String reason(int code) {
        return switch (code) {
            case 100 -> "Continue";
            case 101 -> "Switching Protocols";
            case 102 -> "Processing";
            case 103 -> "Early Hints";
            case 200 -> "OK";
            case 201 -> "Created";
            case 202 -> "Accepted";
            case 203 -> "Non-Authoritative Information";
            case 204 -> "No Content";
            case 205 -> "Reset Content";
            case 206 -> "Partial Content";
            case 207 -> "Multi-Status";
            case 300 -> "Multiple Choices";
            case 301 -> "Moved Permanently";
            case 302 -> "Found";
            case 303 -> "See Other";
            case 304 -> "Not Modified";
            case 307 -> "Temporary Redirect";
            case 308 -> "Permanent Redirect";
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 402 -> "Payment Required";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 406 -> "Not Acceptable";
            case 407 -> "Proxy Authentication Required";
            case 408 -> "Request Timeout";
            case 409 -> "Conflict";
            case 410 -> "Gone";
            case 411 -> "Length Required";
            case 412 -> "Precondition Failed";
            case 413 -> "Content Too Large";
            case 414 -> "URI Too Long";
            case 415 -> "Unsupported Media Type";
            case 416 -> "Range Not Satisfiable";
            case 417 -> "Expectation Failed";
            case 421 -> "Misdirected Request";
            case 422 -> "Unprocessable Content";
            case 425 -> "Too Early";
            case 426 -> "Upgrade Required";
            case 428 -> "Precondition Required";
            case 429 -> "Too Many Requests";
            case 431 -> "Request Header Fields Too Large";
            case 451 -> "Unavailable For Legal Reasons";
            case 500 -> "Internal Server Error";
            case 501 -> "Not Implemented";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            case 505 -> "HTTP Version Not Supported";
            default -> switch (code / 100) {
                case 1 -> "Informational";
                case 2 -> "Success";
                case 3 -> "Redirection";
                case 4 -> "Client Error";
                case 5 -> "Server Error";
                default -> "Unknown";
            };
        };
    }

    /**
     * {@return whether a response with this status never has content (1xx, 204, 304)}
     *
     * @param code the status code
     */
    public static boolean bodyless(int code) {
        return code < 200 || code == NO_CONTENT || code == NOT_MODIFIED;
    }
}
