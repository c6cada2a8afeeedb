package motor.example.showcase.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Optional;
import motor.ext.sse.Sse;
import motor.ext.sse.SseEvent;
import motor.ext.websocket.Listener;
import motor.ext.websocket.Message;
import motor.ext.websocket.Session;
import motor.ext.websocket.WebSocket;
import motor.spi.Handler;
import motor.spi.HttpException;
import motor.spi.Request;
import motor.spi.Response;
import motor.spi.Routes;
import motor.spi.Status;

/**
 * The real-time routes:
 * <ul>
 *   <li>{@code GET /sse/count?n=N&interval_ms=I}: N server-sent events with {@code id: i} and
 *       {@code data: i}, I milliseconds apart, from 1 (or from k+1 after {@code Last-Event-ID: k}); then
 *       the stream ends, and a reconnection with nothing left gets 204, which tells a browser's
 *       EventSource to stop;</li>
 *   <li>{@code GET /ws/echo}: a WebSocket that echoes every message, text as text and binary as binary,
 *       up to 16 MiB, from any origin (permessage-deflate accepted when the client offers it);</li>
 *   <li>{@code GET /realtime}: a page that opens both from a browser and shows what arrives.</li>
 * </ul>
 */
final class RealtimeRoutes {

    static final int MAX_EVENTS = 1000;
    static final int MAX_INTERVAL_MILLIS = 10_000;
    static final long ECHO_MAX_MESSAGE = 16L << 20;

    private RealtimeRoutes() {
    }

    static void install(Routes routes) {
        routes.get("/sse/count", RealtimeRoutes::count);
        // a public echo: any origin (it reads no cookies and holds nothing), and messages up to 16 MiB as
        // conformance suites send them; binary ones are streamed back in bounded memory
        routes.get("/ws/echo", WebSocket.endpoint(options -> options.withAllowedOrigins("*")
                .withMaxMessageSize(ECHO_MAX_MESSAGE).withMaxFrameSize(ECHO_MAX_MESSAGE), request -> new Listener() {
                    @Override
                    public void onMessage(Session session, Message message) throws IOException {
                        if (message.isText()) {
                            // whole, so that invalid UTF-8 is refused (1007) before anything is echoed
                            session.sendText(message.text());
                        } else {
                            try (InputStream in = message.stream(); OutputStream out = session.sendBinaryStream()) {
                                in.transferTo(out);
                            }
                        }
                    }
                }));
        routes.get("/realtime", resource("realtime.html", "text/html; charset=utf-8"));
        routes.get("/realtime.js", resource("realtime.js", "text/javascript; charset=utf-8"));
    }

    private static void count(Request request, Response response) throws Exception {
        int n = ShowcaseExtension.intParameter(request, "n", 10, 1, MAX_EVENTS);
        int interval = ShowcaseExtension.intParameter(request, "interval_ms", 1000, 0, MAX_INTERVAL_MILLIS);
        Optional<String> last = Sse.lastEventId(request); // 400 when malformed
        int first = last.isEmpty() ? 1 : lastCount(last.get(), n) + 1;
        if (first > n) {
            response.status(Status.NO_CONTENT).send(new byte[0]);
            return;
        }
        Sse.stream(request, response, emitter -> {
            for (int i = first; i <= n; i++) {
                // waiting on the emitter ends at once when the client goes or the server stops
                if (i > first && emitter.awaitClose(Duration.ofMillis(interval))) {
                    return;
                }
                String text = Integer.toString(i);
                if (!emitter.send(new SseEvent(null, text, text, null))) {
                    return;
                }
            }
        });
    }

    /** The count a {@code Last-Event-ID} names: a whole number from 0 to {@code n}. */
    static int lastCount(String id, int n) {
        if (!id.isEmpty() && id.length() <= 9 && id.chars().allMatch(c -> c >= '0' && c <= '9')) {
            int value = Integer.parseInt(id);
            if (value <= n) {
                return value;
            }
        }
        throw new HttpException(Status.BAD_REQUEST, "Last-Event-ID must be a whole number from 0 to " + n);
    }

    /** Serves a file of this package, read once. */
    private static Handler resource(String name, String type) {
        byte[] body;
        try (InputStream in = RealtimeRoutes.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("the showcase jar lacks " + name);
            }
            body = in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + name + " from the showcase jar", e);
        }
        return (request, response) -> {
            response.headers().set("Content-Type", type);
            response.headers().set("Cache-Control", "no-cache");
            response.send(body);
        };
    }
}
