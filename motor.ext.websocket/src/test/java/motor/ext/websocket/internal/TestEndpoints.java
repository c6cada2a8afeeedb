package motor.ext.websocket.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Reader;
import java.io.Writer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import motor.core.Server;
import motor.ext.websocket.Listener;
import motor.ext.websocket.Message;
import motor.ext.websocket.Session;
import motor.ext.websocket.SessionGroup;
import motor.ext.websocket.WebSocket;
import motor.ext.websocket.WebSocketOptions;
import motor.spi.HttpException;
import motor.spi.Status;

/** The endpoints the integration tests talk to. */
final class TestEndpoints {

    /** What /events saw, as strings such as "open", "text:hi", "ping:x", "close:1000:bye", "error:...". */
    static final BlockingQueue<String> EVENTS = new LinkedBlockingQueue<>();

    static final SessionGroup ROOM = new SessionGroup();

    /** A room whose members may fall only 64 KiB behind. */
    static final SessionGroup SLOW_ROOM = new SessionGroup();

    private TestEndpoints() {
    }

    /** Echoes text and binary messages whole. */
    static final Listener ECHO = new Listener() {
        @Override
        public void onText(Session session, String text) throws IOException {
            session.sendText(text);
        }

        @Override
        public void onBinary(Session session, byte[] data) throws IOException {
            session.sendBinary(data);
        }
    };

    /** Echoes every message as a stream, fragment by fragment, without holding it in memory. */
    static final Listener STREAM_ECHO = new Listener() {
        @Override
        public void onMessage(Session session, Message message) throws IOException {
            if (message.isText()) {
                try (Reader in = message.reader(); Writer out = session.sendTextStream()) {
                    in.transferTo(out);
                }
            } else {
                try (InputStream in = message.stream(); OutputStream out = session.sendBinaryStream()) {
                    in.transferTo(out);
                }
            }
        }
    };

    /** Eight threads send 50 messages each, every other one streamed in three flushed pieces; then close. */
    static void burst(Session session) {
        List<Thread> threads = new java.util.ArrayList<>();
        for (int t = 0; t < 8; t++) {
            int thread = t;
            threads.add(Thread.ofVirtual().start(() -> {
                try {
                    for (int i = 0; i < 50; i++) {
                        String text = "t" + thread + "-" + i + ":" + "x".repeat(i * 100);
                        if (i % 2 == 0) {
                            session.sendText(text);
                        } else {
                            try (Writer out = session.sendTextStream()) {
                                int third = text.length() / 3;
                                out.write(text, 0, third);
                                out.flush();
                                out.write(text, third, third);
                                out.flush();
                                out.write(text, 2 * third, text.length() - 2 * third);
                            }
                        }
                    }
                } catch (IOException e) {
                    EVENTS.add("burst failed: " + e);
                }
            }));
        }
        try {
            for (Thread thread : threads) {
                thread.join();
            }
            session.close(WebSocket.NORMAL_CLOSURE, "burst done");
        } catch (InterruptedException | IOException e) {
            EVENTS.add("burst failed: " + e);
        }
    }

