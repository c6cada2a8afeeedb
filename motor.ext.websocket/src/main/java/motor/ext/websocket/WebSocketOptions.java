package motor.ext.websocket;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The settings of a WebSocket endpoint. The {@code websocket} configuration section gives the defaults of
 * every endpoint made without explicit options; {@link #defaults()} are the built-in values.
 *
 * @param allowedOrigins  the {@code Origin} values allowed to open a connection, such as
 *                        {@code https://app.example}; {@code *} allows any. Empty (the default) allows
 *                        only the same origin: an {@code Origin} whose host and port are those of the
 *                        request's {@code Host}. A request without {@code Origin} (not from a browser) is
 *                        always allowed; a refused one gets 403
 * @param subprotocols    the subprotocols the endpoint speaks, in order of preference; the first one the
 *                        client also offers is chosen; empty for none
 * @param maxMessageSize  the largest message, in bytes after decompression; a larger one closes the
 *                        connection with 1009
 * @param maxFrameSize    the largest frame payload, in bytes as sent; a larger one closes with 1009
 * @param idleTimeout     how long the connection may receive nothing before the server closes it (1001);
 *                        zero for no limit
 * @param pingInterval    how often the server sends a ping to keep the connection (and proxies and NATs
 *                        on the way) alive; zero for never. A peer that answers counts as active for
 *                        {@code idleTimeout}, so that a connection on which only the server sends is
 *                        not taken for idle; a dead peer is still found by {@code idleTimeout}
 * @param closeTimeout    how long the server waits for the peer's close frame after sending its own
 * @param broadcastQueue  the most bytes of {@link SessionGroup} broadcasts that may wait for one session;
 *                        a session that falls further behind is disconnected
 * @param deflate         the permessage-deflate settings
 */
public record WebSocketOptions(List<String> allowedOrigins, List<String> subprotocols, long maxMessageSize,
                               long maxFrameSize, Duration idleTimeout, Duration pingInterval,
                               Duration closeTimeout, long broadcastQueue, Deflate deflate) {

    /** The default {@link #maxMessageSize()}: 1 MiB. */
    public static final long DEFAULT_MAX_MESSAGE_SIZE = 1024 * 1024;
    /** The default {@link #maxFrameSize()}: 1 MiB. */
    public static final long DEFAULT_MAX_FRAME_SIZE = 1024 * 1024;
    /** The default {@link #idleTimeout()}: 5 minutes. */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(5);
    /** The default {@link #pingInterval()}: 30 seconds. */
    public static final Duration DEFAULT_PING_INTERVAL = Duration.ofSeconds(30);
    /** The default {@link #closeTimeout()}: 5 seconds. */
    public static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(5);
    /** The default {@link #broadcastQueue()}: 1 MiB. */
    public static final long DEFAULT_BROADCAST_QUEUE = 1024 * 1024;

    private static final WebSocketOptions DEFAULTS = new WebSocketOptions(List.of(), List.of(),
            DEFAULT_MAX_MESSAGE_SIZE, DEFAULT_MAX_FRAME_SIZE, DEFAULT_IDLE_TIMEOUT, DEFAULT_PING_INTERVAL,
            DEFAULT_CLOSE_TIMEOUT, DEFAULT_BROADCAST_QUEUE, Deflate.DEFAULTS);

    /**
     * The permessage-deflate (RFC 7692) settings. A client's offer is accepted when {@code enabled};
     * the parameters it offers are honoured, and those below are added to the agreement.
     *
     * @param enabled                 whether compression is accepted when a client offers it
     * @param serverNoContextTakeover whether the server compresses each message on its own (less memory
     *                                kept between messages, less compression); always so when the client
     *                                asks
     * @param clientNoContextTakeover whether the client is asked to compress each message on its own
     * @param clientMaxWindowBits     the largest LZ77 window (8 to 15) the client may use, asked for when
     *                                the client offers {@code client_max_window_bits}
     */
    public record Deflate(boolean enabled, boolean serverNoContextTakeover, boolean clientNoContextTakeover,
                          int clientMaxWindowBits) {

        /** Compression accepted, context kept on both sides, window up to 15 bits. */
        public static final Deflate DEFAULTS = new Deflate(true, false, false, 15);

        /** Compression refused. */
        public static final Deflate DISABLED = new Deflate(false, false, false, 15);

        /**
         * Checks the values.
         *
         * @throws IllegalArgumentException if {@code clientMaxWindowBits} is not from 8 to 15
         */
        public Deflate {
            if (clientMaxWindowBits < 8 || clientMaxWindowBits > 15) {
                throw new IllegalArgumentException("clientMaxWindowBits must be from 8 to 15, not "
                        + clientMaxWindowBits);
            }
        }
    }

    /**
     * Checks and copies the values.
     *
     * @throws IllegalArgumentException if a size is not positive, a duration is negative, the close timeout
     *                                  is zero, or a subprotocol is not a token
     */
    public WebSocketOptions {
        allowedOrigins = List.copyOf(allowedOrigins);
        subprotocols = List.copyOf(subprotocols);
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(pingInterval, "pingInterval");
        Objects.requireNonNull(closeTimeout, "closeTimeout");
        Objects.requireNonNull(deflate, "deflate");
        if (maxMessageSize <= 0 || maxFrameSize <= 0 || broadcastQueue <= 0) {
            throw new IllegalArgumentException("maxMessageSize, maxFrameSize and broadcastQueue must be positive");
        }
        if (idleTimeout.isNegative() || pingInterval.isNegative() || closeTimeout.isNegative()
                || closeTimeout.isZero()) {
            throw new IllegalArgumentException("idleTimeout and pingInterval must be zero or more, closeTimeout"
                    + " more than zero");
        }
        for (String protocol : subprotocols) {
            if (!motor.spi.Headers.isToken(protocol)) {
                throw new IllegalArgumentException("a subprotocol must be a token: " + protocol);
            }
        }
    }

    /** {@return the built-in settings: same origin only, no subprotocol, 1 MiB messages and frames, 5 min idle, a ping every 30 s, compression accepted} */
    public static WebSocketOptions defaults() {
        return DEFAULTS;
    }

    /**
     * {@return a copy with other allowed origins}
     *
     * @param origins the origins, such as {@code https://app.example}, or {@code *}
     */
    public WebSocketOptions withAllowedOrigins(String... origins) {
        return new WebSocketOptions(List.of(origins), subprotocols, maxMessageSize, maxFrameSize, idleTimeout,
                pingInterval, closeTimeout, broadcastQueue, deflate);
    }

    /**
     * {@return a copy with other subprotocols}
     *
     * @param protocols the subprotocols, in order of preference
     */
    public WebSocketOptions withSubprotocols(String... protocols) {
        return new WebSocketOptions(allowedOrigins, List.of(protocols), maxMessageSize, maxFrameSize,
                idleTimeout, pingInterval, closeTimeout, broadcastQueue, deflate);
    }

    /**
     * {@return a copy with another message size limit}
     *
     * @param bytes the limit in bytes
     */
    public WebSocketOptions withMaxMessageSize(long bytes) {
        return new WebSocketOptions(allowedOrigins, subprotocols, bytes, maxFrameSize, idleTimeout,
                pingInterval, closeTimeout, broadcastQueue, deflate);
    }

    /**
     * {@return a copy with another frame size limit}
     *
     * @param bytes the limit in bytes
     */
    public WebSocketOptions withMaxFrameSize(long bytes) {
        return new WebSocketOptions(allowedOrigins, subprotocols, maxMessageSize, bytes, idleTimeout,
                pingInterval, closeTimeout, broadcastQueue, deflate);
    }

    /**
     * {@return a copy with another idle timeout}
     *
     * @param timeout the timeout; zero for none
     */
    public WebSocketOptions withIdleTimeout(Duration timeout) {
        return new WebSocketOptions(allowedOrigins, subprotocols, maxMessageSize, maxFrameSize, timeout,
                pingInterval, closeTimeout, broadcastQueue, deflate);
    }

    /**
     * {@return a copy with another ping interval}
     *
     * @param interval the interval; zero for no pings
     */
    public WebSocketOptions withPingInterval(Duration interval) {
        return new WebSocketOptions(allowedOrigins, subprotocols, maxMessageSize, maxFrameSize, idleTimeout,
                interval, closeTimeout, broadcastQueue, deflate);
    }

    /**
     * {@return a copy with another close timeout}
     *
     * @param timeout the timeout, more than zero
     */
    public WebSocketOptions withCloseTimeout(Duration timeout) {
        return new WebSocketOptions(allowedOrigins, subprotocols, maxMessageSize, maxFrameSize, idleTimeout,
                pingInterval, timeout, broadcastQueue, deflate);
    }

    /**
     * {@return a copy with another broadcast queue limit}
     *
     * @param bytes the limit in bytes
     */
    public WebSocketOptions withBroadcastQueue(long bytes) {
        return new WebSocketOptions(allowedOrigins, subprotocols, maxMessageSize, maxFrameSize, idleTimeout,
                pingInterval, closeTimeout, bytes, deflate);
    }

    /**
     * {@return a copy with other compression settings}
     *
     * @param settings the settings; {@link Deflate#DISABLED} to refuse compression
     */
    public WebSocketOptions withDeflate(Deflate settings) {
        return new WebSocketOptions(allowedOrigins, subprotocols, maxMessageSize, maxFrameSize, idleTimeout,
                pingInterval, closeTimeout, broadcastQueue, settings);
    }
}
