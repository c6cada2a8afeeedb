package motor.ext.websocket.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.HashMap;
import java.util.Objects;
import java.util.function.UnaryOperator;
import motor.ext.websocket.Listener;
import motor.ext.websocket.ListenerFactory;
import motor.ext.websocket.WebSocketOptions;
import motor.spi.Handler;
import motor.spi.Headers;
import motor.spi.HttpException;
import motor.spi.Method;
import motor.spi.Request;
import motor.spi.Response;
import motor.spi.Status;

/**
 * The handler behind {@code WebSocket.endpoint}: validates the opening handshake (RFC 6455 section 4.2.1),
 * answers 101 (section 4.2.2) and hands the connection to a {@link WebSocketConnection}.
 */
public final class EndpointHandler implements Handler {

    /**
     * The {@code websocket} section's settings, as the extension provides them to its server (found
     * through {@link Request#service}); a type of its own, so that no application service can be taken
     * for it.
     *
     * @param options the configured settings
     */
    public record Configured(WebSocketOptions options) {
    }

    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    private final WebSocketOptions options;
    private final UnaryOperator<WebSocketOptions> adjust;
    private final ListenerFactory factory;
    /** The last configured settings adjusted, and what they became: the same for every handshake. */
    private volatile WebSocketOptions[] lastAdjusted;

    /**
     * @param options the settings, or {@code null} for the configured ones
     * @param adjust  what to change in the configured settings, or {@code null}
     * @param factory makes the listeners
     */
    public EndpointHandler(WebSocketOptions options, UnaryOperator<WebSocketOptions> adjust, ListenerFactory factory) {
        this.options = options;
        this.adjust = adjust;
        this.factory = Objects.requireNonNull(factory, "factory");
    }

    private WebSocketOptions settings(Request request) {
        if (options != null) {
            return options;
        }
        WebSocketOptions configured = request.service(Configured.class).map(Configured::options)
                .orElseGet(WebSocketOptions::defaults);
        if (adjust == null) {
            return configured;
        }
        WebSocketOptions[] last = lastAdjusted;
        if (last != null && last[0] == configured) {
            return last[1];
        }
        WebSocketOptions adjusted = Objects.requireNonNull(adjust.apply(configured), "the adjusted options");
        lastAdjusted = new WebSocketOptions[] {configured, adjusted};
        return adjusted;
    }

    @Override
    public void handle(Request request, Response response) throws Exception {
        WebSocketOptions settings = settings(request);
        Headers headers = request.headers();
        if (!request.method().equals(Method.GET)) {
            throw new HttpException(Status.METHOD_NOT_ALLOWED, "a WebSocket handshake is a GET request")
                    .header("Allow", "GET");
        }
        if (!headers.containsToken("Upgrade", "websocket")) {
            throw new HttpException(426, "this resource is a WebSocket endpoint: send Upgrade: websocket")
                    // RFC 9110 section 7.8: an Upgrade field goes with the "upgrade" connection option
                    .header("Upgrade", "websocket").header("Connection", "Upgrade")
                    .header("Sec-WebSocket-Version", "13");
        }
        if (!"HTTP/1.1".equals(request.protocol())) {
            throw new HttpException(Status.BAD_REQUEST, "a WebSocket handshake needs HTTP/1.1");
        }
        if (!headers.containsToken("Connection", "upgrade")) {
            throw new HttpException(Status.BAD_REQUEST, "a WebSocket handshake needs Connection: Upgrade");
        }
        List<String> versions = headers.all("Sec-WebSocket-Version");
        if (versions.isEmpty()) {
            throw new HttpException(Status.BAD_REQUEST, "a WebSocket handshake needs Sec-WebSocket-Version");
        }
        if (versions.size() != 1 || !versions.get(0).trim().equals("13")) {
            throw new HttpException(426, "only WebSocket version 13 is supported")
                    .header("Sec-WebSocket-Version", "13");
        }
        List<String> keys = headers.all("Sec-WebSocket-Key");
        if (keys.size() != 1 || !validKey(keys.get(0).trim())) {
            throw new HttpException(Status.BAD_REQUEST,
                    "a WebSocket handshake needs one Sec-WebSocket-Key of 16 bytes in base64");
        }
        List<String> origins = headers.all("Origin");
        if (origins.size() > 1 || (origins.size() == 1
                && !Origins.allowed(origins.get(0).trim(), settings.allowedOrigins(), request.authority()))) {
            throw new HttpException(Status.FORBIDDEN, "this origin may not open a WebSocket here");
        }
        String subprotocol = chooseSubprotocol(headers.all("Sec-WebSocket-Protocol"), settings.subprotocols());
        DeflateNegotiation.Agreement deflate = DeflateNegotiation.negotiate(headers.all("Sec-WebSocket-Extensions"),
                settings.deflate());
        Listener listener = factory.create(request);
        if (listener == null) {
            throw new IllegalStateException("the ListenerFactory of " + request.path() + " returned null");
        }

        response.status(Status.SWITCHING_PROTOCOLS);
        Headers out = response.headers();
        out.set("Upgrade", "websocket");
        out.set("Connection", "Upgrade");
        out.set("Sec-WebSocket-Accept", accept(keys.get(0).trim()));
        if (subprotocol != null) {
            out.set("Sec-WebSocket-Protocol", subprotocol);
        }
        if (deflate != null) {
            out.set("Sec-WebSocket-Extensions", deflate.response());
        }
        WebSocketConnection.Handshake handshake = new WebSocketConnection.Handshake(request.path(), subprotocol,
                deflate, request.principal().orElse(null), new HashMap<>(request.attributes()));
        response.upgrade(connection -> new WebSocketConnection(connection, settings, listener, handshake).run());
    }

    /** {@return whether a key is 24 characters of base64 that decode to 16 bytes} */
    static boolean validKey(String key) {
        if (key.length() != 24 || !key.endsWith("==")) {
            return false;
        }
        try {
            return Base64.getDecoder().decode(key).length == 16;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** {@return the Sec-WebSocket-Accept value for a key (RFC 6455 section 4.2.2)} */
    static String accept(String key) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            byte[] digest = sha1.digest((key + GUID).getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is missing from the JDK", e);
        }
    }

    /**
     * Chooses the subprotocol: the first of the server's, in its order of preference, that the client
     * offered.
     *
     * @param offered the client's {@code Sec-WebSocket-Protocol} values, each a comma-separated list
     * @param spoken  the server's subprotocols
     * @return the choice, or {@code null}
     */
    static String chooseSubprotocol(List<String> offered, List<String> spoken) {
        if (offered.isEmpty() || spoken.isEmpty()) {
            return null;
        }
        for (String protocol : spoken) {
            for (String value : offered) {
                if (containsExactly(value, protocol)) {
                    return protocol;
                }
            }
        }
        return null;
    }

    /** Whether a comma-separated list holds {@code token}, compared case-sensitively (RFC 6455 section 4.1). */
    private static boolean containsExactly(String list, String token) {
        int start = 0;
        int length = list.length();
        while (start <= length) {
            int end = list.indexOf(',', start);
            if (end < 0) {
                end = length;
            }
            int a = start;
            int b = end;
            while (a < b && (list.charAt(a) == ' ' || list.charAt(a) == '\t')) {
                a++;
            }
            while (b > a && (list.charAt(b - 1) == ' ' || list.charAt(b - 1) == '\t')) {
                b--;
            }
            if (b - a == token.length() && list.startsWith(token, a)) {
                return true;
            }
            start = end + 1;
        }
        return false;
    }
}