    static Server.Builder configure(Server.Builder builder) {
        return builder.discoverExtensions(false)
                .extension(new WebSocketExtension())
                .config(Map.of("websocket", Map.of("maxMessageSize", "256KiB", "maxFrameSize", "128KiB",
                        "closeTimeout", "2s")))
                .routes(r -> {
                    r.get("/echo", WebSocket.endpoint(ECHO));
                    r.get("/stream", WebSocket.endpoint(WebSocketOptions.defaults().withMaxMessageSize(64L << 20)
                            .withMaxFrameSize(64L << 20), request -> STREAM_ECHO));
                    r.get("/plain", WebSocket.endpoint(WebSocketOptions.defaults().withDeflate(
                            WebSocketOptions.Deflate.DISABLED).withSubprotocols("chat.v2", "chat.v1"), request -> ECHO));
                    r.get("/cors", WebSocket.endpoint(WebSocketOptions.defaults()
                            .withAllowedOrigins("https://app.example"), request -> ECHO));
                    r.get("/refuse", WebSocket.endpoint(request -> {
                        throw new HttpException(Status.FORBIDDEN, "not you");
                    }));
                    r.get("/events", WebSocket.endpoint(request -> new Recorder()));
                    r.get("/room", WebSocket.endpoint(request -> new Listener() {
                        @Override
                        public void onOpen(Session session) {
                            ROOM.add(session);
                        }

                        @Override
                        public void onText(Session session, String text) {
                            ROOM.broadcast(text);
                        }

                        @Override
                        public void onClose(Session session, int code, String reason) {
                            ROOM.remove(session);
                        }
                    }));
                    r.get("/push", WebSocket.endpoint(request -> new Listener() {
                        @Override
                        public void onOpen(Session session) {
                            int count = Integer.parseInt(request.query().first("n"));
                            Thread.ofVirtual().start(() -> {
                                try {
                                    for (int i = 0; i < count; i++) {
                                        session.sendText(Integer.toString(i));
                                    }
                                    session.close(WebSocket.NORMAL_CLOSURE, "all sent");
                                } catch (IOException e) {
                                    EVENTS.add("push failed: " + e);
                                }
                            });
                        }
                    }));
                    r.get("/slowroom", WebSocket.endpoint(WebSocketOptions.defaults().withBroadcastQueue(64 * 1024),
                            request -> new Listener() {
                                @Override
                                public void onOpen(Session session) throws IOException {
                                    SLOW_ROOM.add(session);
                                    session.sendText("joined");
                                }
                            }));
                    r.get("/burst", WebSocket.endpoint(request -> new Listener() {
                        @Override
                        public void onOpen(Session session) {
                            Thread.ofVirtual().start(() -> burst(session));
                        }
                    }));
                    r.get("/ping", WebSocket.endpoint(WebSocketOptions.defaults()
                            .withPingInterval(java.time.Duration.ofMillis(20)), request -> ECHO));
                    r.get("/flushclose", WebSocket.endpoint(request -> new Listener() {
                        @Override
                        public void onText(Session session, String text) throws IOException {
                            // a streamed message whose last write was flushed before the close
                            try (Writer out = session.sendTextStream()) {
                                out.write(text);
                                out.flush();
                            }
                        }
                    }));
                    r.get("/closelater", WebSocket.endpoint(request -> new Listener() {
                        @Override
                        public void onOpen(Session session) {
                            // the close comes from another thread while the connection's thread has been
                            // waiting for a frame for longer than closeTimeout (2 s here)
                            Thread.ofVirtual().start(() -> {
                                try {
                                    Thread.sleep(3000);
                                    session.close(WebSocket.NORMAL_CLOSURE, "later");
                                } catch (InterruptedException | IOException e) {
                                    EVENTS.add("closelater failed: " + e);
                                }
                            });
                        }

                        @Override
                        public void onClose(Session session, int code, String reason) {
                            EVENTS.add("closelater:" + code + ":" + reason);
                        }
                    }));
                    r.get("/idle", WebSocket.endpoint(WebSocketOptions.defaults()
                            .withIdleTimeout(java.time.Duration.ofMillis(300)), request -> ECHO));
                });
    }

    /**
     * Records what happens; a text "close CODE REASON" makes the server close, "fail" makes the listener
     * throw, "ping" makes the server ping.
     */
    static final class Recorder implements Listener {
        @Override
        public void onOpen(Session session) {
            EVENTS.add("open");
        }

        @Override
        public void onText(Session session, String text) throws IOException {
            EVENTS.add("text:" + text);
            if (text.startsWith("close ")) {
                String[] parts = text.split(" ", 3);
                session.close(Integer.parseInt(parts[1]), parts.length > 2 ? parts[2] : "");
            } else if (text.equals("fail")) {
                throw new IllegalStateException("the listener failed on purpose");
            } else if (text.equals("ping")) {
                session.ping(new byte[] {'p'});
            } else {
                session.sendText(text);
            }
        }

        @Override
        public void onBinary(Session session, byte[] data) {
            EVENTS.add("binary:" + data.length);
        }

        @Override
        public void onPing(Session session, byte[] data) {
            EVENTS.add("ping:" + new String(data, java.nio.charset.StandardCharsets.UTF_8));
        }

        @Override
        public void onPong(Session session, byte[] data) {
            EVENTS.add("pong:" + new String(data, java.nio.charset.StandardCharsets.UTF_8));
        }

        @Override
        public void onClose(Session session, int code, String reason) {
            EVENTS.add("close:" + code + ":" + reason);
        }

        @Override
        public void onError(Session session, Throwable failure) {
            EVENTS.add("error:" + failure.getClass().getSimpleName());
        }
    }
}
