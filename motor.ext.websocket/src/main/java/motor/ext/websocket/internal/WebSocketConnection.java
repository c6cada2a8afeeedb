package motor.ext.websocket.internal;

import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import motor.ext.websocket.Listener;
import motor.ext.websocket.Session;
import motor.ext.websocket.WebSocket;
import motor.ext.websocket.WebSocketException;
import motor.ext.websocket.WebSocketOptions;
import motor.spi.transport.Connection;
import motor.spi.transport.Transport;

/**
 * One WebSocket connection after the 101: the read loop on the connection's virtual thread, and the
 * {@link Session} that any thread sends through.
 *
 * <pre>
 *   OPEN ── onOpen ──► read frame ─┬─ data ──► onMessage(Message) ──► skip the unread rest ──► read frame
 *                                  ├─ ping ──► pong, onPing ─────────────────────────────────► read frame
 *                                  ├─ pong ──► onPong ───────────────────────────────────────► read frame
 *                                  ├─ close ─► echo it (unless we sent ours) ─────────────────► onClose, end
 *                                  ├─ protocol error ─► close 1002/1007/1009, linger ─► onError, onClose, end
 *                                  └─ end of stream (peer gone, idle timeout) ─► close 1001 if possible ─► onClose(1006)
 *   Session.close (any thread) ──► close frame sent ──► read on (messages dropped) until the peer's close
 *                                                      or closeTimeout
 * </pre>
 *
 * <p>Sending uses two locks, never {@code synchronized}: a permit for the whole of a data message (so that
 * messages, streamed ones included, never interleave; a semaphore, since a stream may be closed on another
 * thread than the one that opened it) and a lock per frame (so that control frames can go between the
 * fragments of a message). Writes are direct and blocking: that is the backpressure.
 */
final class WebSocketConnection implements Session {

    private static final System.Logger LOG = System.getLogger("motor.ext.websocket");
    private static final byte[] EMPTY = new byte[0];
    private static final int STREAM_BUFFER = 16 * 1024;
    private static final long LINGER_BYTES = 1024 * 1024;

    /**
     * What the handshake agreed, for the connection.
     *
     * @param path        the request path
     * @param subprotocol the chosen subprotocol or null
     * @param deflate     the compression agreement or null
     * @param principal   the authenticated user or null
     * @param attributes  the request's attributes
     */
    record Handshake(String path, String subprotocol, DeflateNegotiation.Agreement deflate,
                     java.security.Principal principal, Map<String, Object> attributes) {
    }

    private final Connection connection;
    private final Transport transport;
    private final WebSocketOptions options;
    private final Listener listener;
    private final Handshake handshake;
    private final Map<String, Object> attributes = new ConcurrentHashMap<>();

    private final Semaphore messagePermit = new Semaphore(1);
    private volatile Thread messageOwner;
    private final ReentrantLock frameLock = new ReentrantLock();
    private final byte[] head = new byte[Frames.MAX_HEAD];
    private final AtomicBoolean closeSent = new AtomicBoolean();
    private volatile boolean ended;
    /** Guarded by the message permit. */
    private Deflater deflater;

    private final ReentrantLock queueLock = new ReentrantLock();
    private final ArrayDeque<byte[]> queue = new ArrayDeque<>();
    private long queuedBytes;
    private boolean draining;

    /** System.nanoTime by which the peer must have answered our close frame; 0 until one was sent. */
    private volatile long closeDeadline;
    /** System.nanoTime when the read in progress began; 0 when none is. */
    private volatile long readStart;

    private boolean closeReceived;
    private int peerCode = WebSocket.ABNORMAL;
    private String peerReason = "";
    private Thread pinger;

    WebSocketConnection(Connection connection, WebSocketOptions options, Listener listener, Handshake handshake) {
        this.connection = connection;
        this.transport = connection.transport();
        this.options = options;
        this.listener = listener;
        this.handshake = handshake;
        handshake.attributes().forEach((key, value) -> {
            if (key != null && value != null) {
                attributes.put(key, value);
            }
        });
    }

