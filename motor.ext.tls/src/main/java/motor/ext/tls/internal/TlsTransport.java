package motor.ext.tls.internal;

import java.io.EOFException;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSession;
import motor.spi.transport.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * TLS over another transport, with the JDK's {@link SSLEngine}.
 *
 * <pre>
 *  new ─► DETECT (first byte) ──0x16──► HANDSHAKE ──► OPEN ──peer close_notify / EOF──► INPUT DONE
 *           │ letter: plain HTTP          │ fails         │ shutdownOutput: close_notify ─► OUTPUT DONE
 *           ▼                             ▼               │ close (any thread)
 *     400 in clear text, close      alert (if any), close ▼
 *                                                        CLOSED
 * </pre>
 *
 * <p>Buffers (ciphertext in, plaintext in, ciphertext out) are per connection: the input ones start at
 * 4 KiB and grow to a full record the first time the peer sends a larger one, the output one holds a
 * record (four after a large write). Reading holds {@code readLock}, writing {@code writeLock}:
 * one thread may read while another writes (a WebSocket sends from other threads while the connection
 * thread reads). When an unwrap needs a reply (a TLS 1.3 KeyUpdate), the reader takes the write lock to
 * send it, so that handshake records never interleave with a record being written; the writer never
 * takes the read lock, so the two cannot deadlock. No lock is held by {@link #close()}, which closes the
 * inner transport and so ends a read or write blocked on it. A TLS 1.2 renegotiation is refused by
 * ending the connection.
 */
final class TlsTransport implements Transport {

    private static final Logger LOG = LoggerFactory.getLogger(TlsTransport.class);

    /** The TLS record type of a handshake message: every ClientHello starts with it. */
    static final int HANDSHAKE_RECORD = 0x16;

    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);
    private static final int MAX_DRAIN = 64 * 1024;
    private static final int MAX_HANDSHAKE_STEPS = 1000;
    /** The first size of the two input buffers; a larger record grows them (once) to the session's sizes. */
    private static final int INITIAL_INPUT = 4096;
    /** How many records a large write wraps before each socket write. */
    private static final int BATCH_RECORDS = 4;

    private final Transport inner;
    private final SSLEngine engine;
    private volatile Runnable onClose;
    private final AtomicBoolean closeRan = new AtomicBoolean();
    private final ReentrantLock readLock = new ReentrantLock();
    private final ReentrantLock writeLock = new ReentrantLock();

    /** Ciphertext received and not yet unwrapped, in read mode. Guarded by readLock. */
    private ByteBuffer netIn;
    /** Plaintext unwrapped and not yet read, in read mode. Guarded by readLock. */
    private ByteBuffer appIn;
    /** Guarded by readLock. */
    private boolean inputDone;

    /** Ciphertext to send. Guarded by writeLock. */
    private ByteBuffer netOut;
    /** A reusable view of the caller's array. Guarded by writeLock. */
    private ByteBuffer writeView;
    /** Guarded by writeLock. */
    private final ByteBuffer[] single = new ByteBuffer[1];
    /** Guarded by writeLock. */
    private boolean outputDone;

    private volatile boolean closed;
    /** Set once when the handshake ends, before the transport is handed out. */
    private boolean established;
    private String applicationProtocol;
    private SSLSession session;

    /**
     * @param inner   the transport underneath, owned from now on
     * @param engine  a server-mode engine, configured
     */
    TlsTransport(Transport inner, SSLEngine engine) {
        this.inner = inner;
        this.engine = engine;
        SSLSession initial = engine.getSession();
        // the input side starts small and grows to a full record when the peer sends one: requests are
        // mostly small, and an idle connection keeps these buffers
        netIn = ByteBuffer.allocate(INITIAL_INPUT).flip();
        appIn = ByteBuffer.allocate(INITIAL_INPUT).flip();
        netOut = ByteBuffer.allocate(initial.getPacketBufferSize());
    }

    // ---------------------------------------------------------------- handshake

    /**
     * Reads the first bytes and runs the handshake. Plain HTTP gets a 400 in clear text first.
     *
     * @throws IOException if the peer is not speaking TLS or the handshake fails; the caller closes
     */
    void handshake() throws IOException {
        if (fill() < 0) {
            throw new EOFException("closed before sending anything");
        }
        int first = netIn.get(netIn.position()) & 0xFF;
        if (first != HANDSHAKE_RECORD) {
            if (first >= 'A' && first <= 'Z') {
                refusePlainHttp();
                throw new SSLException("plain HTTP sent to a TLS listener; answered 400");
            }
            throw new SSLException("not a TLS handshake (first byte 0x" + Integer.toHexString(first) + ")");
        }
        negotiate();
    }

    /** Runs the handshake proper; on its own for a client-mode engine (tests drive both ends with it). */
    void negotiate() throws IOException {
        try {
            engine.beginHandshake();
            runHandshake();
        } catch (SSLException e) {
            sendAlertQuietly();
            throw e;
        }
        session = engine.getSession();
        String negotiated = engine.getApplicationProtocol();
        applicationProtocol = negotiated == null || negotiated.isEmpty() ? null : negotiated;
        growOutputIfSmaller();
        established = true;
    }

    private void runHandshake() throws IOException {
        // a handshake takes a few dozen steps (records, tasks); reads that wait for bytes are not steps.
        // The bound only guards against an engine that stops making progress without saying so.
        for (int steps = 0; ; steps++) {
            if (steps > MAX_HANDSHAKE_STEPS) {
                throw new SSLHandshakeException("the TLS handshake made no progress");
            }
            switch (engine.getHandshakeStatus()) {
                case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> {
                    SSLEngineResult result = unwrap();
                    if (result == null) {
                        throw new EOFException("the client closed the connection during the TLS handshake");
                    }
                    if (result.getStatus() == SSLEngineResult.Status.CLOSED) {
                        throw new SSLHandshakeException("the client ended the TLS handshake");
                    }
                }
                case NEED_WRAP -> flushHandshake();
                case NEED_TASK -> runTasks();
                default -> {
                    return; // FINISHED, NOT_HANDSHAKING
                }
            }
        }
    }

    /** Answers a plain HTTP request with a 400 in clear text and drains what the client sent, bounded. */
    private void refusePlainHttp() {
        byte[] body = "This port expects HTTPS (TLS): use an https:// URL.\n".getBytes(StandardCharsets.US_ASCII);
        byte[] head = ("HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain; charset=us-ascii\r\nContent-Length: "
                + body.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        try {
            inner.write(ByteBuffer.wrap(head), ByteBuffer.wrap(body));
            inner.shutdownOutput();
            // reading what the client still sends lets the kernel close with a FIN rather than a reset that
            // could destroy the response before the client read it; the header timeout bounds the wait
            byte[] sink = netIn.array();
            int drained = 0;
            int n;
            while (drained < MAX_DRAIN && (n = inner.read(sink, 0, sink.length)) >= 0) {
                drained += n;
            }
        } catch (IOException | UnsupportedOperationException e) {
            // the client went away; nothing to add
        }
    }

    /** After a failed handshake, sends the alert the engine prepared (best effort, never blocking long). */
    private void sendAlertQuietly() {
        try {
            engine.closeOutbound();
            for (int i = 0; i < 4 && !engine.isOutboundDone(); i++) {
                netOut.clear();
                SSLEngineResult result = engine.wrap(EMPTY, netOut);
                netOut.flip();
                if (netOut.hasRemaining()) {
                    inner.write(netOut.array(), netOut.arrayOffset() + netOut.position(), netOut.remaining());
                }
                if (result.bytesProduced() == 0) {
                    break;
                }
            }
        } catch (IOException | RuntimeException e) {
            // the peer is gone or the engine has nothing to say
        }
    }

    // ---------------------------------------------------------------- reading

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        readLock.lock();
        try {
            while (true) {
                if (appIn.hasRemaining()) {
                    int n = Math.min(length, appIn.remaining());
                    appIn.get(buffer, offset, n);
                    return n;
                }
                if (inputDone) {
                    return -1;
                }
                if (closed) {
                    throw new ClosedChannelException();
                }
                SSLEngineResult result = unwrap();
                if (result == null) {
                    inputDone = true;
                    if (!closed) {
                        LOG.debug("TLS connection from {} ended without close_notify", inner.remoteAddress());
                    }
                    return -1;
                }
                if (result.getStatus() == SSLEngineResult.Status.CLOSED) {
                    inputDone = true; // close_notify: the end of the stream
                    continue; // nothing was produced; return -1 above
                }
                afterUnwrap(result.getHandshakeStatus());
            }
        } finally {
            readLock.unlock();
        }
    }

    /**
     * Deals with handshake messages after the handshake: a TLS 1.3 NewSessionTicket needs nothing, a
     * KeyUpdate that asks for ours needs a wrap; a TLS 1.2 ClientHello (renegotiation) is refused.
     */
    private void afterUnwrap(HandshakeStatus status) throws IOException {
        HandshakeStatus s = status;
        while (s != HandshakeStatus.NOT_HANDSHAKING && s != HandshakeStatus.FINISHED) {
            if (!"TLSv1.3".equals(session.getProtocol())) {
                if (writeLock.tryLock()) { // never wait for a blocked writer: the connection ends anyway
                    try {
                        outputDone = true;
                        sendAlertQuietly();
                    } finally {
                        writeLock.unlock();
                    }
                }
                throw new SSLHandshakeException("TLS renegotiation refused");
            }
            switch (s) {
                case NEED_TASK -> runTasks();
                case NEED_WRAP -> {
                    // a KeyUpdate asking for ours. Waiting for the write lock could deadlock: a writer blocked
                    // on a peer that stops reading until it can write, and it cannot write until we read.
                    // TLS 1.3 only requires our KeyUpdate before our next data, and the engine puts it first
                    // in the next wrap; so send it now only if no write is in progress, else the writer
                    // sends it (wrapAll ends by flushing what the engine still has to say).
                    if (!writeLock.tryLock()) {
                        return;
                    }
                    try {
                        flushHandshake();
                    } finally {
                        writeLock.unlock();
                    }
                }
                default -> {
                    return; // NEED_UNWRAP: the next read goes on with it
                }
            }
            s = engine.getHandshakeStatus();
        }
    }

    /**
     * Unwraps one record, reading from the inner transport until a whole one is buffered. Produced
     * plaintext is appended to {@code appIn}. Must hold readLock (or own the transport, during the
     * handshake).
     *
     * @return the result (status OK or CLOSED), or null at the end of the inner stream
     */
    private SSLEngineResult unwrap() throws IOException {
        if (appIn.capacity() == 0) {
            appIn = ByteBuffer.allocate(INITIAL_INPUT).flip(); // trimmed while idle
        }
        while (true) {
            SSLEngineResult result;
            appIn.compact();
            try {
                result = engine.unwrap(netIn, appIn);
            } catch (RuntimeException e) {
                // whatever the peer sent must end as an I/O failure (logged at DEBUG), never as an error
                throw new SSLException("the TLS engine failed on the peer's data: " + e, e);
            } finally {
                appIn.flip();
            }
            switch (result.getStatus()) {
                case BUFFER_OVERFLOW -> appIn = grow(appIn, appIn.remaining() + engine.getSession().getApplicationBufferSize());
                case BUFFER_UNDERFLOW -> {
                    if (fill() < 0) {
                        return null;
                    }
                }
                default -> {
                    return result;
                }
            }
        }
    }

    /**
     * Reads more ciphertext into {@code netIn}, growing it when a record does not fit.
     *
     * @return the bytes read, or -1 at the end of the stream
     */
    private int fill() throws IOException {
        if (netIn.capacity() == 0) {
            netIn = ByteBuffer.allocate(INITIAL_INPUT).flip(); // trimmed while idle
        }
        netIn.compact();
        try {
            if (!netIn.hasRemaining()) {
                int packet = engine.getSession().getPacketBufferSize();
                if (netIn.capacity() >= 2 * packet) {
                    // the engine rejects oversized records from their header; this only bounds the buffer
                    throw new SSLException("a TLS record larger than the session allows");
                }
                ByteBuffer larger = ByteBuffer.allocate(Math.max(packet, netIn.capacity() * 2));
                netIn.flip();
                larger.put(netIn);
                netIn = larger;
            }
            int n = inner.read(netIn.array(), netIn.arrayOffset() + netIn.position(), netIn.remaining());
            if (n > 0) {
                netIn.position(netIn.position() + n);
            }
            return n;
        } finally {
            netIn.flip();
        }
    }

    /** Returns a buffer (read mode) with at least {@code capacity} room holding what {@code buffer} held. */
    private static ByteBuffer grow(ByteBuffer buffer, int capacity) {
        if (buffer.capacity() >= capacity) {
            capacity = buffer.capacity() * 2;
        }
        ByteBuffer larger = ByteBuffer.allocate(capacity);
        larger.put(buffer);
        return larger.flip();
    }

    /** The session may allow larger records than the handshake assumed. */
    private void growOutputIfSmaller() {
        SSLSession s = engine.getSession();
        if (netOut.capacity() < s.getPacketBufferSize()) {
            netOut = ByteBuffer.allocate(s.getPacketBufferSize());
        }
    }

    // ---------------------------------------------------------------- idle connections

    /**
     * Whether a read could return without new bytes from the socket: decrypted bytes not yet read, part
     * of a record, or the end of the stream already seen. When none, the server waits for the socket
     * without a thread between requests.
     */
    @Override
    public boolean hasBufferedInput() {
        readLock.lock();
        try {
            return appIn.hasRemaining() || netIn.hasRemaining() || inputDone;
        } finally {
            readLock.unlock();
        }
    }

    /**
     * Gives back the input and output buffers of an idle connection (an idle TLS connection then holds
     * its engine and session, not some 8 to 50 KiB of buffers); the next read or write makes small ones
     * again. Buffers that hold anything, or are in use, are kept.
     */
    @Override
    public void trim() {
        if (readLock.tryLock()) {
            try {
                if (!appIn.hasRemaining() && !netIn.hasRemaining()) {
                    appIn = EMPTY;
                    netIn = EMPTY;
                }
            } finally {
                readLock.unlock();
            }
        }
        if (writeLock.tryLock()) {
            try {
                if (netOut.position() == 0) {
                    netOut = EMPTY;
                    writeView = null;
                }
            } finally {
                writeLock.unlock();
            }
        }
    }

    // ---------------------------------------------------------------- writing

    @Override
    public void write(byte[] buffer, int offset, int length) throws IOException {
        if (length == 0) {
            return;
        }
        writeLock.lock();
        try {
            ByteBuffer view = writeView;
            if (view == null || view.array() != buffer) {
                view = writeView = ByteBuffer.wrap(buffer);
            }
            view.limit(offset + length).position(offset);
            single[0] = view;
            wrapAll(single);
        } finally {
            single[0] = null;
            writeLock.unlock();
        }
    }

    @Override
    public void write(ByteBuffer... buffers) throws IOException {
        writeLock.lock();
        try {
            wrapAll(buffers);
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * Wraps and sends every remaining byte; gathering, so a response head and body share records. A write
     * larger than the output buffer switches the connection to a buffer of {@value #BATCH_RECORDS}
     * records, so that a large body leaves in socket writes of that many records rather than one each.
     */
    private void wrapAll(ByteBuffer[] sources) throws IOException {
        if (outputDone || closed) {
            throw new ClosedChannelException();
        }
        ensureOutput();
        int packet = engine.getSession().getPacketBufferSize();
        if (netOut.capacity() < BATCH_RECORDS * packet && remaining(sources) > netOut.capacity()) {
            netOut = ByteBuffer.allocate(BATCH_RECORDS * packet);
        }
        netOut.clear();
        while (hasRemaining(sources)) {
            SSLEngineResult result = wrap(sources);
            switch (result.getStatus()) {
                case BUFFER_OVERFLOW -> {
                    if (netOut.position() > 0) {
                        flushOut(); // room for the next record after sending what is batched
                    } else {
                        netOut = ByteBuffer.allocate(Math.max(netOut.capacity() * 2, packet));
                    }
                    continue;
                }
                case CLOSED -> {
                    flushOut(); // a close_notify in reply to the peer's, perhaps
                    outputDone = true;
                    throw new SSLException("the TLS connection is closed for writing");
                }
                default -> {
                    // OK
                }
            }
            HandshakeStatus status = result.getHandshakeStatus();
            if (status == HandshakeStatus.NEED_TASK) {
                runTasks();
            } else if (result.bytesConsumed() == 0 && result.bytesProduced() == 0) {
                // only a handshake we refuse (a renegotiation) stops a wrap from making progress
                throw new SSLException("the TLS connection is renegotiating, which is refused");
            }
            if (netOut.remaining() < packet) {
                flushOut();
            }
        }
        flushOut();
        if (established && engine.getHandshakeStatus() == HandshakeStatus.NEED_WRAP
                && "TLSv1.3".equals(session.getProtocol())) {
            flushHandshake(); // a KeyUpdate the reader left to us
        }
    }

    private SSLEngineResult wrap(ByteBuffer... sources) throws SSLException {
        try {
            return engine.wrap(sources, netOut);
        } catch (RuntimeException e) {
            throw new SSLException("the TLS engine failed: " + e, e);
        }
    }

    /** After {@link #trim()}: an output buffer of one record again. Must hold writeLock (or own the transport). */
    private void ensureOutput() {
        if (netOut.capacity() == 0) {
            netOut = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
        }
    }

    /** Sends the records batched in {@code netOut} and empties it. */
    private void flushOut() throws IOException {
        netOut.flip();
        send();
        netOut.clear();
    }

    private static long remaining(ByteBuffer[] buffers) {
        long total = 0;
        for (ByteBuffer b : buffers) {
            total += b.remaining();
        }
        return total;
    }

    private static boolean hasRemaining(ByteBuffer[] buffers) {
        for (ByteBuffer b : buffers) {
            if (b.hasRemaining()) {
                return true;
            }
        }
        return false;
    }

    /** Sends handshake records while the engine has any. Must hold writeLock (or own the transport). */
    private void flushHandshake() throws IOException {
        ensureOutput();
        while (engine.getHandshakeStatus() == HandshakeStatus.NEED_WRAP) {
            netOut.clear();
            SSLEngineResult result = wrap(EMPTY);
            netOut.flip();
            if (result.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW) {
                netOut = ByteBuffer.allocate(Math.max(netOut.capacity() * 2, engine.getSession().getPacketBufferSize()));
                continue;
            }
            send();
            if (result.getHandshakeStatus() == HandshakeStatus.NEED_TASK) {
                runTasks();
            }
            if (result.getStatus() == SSLEngineResult.Status.CLOSED || result.bytesProduced() == 0) {
                if (result.getStatus() == SSLEngineResult.Status.CLOSED && !established) {
                    throw new SSLHandshakeException("the TLS handshake failed");
                }
                return;
            }
        }
    }

    private void send() throws IOException {
        if (netOut.hasRemaining()) {
            inner.write(netOut.array(), netOut.arrayOffset() + netOut.position(), netOut.remaining());
            netOut.position(netOut.limit());
        }
    }

    private void runTasks() {
        Runnable task;
        while ((task = engine.getDelegatedTask()) != null) {
            task.run();
        }
    }

    @Override
    public void shutdownOutput() throws IOException {
        writeLock.lock();
        try {
            if (!outputDone && !closed) {
                outputDone = true;
                ensureOutput();
                engine.closeOutbound();
                for (int i = 0; i < 4 && !engine.isOutboundDone(); i++) {
                    netOut.clear();
                    SSLEngineResult result = wrap(EMPTY);
                    netOut.flip();
                    send();
                    if (result.bytesProduced() == 0) {
                        break;
                    }
                }
            }
            inner.shutdownOutput();
        } finally {
            writeLock.unlock();
        }
    }

    // ---------------------------------------------------------------- the rest

    /** Sets what to run once when this transport closes (runs at once if it already has). */
    void onClose(Runnable action) {
        onClose = action;
        if (closed && closeRan.compareAndSet(false, true)) {
            action.run();
        }
    }

    /** Closes the inner transport, which ends a read or write blocked on it; callable from any thread. */
    @Override
    public void close() throws IOException {
        closed = true;
        try {
            inner.close();
        } finally {
            Runnable action = onClose;
            if (action != null && closeRan.compareAndSet(false, true)) {
                action.run();
            }
        }
    }

    @Override
    public boolean isOpen() {
        return !closed && inner.isOpen();
    }

    @Override
    public SocketAddress remoteAddress() {
        return inner.remoteAddress();
    }

    @Override
    public SocketAddress localAddress() {
        return inner.localAddress();
    }

    @Override
    public boolean secure() {
        return true;
    }

    @Override
    public String applicationProtocol() {
        return applicationProtocol;
    }

    @Override
    public SSLSession sslSession() {
        return session;
    }
}
