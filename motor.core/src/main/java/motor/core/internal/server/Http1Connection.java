package motor.core.internal.server;

import java.io.EOFException;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import motor.core.Compliance;
import motor.core.internal.extension.Composition;
import motor.core.internal.http1.DateCache;
import motor.core.internal.http1.RequestHead;
import motor.core.internal.http1.RequestParser;
import motor.core.internal.http1.StatusLines;
import motor.spi.ErrorPage;
import motor.spi.Headers;
import motor.spi.HttpException;
import motor.spi.Status;
import motor.spi.event.ConnectionClosed;
import motor.spi.event.ConnectionOpened;
import motor.spi.event.RequestStarted;
import motor.spi.event.ResponseCompleted;
import motor.spi.transport.Connection;
import motor.spi.transport.ProtocolHandler;
import motor.spi.transport.Transport;
import motor.spi.transport.TransportWrapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection, served on its own virtual thread from accept to close.
 *
 * <pre>
 *  accept ─► HANDSHAKE (transport wrappers: TLS) ─► ALPN / prior-knowledge? ──yes──► other protocol ─┐
 *                                                        │ no                                        │
 *                       ┌────────────────────────────────┘                                           │
 *                       ▼                                                                            │
 *   ┌──────────► IDLE (no bytes of a next request) ──first byte──► HEAD (parse) ──complete──┐        │
 *   │                 │ idle timeout, shutdown, EOF                    │ error: 4xx/5xx      │        │
 *   │                 ▼                                                ▼                     ▼        │
 *   │               close ◄──────────── LINGER (drain input) ◄──── close-worthy        HANDLER        │
 *   │                 ▲                                                ▲          (middleware, route, │
 *   │                 │                                                │            handler, body)    │
 *   │                 └──── 101 + Response.upgrade ─► UPGRADED ────────┼────────────────┐            │
 *   │                                                                  │                │            │
 *   └──────── keep-alive: body drained, response complete ◄────────────┴── response ────┘  ◄─────────┘
 * </pre>
 *
 * <p>Reads fill one buffer that holds the request head (parsed in place) and whatever follows it: body
 * bytes, pipelined requests. Responses go into one output buffer that is flushed only before the
 * connection would block on a read, when it fills, or when a handler flushes, so that the responses to
 * a pipelined batch leave in one write. Timeouts are enforced from outside by the {@link Sweeper}
 * through the {@link Watch}.
 */