    // ------------------------------------------------------------------ the read loop

    /** Serves the connection until it ends; runs on the connection's thread. */
    void run() {
        DeflateNegotiation.Agreement agreement = handshake.deflate();
        FrameReader frames = new FrameReader(this::read, options.maxFrameSize(), agreement != null, 16 * 1024);
        Inflater inflater = agreement != null ? new Inflater(true) : null;
        IncomingMessage message = new IncomingMessage(this, frames, options.maxMessageSize(), inflater,
                agreement != null && agreement.clientNoContextTakeover());
        connection.idleTimeout(options.idleTimeout());
        // on a thread of its own: a close that waits behind a stuck write must not hold up the server's
        // drain actions for the other connections
        connection.onDrain(() -> Thread.ofVirtual().name("websocket-drain-" + connection.id())
                .start(() -> closeQuietly(WebSocket.GOING_AWAY, "server shutting down")));
        int code = WebSocket.ABNORMAL;
        String reason = "";
        Throwable failure = null;
        boolean lingerAfterClose = false;
        try {
            startPinger();
            try {
                listener.onOpen(this);
            } catch (Exception e) {
                throw new ListenerFailure(e);
            }
            while (true) {
                if (!frames.next()) {
                    closeQuietly(WebSocket.GOING_AWAY, ""); // idle timeout, or the peer left without a close
                    break;
                }
                int opcode = frames.opcode();
                if (opcode >= FrameReader.CLOSE) {
                    if (handleControl(frames)) {
                        break;
                    }
                    continue;
                }
                message.begin(opcode == FrameReader.TEXT, frames.rsv1());
                if (!closeSent.get()) {
                    try {
                        listener.onMessage(this, message.view());
                    } catch (Exception e) {
                        if (message.failure() == null) {
                            throw new ListenerFailure(e);
                        }
                        // the listener met the message's own failure, which finish() reports
                    }
                }
                message.finish();
            }
            if (closeReceived) {
                code = peerCode;
                reason = peerReason;
            }
        } catch (PeerClosed e) {
            code = peerCode;
            reason = peerReason;
        } catch (ListenerFailure e) {
            failure = e.getCause();
            code = WebSocket.INTERNAL_ERROR;
            fail(code, "");
        } catch (WebSocketException e) {
            failure = e;
            code = e.code();
            reason = e.getMessage();
            fail(code, reason);
        } catch (EOFException e) {
            // the peer went away (or the idle timeout struck) in the middle of a frame
            code = WebSocket.ABNORMAL;
            closeQuietly(WebSocket.GOING_AWAY, "");
        } catch (IOException e) {
            failure = e; // the connection broke
        } catch (RuntimeException | LinkageError e) {
            failure = e;
            code = WebSocket.INTERNAL_ERROR;
            fail(code, "");
        } finally {
            if (closeSent.get() && !ended) {
                lingerAfterClose = true;
            }
            ended = true;
            if (pinger != null) {
                pinger.interrupt();
            }
            if (inflater != null) {
                inflater.end();
            }
            endDeflater();
        }
        if (failure != null) {
            try {
                listener.onError(this, failure);
            } catch (RuntimeException | LinkageError e) {
                LOG.log(System.Logger.Level.WARNING, "WebSocket listener's onError failed", e);
            }
        }
        try {
            listener.onClose(this, code, reason);
        } catch (Exception | LinkageError e) {
            LOG.log(System.Logger.Level.WARNING, "WebSocket listener's onClose failed", e);
        }
        if (lingerAfterClose) {
            linger();
        }
    }

