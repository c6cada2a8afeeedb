package motor.ext.websocket;

import motor.ext.websocket.internal.EndpointHandler;
import motor.spi.Handler;

/**
 * WebSocket endpoints (RFC 6455, with permessage-deflate from RFC 7692) as ordinary route handlers, and
 * the close status codes.
 *
 * <pre>{@code
 * routes.get("/ws/echo", WebSocket.endpoint(request -> new Listener() {
 *     public void onText(Session session, String text) throws IOException {
 *         session.sendText(text);
 *     }
 * }));
 * }</pre>
 *
 * <p>The handler validates the handshake (a {@code GET} over HTTP/1.1 with {@code Upgrade: websocket},
 * {@code Connection: Upgrade}, a valid {@code Sec-WebSocket-Key} and {@code Sec-WebSocket-Version: 13}),
 * checks the {@code Origin}, chooses the subprotocol and negotiates compression, asks the
 * {@link ListenerFactory} for a listener, answers 101 and then serves the connection on its virtual
 * thread until it closes. A request that is not a valid handshake is answered with an HTTP error and no
 * connection: 426 with {@code Upgrade: websocket} for a request without {@code Upgrade} (a browser
 * opening the URL), 426 with {@code Sec-WebSocket-Version: 13} for another version, 400 for a missing or
 * invalid header or HTTP/1.0, 405 for another method, 403 for a refused origin.
 */
public final class WebSocket {

    /** 1000: the purpose of the connection has been fulfilled. */
    public static final int NORMAL_CLOSURE = 1000;
    /** 1001: the endpoint is going away (server shutdown, idle timeout, page navigated away). */
    public static final int GOING_AWAY = 1001;
    /** 1002: a protocol error. */
    public static final int PROTOCOL_ERROR = 1002;
    /** 1003: a message of a type the endpoint cannot accept. */
    public static final int UNSUPPORTED_DATA = 1003;
    /** 1005: no status was present in the close frame; never sent. */
    public static final int NO_STATUS = 1005;
    /** 1006: the connection ended without a close frame; never sent. */
    public static final int ABNORMAL = 1006;
    /** 1007: data inconsistent with the message type (invalid UTF-8, broken compression). */
    public static final int INVALID_DATA = 1007;
    /** 1008: a message that violates the endpoint's policy. */
    public static final int POLICY_VIOLATION = 1008;
    /** 1009: a message too big to process. */
    public static final int TOO_BIG = 1009;
    /** 1010: the client expected an extension the server did not agree to. */
    public static final int MANDATORY_EXTENSION = 1010;
    /** 1011: the server met an unexpected condition. */
    public static final int INTERNAL_ERROR = 1011;
    /** 1012: the service is restarting. */
    public static final int SERVICE_RESTART = 1012;
    /** 1013: try again later. */
    public static final int TRY_AGAIN_LATER = 1013;

    private WebSocket() {
    }

    /**
     * Makes an endpoint with the settings of the server's {@code websocket} configuration section (the
     * built-in {@link WebSocketOptions#defaults()} when the extension is not installed).
     *
     * @param factory makes each connection's listener
     * @return the handler to register on a {@code GET} route
     */
    public static Handler endpoint(ListenerFactory factory) {
        return new EndpointHandler(null, null, factory);
    }

    /**
     * Makes an endpoint with the given settings, whatever the configuration says.
     *
     * @param options the settings
     * @param factory makes each connection's listener
     * @return the handler to register on a {@code GET} route
     */
    public static Handler endpoint(WebSocketOptions options, ListenerFactory factory) {
        return new EndpointHandler(java.util.Objects.requireNonNull(options, "options"), null, factory);
    }

    /**
     * Makes an endpoint with the configured settings changed by {@code adjust}: the configuration keeps
     * what it says (allowed origins, say) and the endpoint changes what it needs, such as a larger message
     * limit: {@code WebSocket.endpoint(o -> o.withMaxMessageSize(16L << 20), factory)}.
     *
     * @param adjust  turns the configured settings into this endpoint's
     * @param factory makes each connection's listener
     * @return the handler to register on a {@code GET} route
     */
    public static Handler endpoint(java.util.function.UnaryOperator<WebSocketOptions> adjust, ListenerFactory factory) {
        return new EndpointHandler(null, java.util.Objects.requireNonNull(adjust, "adjust"), factory);
    }

    /**
     * Makes an endpoint whose connections all share one listener (which then keeps per-connection state
     * in {@link Session#attributes()} if it needs any), with the configured settings.
     *
     * @param listener the listener of every connection
     * @return the handler to register on a {@code GET} route
     */
    public static Handler endpoint(Listener listener) {
        java.util.Objects.requireNonNull(listener, "listener");
        return endpoint(request -> listener);
    }
}