final class Http1Connection implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(Http1Connection.class);

    private static final int INITIAL_READ_BUFFER = 4096;
    private static final int OUTPUT_BUFFER = 8192;
    private static final int DETECTION_BYTES = 64;
    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] CONTINUE = "HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CONNECTION_CLOSE = "Connection: close\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CONNECTION_KEEP_ALIVE =
            "Connection: keep-alive\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CHUNKED = "Transfer-Encoding: chunked\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CONTENT_LENGTH = "Content-Length: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] LAST_CHUNK = "0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] COLON_SPACE = {':', ' '};

    private final Runtime rt;
    private final Settings settings;
    private final long id;
    private final String listener;
    private final Watch watch;
    private final SocketTransport socket;
    private final Runnable onClose;
    private final long openedAt;
    private volatile List<Runnable> drainActions;

    private Transport transport;
    private RequestParser parser;
    private byte[] serverLine;

    byte[] in;
    int inPos;
    int inEnd;
    private byte[] out;
    private int outPos;
    private long requests;
    /** The request's body framing can no longer be trusted, or the client must not send more: close. */
    boolean mustClose;
    /** Whether the current request is HTTP/1.0, which needs keep-alive spelt out. */
    boolean requestIsHttp10;
    /** A read or write failed: the client is gone, so nothing more is written. */
    boolean brokenTransport;
    /** A reusable buffer in which a streamed body waits until it is known whether it fits one write. */
    byte[] bodyBuffer;
    /** The composition the current request or protocol runs on; null between requests. */
    private volatile Composition inUse;
    /** The thread waits for the next request in {@link #waitForRequest()}, where it may be suspended. */
    private volatile boolean idleWaiting;

    Http1Connection(Runtime rt, SocketChannel channel, String listener, Runnable onClose, EventLoop loop)
            throws IOException {
        this.rt = rt;
        this.settings = rt.settings;
        this.id = rt.nextConnectionId();
        this.listener = listener;
        this.openedAt = rt.clock.nanos();
        this.watch = new Watch(openedAt);
        this.socket = new SocketTransport(channel, watch, rt.clock, loop, this);
        this.transport = socket;
        this.onClose = onClose;
    }

    long id() {
        return id;
    }

    boolean uses(Composition composition) {
        return inUse == composition;
    }

    Watch watch() {
        return watch;
    }

    /** {@return the extensions the current request runs with} */
    Composition composition() {
        return inUse;
    }

    SocketTransport socket() {
        return socket;
    }

    Settings settings() {
        return settings;
    }

    Runtime runtime() {
        return rt;
    }

    Transport transport() {
        return transport;
    }

    /**
     * Starts watching the socket; the connection gets a thread when its first bytes arrive. The acceptor
     * registered it in {@code rt.connections} before calling this.
     */
    void open() {
        if (rt.connectionOpened.active()) {
            rt.connectionOpened.publish(new ConnectionOpened(id, socket.remoteAddress(), socket.localAddress()));
        }
        socket.register(); // the header timeout runs from now until the first bytes (Watch starts in HANDSHAKE)
    }

    /** Called by the event loop: bytes arrived for a connection without a thread. */
    void resume() {
        THREADS.newThread(this).start();
    }

    private static final java.util.concurrent.ThreadFactory THREADS =
            Thread.ofVirtual().name("motor-connection").factory();

    /**
     * Serves the connection on the calling (virtual) thread until it ends, or until it has waited for its
     * next request long enough to give up the thread: then it returns, and {@link #resume()} continues
     * where it stopped.
     */
    @Override
    public void run() {
        boolean suspended = false;
        try {
            suspended = serve();
        } catch (ClosedChannelException e) {
            LOG.debug("connection {} closed under us ({})", id, reason());
        } catch (IOException e) {
            LOG.debug("connection {} failed: {}", id, e.toString());
        } catch (RuntimeException | Error e) {
            LOG.error("connection {} failed", id, e);
        } finally {
            if (!suspended) {
                if (!brokenTransport && outPos > 0) {
                    // complete responses (or the part of a body that went out) still go to the client
                    try {
                        flush();
                    } catch (IOException e) {
                        LOG.debug("connection {}: final flush failed: {}", id, e.toString());
                    }
                }
                closeQuietly();
                closed();
            }
        }
    }

    /** Closes a connection that has no thread (it never sent a byte, or it has been idle). */
    void closeWithoutThread() {
        if (socket.closeIfIdle()) {
            closeQuietly();
            closed();
        }
    }

    private void closed() {
        onClose.run();
        if (rt.connectionClosed.active()) {
            rt.connectionClosed.publish(new ConnectionClosed(id, requests, rt.clock.nanos() - openedAt));
        }
        // last: a stop waits for the set to empty, and must find every ConnectionClosed published then
        rt.connections.remove(this);
    }

    /**
     * Gives up the thread of a connection that has been waiting for its next request for a while; the
     * sweeper calls it. Only the plain socket can do this (a wrapped transport waits inside its own read).
     */
    void suspendIfIdle() {
        if (idleWaiting) {
            socket.requestSuspend();
        }
    }

    private String reason() {
        return switch (watch.expired) {
            case Watch.WRITE_TIMEOUT -> "write timeout";
            case Watch.HANDSHAKE_TIMEOUT -> "handshake timeout";
            case Watch.LINGER_DONE -> "linger done";
            case Watch.SHUTDOWN -> "shutdown";
            default -> "closed";
        };
    }

    /** Returns true when the connection gave up its thread and will be resumed. */
    private boolean serve() throws IOException {
        if (parser == null) {
            watch.phase(Watch.HANDSHAKE, rt.clock.nanos());
            in = new byte[INITIAL_READ_BUFFER];
            Composition composition = rt.composition();
            for (TransportWrapper wrapper : composition.wrappers()) {
                transport = wrapper.wrap(transport, listener);
            }
            if (!composition.protocols().isEmpty() && otherProtocol(composition)) {
                return false;
            }
            parser = new RequestParser(settings.maxTargetLength(), settings.maxHeaderSize(),
                    settings.maxHeaderCount(), settings.compliance());
        }
        while (true) {
            RequestHead head = readHead();
            if (head == SUSPENDED) {
                return true;
            }
            if (head == null) {
                return false;
            }
            if (!exchange(head)) {
                return false;
            }
        }
    }

    /** Marks a connection that gave up its thread while waiting for its next request. */
    private static final RequestHead SUSPENDED = new RequestHead("", "", "", null, "", 1, new Headers(1), 0,
            false, false, 0);

    // ---------------------------------------------------------------- protocol selection

    /** Hands the connection to a protocol chosen by ALPN or by its first bytes; true if one took it. */
    private boolean otherProtocol(Composition composition) throws IOException {
        String alpn = transport.applicationProtocol();
        if (alpn != null) {
            for (ProtocolHandler handler : composition.protocols()) {
                if (handler.applicationProtocols().contains(alpn)) {
                    runProtocol(handler, composition);
                    return true;
                }
            }
        }
        watch.phase(Watch.HEAD, rt.clock.nanos());
        while (true) {
            boolean needMore = false;
            if (inEnd > 0) {
                for (ProtocolHandler handler : composition.protocols()) {
                    ProtocolHandler.Detection detection = handler.detect(in, inEnd);
                    if (detection == ProtocolHandler.Detection.SUPPORTED) {
                        runProtocol(handler, composition);
                        return true;
                    }
                    needMore |= detection == ProtocolHandler.Detection.NEED_MORE;
                }
                if (!needMore || inEnd >= DETECTION_BYTES) {
                    return false;
                }
            }
            int n = transport.read(in, inEnd, DETECTION_BYTES - inEnd);
            if (n < 0) {
                return inEnd == 0; // a connection that closes without a byte is done either way
            }
            inEnd += n;
        }
    }

    private void runProtocol(ProtocolHandler handler, Composition composition) {
        runUpgraded(handler.name(), handler::serve, composition);
    }

    /** Runs another protocol on this connection until it ends, with the application of {@code composition}. */
    void runUpgraded(String name, motor.spi.transport.Upgrade body, Composition composition) {
        watch.phase(Watch.UPGRADED, rt.clock.nanos());
        inUse = composition;
        byte[] rest = Arrays.copyOfRange(in, inPos, inEnd);
        inPos = inEnd = 0;
        Connection connection = new UpgradedConnection(this, new PrefixedTransport(transport, rest),
                composition.application());
        try {
            body.run(connection);
        } catch (IOException e) {
            LOG.debug("{} on connection {} ended: {}", name, id, e.toString());
        } catch (Exception | LinkageError e) {
            LOG.error("{} on connection {} failed", name, id, e);
        }
    }

    void addDrainAction(Runnable action) {
        List<Runnable> actions = drainActions;
        if (actions == null) {
            synchronized (this) {
                if (drainActions == null) {
                    drainActions = new CopyOnWriteArrayList<>();
                }
                actions = drainActions;
            }
        }
        actions.add(action);
        if (rt.draining()) {
            action.run();
        }
    }

    /** Called when a graceful shutdown begins: idle connections end now, busy ones after their response. */
    void drain() {
        int phase = watch.phase;
        if (phase == Watch.IDLE) {
            Sweeper.expire(this, Watch.SHUTDOWN);
        } else if (phase == Watch.UPGRADED && drainActions != null) {
            for (Runnable action : drainActions) {
                try {
                    action.run();
                } catch (RuntimeException | LinkageError e) {
                    LOG.warn("drain action of connection {} failed", id, e);
                }
            }
        }
    }

    // ---------------------------------------------------------------- reading

    /** Reads and parses the next request head; null when the connection should end. */
    private RequestHead readHead() throws IOException {
        parser.reset();
        while (true) {
            if (inPos < inEnd) {
                if (watch.phase != Watch.HEAD) {
                    watch.phase(Watch.HEAD, rt.clock.nanos());
                }
                RequestHead head;
                try {
                    head = parser.parse(in, inPos, inEnd);
                } catch (HttpException e) {
                    LOG.debug("connection {}: bad request head: {}", id, e.getMessage());
                    failBeforeRequest(e.status(), e.getMessage(), e.headers());
                    return null;
                }
                if (head != null) {
                    inPos += head.length();
                    return head;
                }
            } else {
                inPos = inEnd = 0;
            }
            boolean idle = !parser.started();
            if (idle && rt.draining()) {
                flush();
                return null;
            }
            if (idle) {
                flush();
                watch.phase(Watch.IDLE, rt.clock.nanos());
                if (rt.draining()) {
                    return null; // drain() may have looked before we became idle
                }
            }
            int n;
            if (idle && (transport == socket || !transport.hasBufferedInput())) {
                n = waitForRequest();
                if (n == SUSPEND) {
                    return SUSPENDED;
                }
            } else {
                n = fill();
            }
            if (n < 0) {
                int expired = watch.expired;
                if (!idle && expired == Watch.SHUTDOWN) {
                    failBeforeRequest(Status.SERVICE_UNAVAILABLE, "server shutting down", null);
                } else if (!idle && expired != Watch.NONE) {
                    // the head timeout, or an idle timeout that raced the first bytes of a request
                    failBeforeRequest(Status.REQUEST_TIMEOUT, "request head not received in time", null);
                }
                return null;
            }
        }
    }

    /** What {@link #waitForRequest()} returns when the connection gave up its thread. */
    private static final int SUSPEND = -2;

    /**
     * Waits for the first bytes of the next request without trying a read first (a read now would almost
     * always find nothing), reads them, and gives up the thread if the sweeper asks.
     *
     * @return bytes read, -1 at the end of the stream, or {@link #SUSPEND}
     */
    private int waitForRequest() throws IOException {
        idleWaiting = true;
        try {
            while (true) {
                if (!socket.awaitReadable()) {
                    if (suspend()) {
                        return SUSPEND;
                    }
                }
                if (in == null) {
                    in = new byte[INITIAL_READ_BUFFER];
                }
                if (transport != socket) {
                    // a wrapper (TLS) turns the bytes that arrived into a request's first bytes; a partial
                    // record makes it wait for the rest, with the thread, as any read in a request would
                    idleWaiting = false;
                    int n = transport.read(in, inEnd, in.length - inEnd);
                    if (n > 0) {
                        inEnd += n;
                    }
                    return n;
                }
                int n = socket.readNow(in, inEnd, in.length - inEnd);
                if (n > 0) {
                    inEnd += n;
                    return n;
                }
                if (n < 0) {
                    return n;
                }
                // the readiness was stale (bytes that were read already): wait again
            }
        } finally {
            idleWaiting = false;
        }
    }

    /**
     * Drops the buffers and the thread of a connection idle for a while; the event loop starts a new
     * thread when the next request arrives. Buffers go first: once suspended, that new thread may run at
     * any moment. Returns false (and keeps going) when bytes arrived meanwhile.
     */
    private boolean suspend() {
        in = null;
        out = null;
        bodyBuffer = null;
        inPos = inEnd = 0;
        if (transport != socket) {
            transport.trim(); // nothing is held (waitForRequest is only used then) and nothing runs
        }
        return socket.suspend();
    }

    /** Reads more bytes after {@code inEnd}, flushing pending output first; -1 at end of stream. */
    int fill() throws IOException {
        flush();
        if (in == null) {
            in = new byte[INITIAL_READ_BUFFER];
        }
        if (inEnd == in.length) {
            if (inPos > 0) {
                System.arraycopy(in, inPos, in, 0, inEnd - inPos);
                inEnd -= inPos;
                inPos = 0;
            } else {
                int max = settings.maxHeadBuffer();
                if (in.length >= max) {
                    // the parser enforces the limits before the head outgrows this; a full buffer here
                    // holds body bytes that the body stream consumes before asking for more
                    throw new IllegalStateException("read buffer full");
                }
                in = Arrays.copyOf(in, Math.min(max, in.length * 2));
            }
        }
        int n = transport.read(in, inEnd, in.length - inEnd);
        if (n > 0) {
            inEnd += n;
        }
        return n;
    }

    // ---------------------------------------------------------------- one exchange

    /** Handles one request; returns whether the connection stays open for the next. */
    private boolean exchange(RequestHead head) throws IOException {
        requests++;
        long started = rt.clock.nanos();
        watch.phase(Watch.HANDLER, started);
        mustClose = false;
        requestIsHttp10 = head.minorVersion() == 0;
        Http1Request request = new Http1Request(this, head, requests);
        Http1Response response = new Http1Response(this, request);
        Composition composition = rt.composition();
        inUse = composition;
        if (rt.requestStarted.active()) {
            rt.requestStarted.publish(new RequestStarted(id, request.id(), head.method(), head.target()));
        }
        boolean goOn = true;
        try {
            composition.application().handle(request, response);
            response.finish();
        } catch (Throwable failure) {
            goOn = handleFailure(failure, request, response);
        } finally {
            watch.bodyReading = false;
        }
        if (rt.responseCompleted.active()) {
            rt.responseCompleted.publish(new ResponseCompleted(id, request.id(), socket.remoteAddress(),
                    head.method(), head.target(), head.protocol(), response.status(), response.bodyBytes(),
                    rt.clock.nanos() - started));
        }
        if (!goOn) {
            return false;
        }
        if (response.upgrade() != null) {
            flush();
            runUpgraded("upgrade", response.upgrade(), composition);
            return false;
        }
        inUse = null;
        if (!response.keepAlive() || mustClose) {
            lingeringClose();
            return false;
        }
        if (!request.finishBody()) {
            lingeringClose();
            return false;
        }
        return true;
    }

    /** Answers a handler's failure; returns whether the connection can go on. */
    private boolean handleFailure(Throwable failure, Http1Request request, Http1Response response)
            throws IOException {
        if (failure instanceof VirtualMachineError error && !(failure instanceof StackOverflowError)) {
            throw error; // out of memory, an internal JVM error: nothing sensible is left to do here
        }
        if (watch.expired == Watch.BODY_TIMEOUT) {
            failure = new HttpException(Status.REQUEST_TIMEOUT, "request body not received in time");
        }
        if (response.transportFailed() || brokenTransport) {
            LOG.debug("request {}: client went away: {}", request.id(), failure.toString());
            brokenTransport = true;
            return false;
        }
        int status;
        String message;
        Headers extra = null;
        Throwable trace = null;
        if (failure instanceof HttpException e) {
            status = e.status();
            message = e.getMessage();
            extra = e.headers();
            if (status >= 500 && e.getCause() != null) {
                // middleware that adds to every error (security headers, say) wraps a handler's failure
                // in an HttpException: it is still a failure, with its trace in the log
                trace = settings.developmentMode() ? e.getCause() : null;
                LOG.error("request {} {} {} failed", request.id(), request.method(), request.target(), e.getCause());
            } else if (status >= 500 && status != Status.NOT_IMPLEMENTED
                    && status != Status.HTTP_VERSION_NOT_SUPPORTED) {
                LOG.warn("request {} {} {}: {} {}", request.id(), request.method(), request.target(), status, message);
            } else {
                LOG.debug("request {}: {} {}", request.id(), status, message);
            }
            if (status == Status.REQUEST_TIMEOUT || status == Status.CONTENT_TOO_LARGE) {
                // the rest of the body is unwanted (or not coming): do not read it to keep the connection
                mustClose = true;
            }
        } else {
            status = Status.INTERNAL_SERVER_ERROR;
            message = null;
            trace = settings.developmentMode() ? failure : null;
            LOG.error("request {} {} {} failed", request.id(), request.method(), request.target(), failure);
        }
        if (response.complete()) {
            return true; // the failure came after a complete response: nothing for the client to know
        }
        if (response.committed()) {
            // The head is out: the only honest signal left is to end the body early and close.
            LOG.debug("request {}: response already committed, closing", request.id());
            response.abandon();
            return false;
        }
        ErrorPage page = ErrorPage.render(status, message, request.header("Accept"), request.id(), trace);
        try {
            response.sendError(status, extra, page);
        } catch (IOException e) {
            return false;
        }
        return true;
    }

    /** Answers a request whose head could not be parsed, then ends the connection. */
    private void failBeforeRequest(int status, String message, Headers extra) throws IOException {
        ErrorPage page = ErrorPage.render(status, message, null, null, null);
        Headers headers = extra == null ? new Headers(2) : extra.copy();
        Headers fromExtensions = rt.composition().registry().errorHeaders();
        for (int i = 0; i < fromExtensions.size(); i++) {
            if (!headers.contains(fromExtensions.name(i))) {
                headers.add(fromExtensions.name(i), fromExtensions.value(i));
            }
        }
        writeHead(status, headers, page.body().length, Framing.LENGTH, false, page.contentType());
        put(page.body(), 0, page.body().length);
        mustClose = true;
        flush();
        if (rt.responseCompleted.active()) {
            // no request exists: what would have been its id, and empty strings for what was not understood
            rt.responseCompleted.publish(new ResponseCompleted(id, Long.toString(id, 36) + "-" + (requests + 1),
                    socket.remoteAddress(), "", "", "", status, page.body().length, 0));
        }
        lingeringClose();
    }

    /**
     * Closes so that the client can read the response: half-close our side, then read and discard what
     * the client still sends until it closes too or the linger time ends (the sweeper ends the read).
     * Closing with unread input would make the kernel reset the connection, and a reset makes the client's
     * kernel drop what it has received and not yet handed over: the response, typically, of a client still
     * busy sending a body that was refused. So there is no byte limit here, only the time limit: what a
     * client sends in that time costs it as much as it costs us.
     */
    private void lingeringClose() throws IOException {
        flush();
        try {
            transport.shutdownOutput();
        } catch (IOException | UnsupportedOperationException e) {
            return;
        }
        watch.phase(Watch.LINGER, rt.clock.nanos());
        inPos = inEnd = 0;
        if (in == null) {
            in = new byte[INITIAL_READ_BUFFER];
        }
        while (transport.read(in, 0, in.length) >= 0) {
            // discarded
        }
    }

    private void closeQuietly() {
        try {
            transport.close();
        } catch (IOException | RuntimeException e) {
            LOG.debug("closing connection {} failed: {}", id, e.toString());
        }
        if (transport != socket) {
            try {
                socket.close();
            } catch (IOException e) {
                // already logged above if it mattered
            }
        }
    }

    // ---------------------------------------------------------------- writing

    /** How a response body is delimited. */
    enum Framing {
        /** No body: HEAD, 1xx, 204, 304, 101. */
        NONE,
        /** Content-Length. */
        LENGTH,
        /** Transfer-Encoding: chunked. */
        CHUNKED,
        /** The body ends when the connection closes (HTTP/1.0 without a length). */
        CLOSE
    }

    /**
     * Writes a response head into the output buffer.
     *
     * @param length      the Content-Length to send with {@link Framing#LENGTH}, else ignored; -1 to send
     *                    none even with LENGTH (HEAD with unknown length)
     * @param contentType a Content-Type to add, or null
     */
    void writeHead(int status, Headers headers, long length, Framing framing, boolean keepAlive, String contentType)
            throws IOException {
        put(StatusLines.of(status));
        boolean hasDate = false;
        boolean hasServer = false;
        boolean connectionHeader = false;
        for (int i = 0, n = headers.size(); i < n; i++) {
            String name = headers.name(i);
            if (isFramingHeader(name)) {
                continue;
            }
            if (Headers.equalsIgnoreCase(name, "Connection")) {
                if (status != Status.SWITCHING_PROTOCOLS && !keepAlive) {
                    continue; // replaced by our "close" below
                }
                connectionHeader = true;
            }
            hasDate |= Headers.equalsIgnoreCase(name, "Date");
            hasServer |= Headers.equalsIgnoreCase(name, "Server");
            putLatin1(name);
            put(COLON_SPACE);
            putLatin1(headers.value(i));
            put(CRLF);
        }
        if (contentType != null) {
            putLatin1("Content-Type: ");
            putLatin1(contentType);
            put(CRLF);
        }
        if (!hasDate) {
            put(DateCache.line());
        }
        if (!hasServer && serverLine() != null) {
            put(serverLine);
        }
        if (framing == Framing.LENGTH && length >= 0) {
            put(CONTENT_LENGTH);
            putDecimal(length);
            put(CRLF);
        } else if (framing == Framing.CHUNKED) {
            put(CHUNKED);
        }
        if (status != Status.SWITCHING_PROTOCOLS) {
            if (!keepAlive) {
                put(CONNECTION_CLOSE);
            } else if (!connectionHeader && requestIsHttp10) {
                put(CONNECTION_KEEP_ALIVE);
            }
        }
        put(CRLF);
    }

    private static boolean isFramingHeader(String name) {
        return Headers.equalsIgnoreCase(name, "Content-Length") || Headers.equalsIgnoreCase(name, "Transfer-Encoding");
    }

    private byte[] serverLine() {
        if (serverLine == null && !settings.serverHeader().isEmpty()) {
            serverLine = ("Server: " + settings.serverHeader() + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
        }
        return serverLine;
    }

    /** Writes an interim response and sends it at once. */
    void writeInterim(int status, Headers headers) throws IOException {
        put(StatusLines.of(status));
        for (int i = 0, n = headers.size(); i < n; i++) {
            putLatin1(headers.name(i));
            put(COLON_SPACE);
            putLatin1(headers.value(i));
            put(CRLF);
        }
        put(CRLF);
        flush();
    }

    void writeContinue() throws IOException {
        put(CONTINUE);
        flush();
    }

    /** Writes one chunk of a chunked body. */
    void writeChunk(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return;
        }
        putLatin1(Integer.toHexString(len));
        put(CRLF);
        writeRaw(b, off, len);
        put(CRLF);
    }

    void writeLastChunk() throws IOException {
        put(LAST_CHUNK);
    }

    /** Writes body bytes through the output buffer, or straight out after it when they do not fit. */
    void writeRaw(byte[] b, int off, int len) throws IOException {
        byte[] out = out();
        if (len <= out.length - outPos) {
            System.arraycopy(b, off, out, outPos, len);
            outPos += len;
            return;
        }
        try {
            if (outPos > 0) {
                ByteBuffer head = ByteBuffer.wrap(out, 0, outPos);
                outPos = 0;
                transport.write(head, ByteBuffer.wrap(b, off, len));
            } else {
                transport.write(b, off, len);
            }
        } catch (IOException e) {
            brokenTransport = true;
            throw e;
        }
    }

    /**
     * Writes a region of a file as body bytes. A region that fits behind what is buffered joins it, so a
     * small file leaves in one write with its head; a larger one goes from the file to a cleartext socket
     * without passing through the heap ({@code sendfile}), or through the output buffer on a wrapped
     * transport.
     */
    void writeFile(FileChannel file, long position, long count) throws IOException {
        byte[] out = out();
        if (count <= out.length - outPos) {
            readFully(file, ByteBuffer.wrap(out, outPos, (int) count), position);
            outPos += (int) count;
            return;
        }
        try {
            if (transport == socket) {
                flush();
                socket.transferFrom(file, position, count);
                return;
            }
            long done = 0;
            while (done < count) {
                if (outPos == out.length) {
                    flush();
                }
                int n = (int) Math.min(out.length - outPos, count - done);
                readFully(file, ByteBuffer.wrap(out, outPos, n), position + done);
                outPos += n;
                done += n;
            }
        } catch (IOException e) {
            brokenTransport = true;
            throw e;
        }
    }

    private static void readFully(FileChannel file, ByteBuffer into, long position) throws IOException {
        long at = position;
        while (into.hasRemaining()) {
            int n = file.read(into, at);
            if (n < 0) {
                throw new EOFException("the file ended " + into.remaining() + " bytes before the region did");
            }
            at += n;
        }
    }

    void flush() throws IOException {
        if (outPos > 0 && out != null) {
            int n = outPos;
            outPos = 0;
            try {
                transport.write(out, 0, n);
            } catch (IOException e) {
                brokenTransport = true;
                throw e;
            }
        }
    }

    private void put(byte[] bytes) throws IOException {
        put(bytes, 0, bytes.length);
    }

    private byte[] out() {
        if (out == null) {
            out = new byte[OUTPUT_BUFFER];
        }
        return out;
    }

    private void put(byte[] bytes, int off, int len) throws IOException {
        byte[] out = out();
        while (len > 0) {
            if (outPos == out.length) {
                flush();
            }
            int n = Math.min(len, out.length - outPos);
            System.arraycopy(bytes, off, out, outPos, n);
            outPos += n;
            off += n;
            len -= n;
        }
    }

    /** Writes a non-negative number in decimal, without making a string of it. */
    private void putDecimal(long value) throws IOException {
        byte[] out = out();
        if (out.length - outPos < 20) {
            flush();
        }
        if (value == 0) {
            out[outPos++] = '0';
            return;
        }
        int digits = 0;
        for (long v = value; v > 0; v /= 10) {
            digits++;
        }
        int end = outPos + digits;
        for (int i = end - 1; i >= outPos; i--) {
            out[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
        outPos = end;
    }

    private void putLatin1(String s) throws IOException {
        byte[] out = out();
        int length = s.length();
        int i = 0;
        while (i < length) {
            if (outPos == out.length) {
                flush();
            }
            int n = Math.min(length - i, out.length - outPos);
            for (int j = 0; j < n; j++) {
                out[outPos++] = (byte) s.charAt(i++);
            }
        }
    }

    boolean bareLf() {
        return settings.compliance().contains(Compliance.BARE_LF);
    }

    SocketAddress remoteAddress() {
        return transport.remoteAddress();
    }

    SocketAddress localAddress() {
        return transport.localAddress();
    }

    /** {@return the name of the listener that accepted this connection} */
    String listener() {
        return listener;
    }

    boolean secure() {
        return transport.secure();
    }
}