    /**
     * Handles the control frame whose head was just read.
     *
     * @return whether it was a close frame
     */
    boolean handleControl(FrameReader frames) throws IOException {
        int opcode = frames.opcode();
        byte[] payload = frames.readSmallPayload();
        switch (opcode) {
            case FrameReader.PING -> {
                if (!closeSent.get()) {
                    writeFrame(true, false, FrameReader.PONG, payload, 0, payload.length);
                }
                try {
                    listener.onPing(this, payload);
                } catch (Exception e) {
                    throw new ListenerFailure(e);
                }
                return false;
            }
            case FrameReader.PONG -> {
                try {
                    listener.onPong(this, payload);
                } catch (Exception e) {
                    throw new ListenerFailure(e);
                }
                return false;
            }
            default -> {
                receiveClose(payload);
                return true;
            }
        }
    }

    /** Reads the peer's close frame (RFC 6455 section 5.5.1) and answers it with ours. */
    private void receiveClose(byte[] payload) throws IOException {
        if (payload.length == 1) {
            throw new WebSocketException(WebSocket.PROTOCOL_ERROR, "a close frame with a one-byte payload");
        }
        int code = WebSocket.NO_STATUS;
        String reason = "";
        if (payload.length >= 2) {
            code = ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF);
            if (!CloseCodes.receivable(code)) {
                throw new WebSocketException(WebSocket.PROTOCOL_ERROR, "close code " + code + " is not allowed");
            }
            try {
                reason = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(payload, 2, payload.length - 2)).toString();
            } catch (CharacterCodingException e) {
                throw new WebSocketException(WebSocket.INVALID_DATA, "the close reason is not UTF-8");
            }
        }
        closeReceived = true;
        peerCode = code;
        peerReason = reason;
        if (closeSent.compareAndSet(false, true)) {
            // echo the status (RFC 6455 section 5.5.1); a close without status is answered without one
            byte[] echo = code == WebSocket.NO_STATUS ? EMPTY : new byte[] {payload[0], payload[1]};
            try {
                writeFrame(true, false, FrameReader.CLOSE, echo, 0, echo.length);
            } catch (IOException e) {
                LOG.log(System.Logger.Level.DEBUG, "WebSocket close echo failed: {0}", e.toString());
            }
        }
    }

    /** The read ended because the peer's close frame arrived inside a fragmented message. */
    static final class PeerClosed extends IOException {
        private static final long serialVersionUID = 1L;

        PeerClosed() {
            super("the peer closed the connection", null);
        }
    }

    /** A listener method called from inside a message read failed. */
    static final class ListenerFailure extends IOException {
        private static final long serialVersionUID = 1L;

        ListenerFailure(Exception cause) {
            super("a WebSocket listener failed", cause);
        }
    }

    /**
     * Reads from the transport. Once our close frame went out, the peer has {@code closeTimeout} in all to
     * answer: each read may wait only for what is left of it, so a peer that keeps sending (messages after
     * our close, bytes while we linger) cannot hold the connection open.
     */
    private int read(byte[] buffer, int offset, int length) throws IOException {
        long deadline = closeDeadline;
        if (deadline != 0) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return -1;
            }
            connection.idleTimeout(Duration.ofNanos(left));
        }
        readStart = System.nanoTime();
        try {
            return transport.read(buffer, offset, length);
        } finally {
            readStart = 0;
        }
    }

    /**
     * Starts the wait for the peer's answer to our close frame. The server's idle timeout counts from the
     * start of the read in progress, which may have waited long already (the close came from another
     * thread): that read is given the time it waited plus {@code closeTimeout}, or it would end at once.
     */
    private void startCloseTimer() {
        long timeout = options.closeTimeout().toNanos();
        long now = System.nanoTime();
        closeDeadline = (now + timeout) | 1; // never 0
        long start = readStart;
        connection.idleTimeout(Duration.ofNanos(start != 0 ? now - start + timeout : timeout));
    }

    /** Fails the connection (RFC 6455 section 7.1.7): our close frame with the code, if none went yet. */
    private void fail(int code, String reason) {
        if (closeSent.compareAndSet(false, true)) {
            startCloseTimer();
            byte[] payload = CloseCodes.payload(code, shorten(reason));
            try {
                writeFrame(true, false, FrameReader.CLOSE, payload, 0, payload.length);
            } catch (IOException e) {
                LOG.log(System.Logger.Level.DEBUG, "WebSocket close frame not sent: {0}", e.toString());
            }
        }
    }

    /** A reason cut to the 123 bytes a close frame holds (our own messages are ASCII). */
    private static String shorten(String reason) {
        return reason.length() > 123 ? reason.substring(0, 123) : reason;
    }

    /**
     * Ends our side after our close frame went out: a FIN, then what the peer still sends is read and
     * dropped until it closes too, until closeTimeout after our close frame and for a bounded number of bytes.
     * Closing at once with unread bytes would make TCP send a reset, which can destroy the close frame
     * before the peer reads it (RFC 6455 section 7.1.1 has the server close first, this way).
     */
    private void linger() {
        try {
            if (closeDeadline == 0) {
                startCloseTimer();
            }
            transport.shutdownOutput();
            byte[] sink = new byte[8192];
            long total = 0;
            int n;
            while (total < LINGER_BYTES && (n = read(sink, 0, sink.length)) >= 0) {
                total += n;
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "WebSocket linger ended: {0}", e.toString());
        }
    }

    private void startPinger() {
        long interval = options.pingInterval().toMillis();
        if (interval <= 0) {
            return;
        }
        pinger = Thread.ofVirtual().name("websocket-ping-" + connection.id()).start(() -> {
            long count = 0;
            try {
                while (!ended && !closeSent.get()) {
                    Thread.sleep(interval);
                    if (ended || closeSent.get()) {
                        return;
                    }
                    byte[] payload = Long.toString(++count).getBytes(StandardCharsets.US_ASCII);
                    writeFrame(true, false, FrameReader.PING, payload, 0, payload.length);
                }
            } catch (InterruptedException | IOException e) {
                // the connection ended
            }
        });
    }

    // ------------------------------------------------------------------ sending

    /** Writes one frame; the caller holds the message permit for data frames. */
    void writeFrame(boolean fin, boolean rsv1, int opcode, byte[] payload, int offset, int length)
            throws IOException {
        frameLock.lock();
        try {
            if (opcode != FrameReader.CLOSE && closeSent.get()) {
                throw new IOException("the WebSocket is closed");
            }
            if (ended) {
                throw new IOException("the WebSocket connection has ended");
            }
            int h = Frames.head(head, fin, rsv1, opcode, length);
            transport.write(ByteBuffer.wrap(head, 0, h), ByteBuffer.wrap(payload, offset, length));
        } finally {
            frameLock.unlock();
        }
    }

    /** Writes a whole frame encoded beforehand (a broadcast). */
    private void writeEncoded(byte[] frame) throws IOException {
        frameLock.lock();
        try {
            if (closeSent.get() || ended) {
                throw new IOException("the WebSocket is closed");
            }
            transport.write(frame, 0, frame.length);
        } finally {
            frameLock.unlock();
        }
    }

    void acquireMessage() throws IOException {
        if (messageOwner == Thread.currentThread()) {
            throw new IllegalStateException("this thread has a streamed message open on this session; close it first");
        }
        if (!isOpen()) {
            throw new IOException("the WebSocket is closed");
        }
        try {
            messagePermit.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while waiting to send");
        }
        messageOwner = Thread.currentThread();
    }

    void releaseMessage() {
        if (deflater != null && pooledDeflater()) {
            DeflaterPool.give(deflater);
            deflater = null;
        }
        messageOwner = null;
        messagePermit.release();
    }

    /**
     * Whether the compressor is borrowed per message: without context takeover nothing of it outlives a
     * message, so the memory is needed only while a message is being sent, not for the connection's life.
     */
    private boolean pooledDeflater() {
        DeflateNegotiation.Agreement agreement = handshake.deflate();
        return agreement.serverNoContextTakeover() && agreement.serverMaxWindowBits() == 15;
    }

    /** Sends a whole data message, compressed when permessage-deflate was agreed. */
    private void sendMessage(int opcode, byte[] data, int offset, int length) throws IOException {
        acquireMessage();
        try {
            DeflateNegotiation.Agreement agreement = handshake.deflate();
            if (agreement != null && length > 0) {
                Deflater compressor = deflater();
                compressor.setInput(data, offset, length);
                Chunk out = new Chunk(length / 2 + 64);
                out.drain(compressor, Deflater.SYNC_FLUSH);
                out.stripTail();
                if (agreement.serverNoContextTakeover()) {
                    compressor.reset();
                }
                writeFrame(true, true, opcode, out.bytes, 0, out.length);
            } else {
                writeFrame(true, false, opcode, data, offset, length);
            }
        } finally {
            releaseMessage();
        }
    }

    /**
     * The compressor for the message being sent: the connection's own, made on first use, or one borrowed
     * from the pool until the message ends. The caller holds the message permit.
     */
    Deflater deflater() {
        if (deflater == null && pooledDeflater()) {
            deflater = DeflaterPool.borrow();
        } else if (deflater == null) {
            deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
            if (handshake.deflate().serverMaxWindowBits() < 15) {
                // The JDK's Deflater always uses a 32 KiB window; without back-references any window fits.
                deflater.setStrategy(Deflater.HUFFMAN_ONLY);
                // The JDK applies new parameters in a deflate call of their own, which does no flush:
                // make that call now, while there is no input, so that every later call compresses.
                deflater.deflate(new byte[16], 0, 16, Deflater.NO_FLUSH);
            }
        }
        return deflater;
    }

    private void endDeflater() {
        if (messagePermit.tryAcquire()) {
            try {
                if (deflater != null) {
                    deflater.end();
                    deflater = null;
                }
            } finally {
                messagePermit.release();
            }
        }
    }

    DeflateNegotiation.Agreement agreement() {
        return handshake.deflate();
    }

    /**
     * Queues an encoded frame of a broadcast, sent by a short-lived virtual thread so that the broadcaster
     * never waits for this peer.
     *
     * @return false if the session is closed or fell too far behind (then it is disconnected)
     */
    boolean enqueue(byte[] frame) {
        if (!isOpen()) {
            return false;
        }
        boolean start = false;
        boolean tooSlow = false;
        queueLock.lock();
        try {
            // an empty queue takes any message, so one message larger than the limit drops nobody
            if (queuedBytes > 0 && queuedBytes + frame.length > options.broadcastQueue()) {
                tooSlow = true;
            } else {
                queue.add(frame);
                queuedBytes += frame.length;
                if (!draining) {
                    draining = true;
                    start = true;
                }
            }
        } finally {
            queueLock.unlock();
        }
        if (tooSlow) {
            abort();
            return false;
        }
        if (start) {
            Thread.ofVirtual().name("websocket-broadcast-" + connection.id()).start(this::drainQueue);
        }
        return true;
    }

    private void drainQueue() {
        while (true) {
            byte[] frame;
            queueLock.lock();
            try {
                frame = queue.poll();
                if (frame == null) {
                    draining = false;
                    return;
                }
                queuedBytes -= frame.length;
            } finally {
                queueLock.unlock();
            }
            try {
                acquireMessage();
                try {
                    writeEncoded(frame);
                } finally {
                    releaseMessage();
                }
            } catch (IOException e) {
                queueLock.lock();
                try {
                    queue.clear();
                    queuedBytes = 0;
                    draining = false;
                } finally {
                    queueLock.unlock();
                }
                return;
            }
        }
    }

    /** Drops the connection at once: the peer is too slow or gone. */
    void abort() {
        ended = true;
        try {
            transport.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "WebSocket abort: {0}", e.toString());
        }
    }

    private void closeQuietly(int code, String reason) {
        try {
            close(code, reason);
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "WebSocket close failed: {0}", e.toString());
        }
    }

    // ------------------------------------------------------------------ Session

    @Override
    public long id() {
        return connection.id();
    }

    @Override
    public String path() {
        return handshake.path();
    }

    @Override
    public String subprotocol() {
        return handshake.subprotocol();
    }

    @Override
    public String extensions() {
        return handshake.deflate() == null ? "" : handshake.deflate().response();
    }

    @Override
    public SocketAddress remoteAddress() {
        return transport.remoteAddress();
    }

    @Override
    public Optional<java.security.Principal> principal() {
        return Optional.ofNullable(handshake.principal());
    }

    @Override
    public Map<String, Object> attributes() {
        return attributes;
    }

    @Override
    public boolean isOpen() {
        return !closeSent.get() && !ended;
    }

    @Override
    public void sendText(CharSequence text) throws IOException {
        byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
        sendMessage(FrameReader.TEXT, bytes, 0, bytes.length);
    }

    @Override
    public void sendBinary(byte[] data) throws IOException {
        sendMessage(FrameReader.BINARY, data, 0, data.length);
    }

    @Override
    public void sendBinary(ByteBuffer data) throws IOException {
        if (data.hasArray()) {
            sendMessage(FrameReader.BINARY, data.array(), data.arrayOffset() + data.position(), data.remaining());
            data.position(data.limit());
        } else {
            byte[] copy = new byte[data.remaining()];
            data.get(copy);
            sendMessage(FrameReader.BINARY, copy, 0, copy.length);
        }
    }

    @Override
    public OutputStream sendBinaryStream() throws IOException {
        return new MessageOutput(this, FrameReader.BINARY, STREAM_BUFFER);
    }

    @Override
    public Writer sendTextStream() throws IOException {
        return new OutputStreamWriter(new MessageOutput(this, FrameReader.TEXT, STREAM_BUFFER), StandardCharsets.UTF_8);
    }

    @Override
    public void ping(byte[] data) throws IOException {
        checkControl(data);
        writeFrame(true, false, FrameReader.PING, data, 0, data.length);
    }

    @Override
    public void pong(byte[] data) throws IOException {
        checkControl(data);
        writeFrame(true, false, FrameReader.PONG, data, 0, data.length);
    }

    private static void checkControl(byte[] data) {
        if (data.length > 125) {
            throw new IllegalArgumentException("a control frame carries at most 125 bytes, not " + data.length);
        }
    }

    @Override
    public void close(int code, String reason) throws IOException {
        byte[] payload = CloseCodes.payload(code, reason);
        if (!CloseCodes.sendable(code)) {
            throw new IllegalArgumentException("close code " + code + " may not be sent");
        }
        if (!closeSent.compareAndSet(false, true)) {
            return;
        }
        startCloseTimer();
        writeFrame(true, false, FrameReader.CLOSE, payload, 0, payload.length);
    }

    /** A growable output buffer for a compressor. */
    static final class Chunk {
        byte[] bytes;
        int length;

        Chunk(int capacity) {
            bytes = new byte[Math.max(64, capacity)];
        }

        /** Takes everything the compressor has for its input so far, with the given flush mode. */
        void drain(Deflater deflater, int flush) {
            while (true) {
                int n = deflater.deflate(bytes, length, bytes.length - length, flush);
                length += n;
                if (length < bytes.length && (flush != Deflater.NO_FLUSH || deflater.needsInput())) {
                    return;
                }
                if (length == bytes.length) {
                    bytes = java.util.Arrays.copyOf(bytes, bytes.length * 2);
                }
            }
        }

        /** Removes the 00 00 FF FF that ends a sync flush (RFC 7692 section 7.2.1). */
        void stripTail() {
            if (length >= 4 && bytes[length - 4] == 0 && bytes[length - 3] == 0 && bytes[length - 2] == (byte) 0xFF
                    && bytes[length - 1] == (byte) 0xFF) {
                length -= 4;
            }
        }
    }
}
