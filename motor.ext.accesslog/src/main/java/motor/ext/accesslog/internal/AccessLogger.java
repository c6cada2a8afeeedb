package motor.ext.accesslog.internal;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import motor.spi.Handler;
import motor.spi.Middleware;
import motor.spi.Request;
import motor.spi.Response;
import motor.spi.event.ResponseCompleted;

/**
 * Joins the two halves of a line. The {@link ResponseCompleted} event carries what the server knows for
 * every answer, its own error answers included (status, bytes, duration, address, request line), but no
 * request headers; this middleware, outermost, captures the headers and the authenticated user of each
 * request it sees under the request's id, and the event listener, which runs on the same thread right
 * after the exchange, takes them back when it writes the line. An event without captured fields (the
 * server answered before any middleware ran) is logged with what it carries.
 *
 * <p>Captures live only between the end of the middleware chain and the event, a few microseconds on
 * the same thread; {@link #MAX_PENDING} bounds them in case an event never comes (an {@link Error}
 * that ends the connection).
 */
final class AccessLogger implements Middleware {

    /** More pending captures than this means events went missing: they are dropped. */
    static final int MAX_PENDING = 65_536;

    /**
     * What the middleware saw of one request. {@code remote} is the request's {@code remoteAddress()}:
     * the client's, when the forwarded extension (which runs further out) replaced the proxy's.
     */
    record Captured(String remote, String userAgent, String referer, String user, List<String> headers) {
    }

    private final Settings settings;
    private final LineFormat format;
    private final LineWriter writer;
    private final InstantSource clock;
    private final boolean captureHeaders;
    private final ConcurrentMap<String, Captured> pending = new ConcurrentHashMap<>();

    AccessLogger(Settings settings, LineWriter writer, InstantSource clock) {
        this.settings = settings;
        this.format = new LineFormat(settings.format(), settings.headers());
        this.writer = writer;
        this.clock = clock;
        this.captureHeaders = settings.format() == Format.JSON && !settings.headers().isEmpty();
    }

    @Override
    public void handle(Request request, Response response, Handler next) throws Exception {
        if (settings.excluded(request.target())) {
            next.handle(request, response);
            return;
        }
        try {
            next.handle(request, response);
        } finally {
            // after the chain: the principal is set by then, and an inner failure still gets its line
            capture(request);
        }
    }

    private void capture(Request request) {
        String id = request.id();
        if (id == null) {
            return;
        }
        List<String> headers = List.of();
        if (captureHeaders) {
            String[] values = new String[settings.headers().size()];
            for (int i = 0; i < values.length; i++) {
                List<String> all = request.headers().all(settings.headers().get(i));
                values[i] = all.isEmpty() ? null : all.size() == 1 ? all.get(0) : String.join(", ", all);
            }
            headers = Arrays.asList(values);
        }
        String user = request.principal().map(p -> p.getName()).orElse(null);
        if (pending.size() >= MAX_PENDING) {
            pending.clear();
        }
        pending.put(id, new Captured(host(request.remoteAddress()), request.header("User-Agent"),
                request.header("Referer"), user, headers));
    }

    /** The {@link ResponseCompleted} listener: writes the line. */
    void completed(ResponseCompleted event) {
        Captured captured = event.requestId() == null ? null : pending.remove(event.requestId());
        if (settings.excluded(event.target()) || !writer.wanted()) {
            return;
        }
        long durationMillis = Math.max(0, event.durationNanos()) / 1_000_000;
        String remote = captured != null && captured.remote() != null ? captured.remote() : host(event.remote());
        Entry entry = new Entry(clock.millis() - durationMillis, remote,
                captured == null ? null : captured.user(), orNull(event.method()), orNull(event.target()),
                orNull(event.protocol()),
                event.status(), event.bodyBytes(), event.durationNanos(), event.requestId(),
                captured == null ? null : captured.userAgent(), captured == null ? null : captured.referer(),
                captured == null ? List.of() : captured.headers());
        writer.offer(format.format(entry));
    }

    /**
     * The server publishes answers it gave before a request existed (a malformed head: 400, 408, 431...)
     * with empty method, target and protocol: logged as unknown.
     */
    private static String orNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }

    /** {@return how many captures wait for their event; for tests} */
    int pending() {
        return pending.size();
    }

    static String host(SocketAddress address) {
        if (address instanceof InetSocketAddress inet) {
            return inet.getAddress() != null ? inet.getAddress().getHostAddress() : inet.getHostString();
        }
        return address == null ? null : address.toString();
    }
}
