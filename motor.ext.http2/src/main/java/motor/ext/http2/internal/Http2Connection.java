package motor.ext.http2.internal;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import motor.ext.http2.internal.frame.Frame;
import motor.ext.http2.internal.frame.FrameReader;
import motor.ext.http2.internal.frame.FrameWriter;
import motor.ext.http2.internal.frame.Http2;
import motor.ext.http2.internal.frame.Http2Exception;
import motor.ext.http2.internal.frame.Settings;
import motor.ext.http2.internal.hpack.HeaderField;
import motor.ext.http2.internal.hpack.HpackDecoder;
import motor.ext.http2.internal.hpack.HpackEncoder;
import motor.ext.http2.internal.hpack.HpackException;
import motor.spi.HttpException;
import motor.spi.Status;
import motor.spi.transport.Connection;
import motor.spi.transport.Transport;

/**
 * One HTTP/2 connection (RFC 9113), served by three kinds of virtual thread:
 *
 * <pre>
 *   reader (the connection's thread)        handlers (one per stream)          writer
 *   preface, then frames ──► state ──start──► application(request, response)
 *        │ control answers                        │ HEADERS, DATA (wait for       │
 *        └──────────────► output queue ◄──────────┘ flow-control windows)  ────► socket
 * </pre>
 *
 * <p>The reader applies every frame to the connection's state under {@link #lock}, decodes header
 * blocks (HPACK state is per connection, so every block is decoded, even for a stream that is refused),
 * and never blocks on anything but its read: its answers (SETTINGS ACK, PING ACK, WINDOW_UPDATE,
 * RST_STREAM, GOAWAY) go into the output queue. Handlers encode their HEADERS under the same lock as they
 * queue them, so HPACK's order is the order on the wire and a HEADERS+CONTINUATION sequence is one queue
 * element, never interleaved. The writer alone touches the socket, gathering queued frames into one
 * write; between writes it keeps the housekeeping timers (idle connection, SETTINGS acknowledgement).
 *
 * <p>Ending: a connection error queues GOAWAY and sets {@link #failed}; graceful ends (idle, drain,
 * peer's GOAWAY) queue GOAWAY(NO_ERROR) and wait for the open streams. Either way the writer, once the
 * queue is empty, half-closes the socket; the reader then reads (and discards) until the peer closes, with
 * a short read timeout, so that the peer receives the GOAWAY rather than a reset.
 */
final class Http2Connection {

    private static final System.Logger LOG = System.getLogger("motor.ext.http2");

    /** Most bytes of frames queued for the writer before a handler's DATA waits. */
    static final long QUEUE_LIMIT = 256 * 1024;
    /** Queued bytes beyond which the peer is taken for one that does not read (its answers pile up). */
    private static final long QUEUE_ABUSE = 8 * QUEUE_LIMIT;
    /**
     * Largest DATA frame sent, whatever SETTINGS_MAX_FRAME_SIZE the peer allows: each frame is a copy, and
     * a larger one would let the client choose how much memory a response takes (up to 16 MiB) and hold the
     * other streams back while it is written.
     */
    static final int MAX_DATA_FRAME = Http2.DEFAULT_MAX_FRAME_SIZE;
    /** Ids of recently closed streams remembered to tell their late frames from protocol errors. */
    private static final int CLOSED_MEMORY = 1024;
    /** How long the reader keeps reading after the output was half-closed. */
    private static final Duration LINGER = Duration.ofSeconds(2);
    /** Most bytes read and discarded after the output was half-closed. */
    private static final long LINGER_BYTES = 1 << 20;

    /** Why a stream id at or below the highest one is no longer open. */
    private static final byte CLOSED_NORMALLY = 1;
    private static final byte RESET_BY_US = 2;
    private static final byte RESET_BY_PEER = 3;

    private final Http2Server server;
    final Http2Config config;
    private final Connection connection;
    private final Transport transport;
    private final Upgraded upgraded;
    final boolean secure;

    final ReentrantLock lock = new ReentrantLock();
    /** The writer waits here for frames. */
    private final Condition queued = lock.newCondition();
    /** Handlers wait here for flow-control windows and queue space. */
    private final Condition writable = lock.newCondition();

    // ---- guarded by lock
    private final ArrayDeque<byte[]> queue = new ArrayDeque<>();
    private long queuedBytes;
    private final Map<Integer, Stream> streams = new HashMap<>();
    private final Map<Integer, Byte> recentlyClosed = new LinkedHashMap<>(64, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Integer, Byte> eldest) {
            return size() > CLOSED_MEMORY;
        }
    };
    private int highestStreamId;
    private int runningHandlers;
    private long connSendWindow = Http2.DEFAULT_INITIAL_WINDOW_SIZE;
    private long connRecvWindow = Http2.DEFAULT_INITIAL_WINDOW_SIZE;
    private long connUnacked;
    private int peerInitialWindow = Http2.DEFAULT_INITIAL_WINDOW_SIZE;
    private int peerMaxFrameSize = Http2.DEFAULT_MAX_FRAME_SIZE;
    private final HpackEncoder encoder;
    private boolean goAwaySent;
    /** The peer sent GOAWAY: it opens no more streams. */
    private boolean peerGoAway;
    /** A connection error: frames are no longer processed. */
    private boolean failed;
    /** The writer half-closes the socket once the queue is empty. */
    private boolean closing;
    /** The socket failed or the reader ended: nothing more can be sent. */
    private boolean dead;
    private long settingsSentAt;
    private boolean settingsAcked;
    private long lastActive;

    // ---- reader thread only
    private final HpackDecoder decoder;
    private final FrameReader reader;
    private byte[] headerBlock = new byte[1024];
    private int headerBlockLength;
    /** The stream whose header block is incomplete (CONTINUATION expected), or 0. */
    private int continuationStream;
    private boolean continuationEndStream;
    private int continuationDependency;
    private final int maxHeaderBlock;
    private final Flood resets;
    private final Flood controls;
    private final Flood empties;

    private Thread writer;

    /**
     * What an h2c upgrade hands over: the HTTP/1.1 request, which becomes stream 1, and the client's
     * settings from {@code HTTP2-Settings}.
     *
     * @param head     the request head
     * @param body     the whole request body, already read
     * @param settings the client's settings
     */
    record Upgraded(RequestHeaders.Head head, byte[] body, Map<Integer, Long> settings) {
    }

    Http2Connection(Http2Server server, Connection connection, Upgraded upgraded) {
        this.server = server;
        this.config = server.config;
        this.connection = connection;
        this.transport = connection.transport();
        this.upgraded = upgraded;
        this.secure = transport.secure();
        this.encoder = new HpackEncoder(Http2.DEFAULT_HEADER_TABLE_SIZE);
        this.decoder = new HpackDecoder(config.headerTableSize(), config.maxHeaderListSize());
        this.reader = new FrameReader(transport, config.maxFrameSize());
        // CVE-2024-27316: the encoded block is bounded before any CONTINUATION is buffered past it; an
        // honest encoder's block is no larger than the list it encodes
        this.maxHeaderBlock = Math.max(2 * config.maxHeaderListSize(), 16 * 1024);
        long now = System.nanoTime();
        long window = config.floodWindow().toNanos();
        this.resets = new Flood(config.maxResets(), window, now);
        this.controls = new Flood(config.maxControlFrames(), window, now);
        this.empties = new Flood(config.maxEmptyFrames(), window, now);
        this.lastActive = now;
    }

    long id() {
        return connection.id();
    }

    Http2Server server() {
        return server;
    }

    Connection connection() {
        return connection;
    }

    // ====================================================================== the reader

    /** Serves the connection until it ends; runs on the connection's thread. */
    void serve() {
        lock.lock();
        try {
            Map<Integer, Long> ours = new LinkedHashMap<>();
            ours.put(Http2.SETTINGS_MAX_CONCURRENT_STREAMS, (long) config.maxConcurrentStreams());
            ours.put(Http2.SETTINGS_INITIAL_WINDOW_SIZE, (long) config.initialWindowSize());
            ours.put(Http2.SETTINGS_MAX_FRAME_SIZE, (long) config.maxFrameSize());
            ours.put(Http2.SETTINGS_MAX_HEADER_LIST_SIZE, (long) config.maxHeaderListSize());
            ours.put(Http2.SETTINGS_ENABLE_PUSH, 0L);
            if (config.headerTableSize() != Http2.DEFAULT_HEADER_TABLE_SIZE) {
                ours.put(Http2.SETTINGS_HEADER_TABLE_SIZE, (long) config.headerTableSize());
            }
            enqueue(FrameWriter.settings(ours));
            settingsSentAt = System.nanoTime();
            if (config.initialWindowSize() > Http2.DEFAULT_INITIAL_WINDOW_SIZE) {
                int increment = config.initialWindowSize() - Http2.DEFAULT_INITIAL_WINDOW_SIZE;
                enqueue(FrameWriter.windowUpdate(0, increment));
                connRecvWindow += increment;
            }
            if (upgraded != null) {
                applySettings(upgraded.settings());
                startUpgradedStream();
            }
        } catch (Http2Exception e) {
            connectionError(e);
        } finally {
            lock.unlock();
        }
        writer = Thread.ofVirtual().name("motor-h2-writer-" + connection.id()).start(this::writeLoop);
        connection.onDrain(this::drain);
        try {
            reader.readPreface();
            readFrames();
        } catch (Http2Exception e) {
            lock.lock();
            try {
                connectionError(e);
            } finally {
                lock.unlock();
            }
        } catch (EOFException e) {
            LOG.log(System.Logger.Level.DEBUG, "h2 connection {0}: the peer closed mid-frame", connection.id());
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "h2 connection {0} ended: {1}", connection.id(), e.toString());
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "h2 connection " + connection.id() + " failed", e);
            lock.lock();
            try {
                connectionError(Http2Exception.connection(Http2.INTERNAL_ERROR, "internal error"));
            } finally {
                lock.unlock();
            }
        } finally {
            finish();
        }
    }

    private void readFrames() throws IOException, Http2Exception {
        boolean first = true;
        while (true) {
            Frame frame;
            try {
                frame = reader.read();
            } catch (Http2Exception e) {
                if (e.isConnectionError() || first || continuationStream != 0) {
                    throw e.isConnectionError() ? e : Http2Exception.connection(Http2.PROTOCOL_ERROR,
                            "invalid frame before the connection settled or inside a header block");
                }
                lock.lock();
                try {
                    streamError(e); // the reader skipped the frame: go on
                } finally {
                    lock.unlock();
                }
                continue;
            }
            if (frame == null) {
                return; // the peer closed between frames
            }
            if (first && (frame.type() != Http2.SETTINGS || frame.flag(Http2.FLAG_ACK))) {
                // RFC 9113 3.4: the preface is the magic and then a SETTINGS frame
                throw Http2Exception.connection(Http2.PROTOCOL_ERROR, "the preface must end with SETTINGS");
            }
            first = false;
            lock.lock();
            try {
                if (failed) {
                    return;
                }
                try {
                    onFrame(frame);
                } catch (Http2Exception e) {
                    if (e.isConnectionError()) {
                        throw e;
                    }
                    streamError(e);
                }
            } finally {
                lock.unlock();
            }
        }
    }

    /**
     * Resets a stream for a stream error of the peer's. A stream whose handler was started is work the
     * client made us abandon, the rapid reset by other means (CVE-2025-8671): it counts against
     * {@code maxResets} as a RST_STREAM from the client does. Runs under the lock.
     */
    private void streamError(Http2Exception e) throws Http2Exception {
        Stream stream = streams.get(e.streamId());
        resetStream(e.streamId(), e.errorCode());
        if (stream != null && !stream.handlerDone && resets.add(System.nanoTime())) {
            throw Http2Exception.connection(Http2.ENHANCE_YOUR_CALM, "too many streams reset");
        }
    }

    /** Applies one frame; runs under the lock. */
    private void onFrame(Frame frame) throws Http2Exception {
        if (continuationStream != 0 && (frame.type() != Http2.CONTINUATION || frame.streamId() != continuationStream)) {
            throw Http2Exception.connection(Http2.PROTOCOL_ERROR, "expected CONTINUATION of stream "
                    + continuationStream + ", got " + frame);
        }
        switch (frame.type()) {
            case Http2.DATA -> onData(frame);
            case Http2.HEADERS -> onHeaders(frame);
            case Http2.CONTINUATION -> onContinuation(frame);
            case Http2.PRIORITY -> {
                if (frame.streamDependency() == frame.streamId()) {
                    throw Http2Exception.stream(frame.streamId(), Http2.PROTOCOL_ERROR, "stream depends on itself");
                }
            }
            case Http2.RST_STREAM -> onRstStream(frame);
            case Http2.SETTINGS -> onSettings(frame);
            case Http2.PUSH_PROMISE -> throw Http2Exception.connection(Http2.PROTOCOL_ERROR, "PUSH_PROMISE from a client");
            case Http2.PING -> onPing(frame);
            case Http2.GOAWAY -> onGoAway(frame);
            case Http2.WINDOW_UPDATE -> onWindowUpdate(frame);
            default -> {
                // unknown frame types are ignored (5.5)
            }
        }
    }

    private void onSettings(Frame frame) throws Http2Exception {
        if (frame.flag(Http2.FLAG_ACK)) {
            settingsAcked = true;
            return;
        }
        if (controls.add(System.nanoTime())) {
            throw Http2Exception.connection(Http2.ENHANCE_YOUR_CALM, "too many SETTINGS and PING frames");
        }
        applySettings(Settings.parseSettings(frame));
        enqueueControl(FrameWriter.settingsAck());
    }

    private void applySettings(Map<Integer, Long> settings) throws Http2Exception {
        for (Map.Entry<Integer, Long> e : settings.entrySet()) {
            long value = e.getValue();
            switch (e.getKey()) {
                case Http2.SETTINGS_HEADER_TABLE_SIZE -> encoder.peerMaxTableSize(value);
                case Http2.SETTINGS_INITIAL_WINDOW_SIZE -> {
                    long delta = value - peerInitialWindow;
                    for (Stream stream : streams.values()) {
                        stream.sendWindow += delta;
                        if (stream.sendWindow > Http2.MAX_WINDOW_SIZE) {
                            throw Http2Exception.connection(Http2.FLOW_CONTROL_ERROR,
                                    "SETTINGS_INITIAL_WINDOW_SIZE makes a stream's window overflow");
                        }
                    }
                    peerInitialWindow = (int) value;
                    writable.signalAll();
                }
                case Http2.SETTINGS_MAX_FRAME_SIZE -> peerMaxFrameSize = (int) value;
                default -> {
                    // ENABLE_PUSH: we never push; MAX_CONCURRENT_STREAMS: limits pushes only;
                    // MAX_HEADER_LIST_SIZE: advisory
                }
            }
        }
    }

    private void onPing(Frame frame) throws Http2Exception {
        if (frame.flag(Http2.FLAG_ACK)) {
            return;
        }
        if (controls.add(System.nanoTime())) {
            throw Http2Exception.connection(Http2.ENHANCE_YOUR_CALM, "too many SETTINGS and PING frames");
        }
        enqueueControl(FrameWriter.ping(true, frame.copyPayload()));
    }

    private void onGoAway(Frame frame) {
        peerGoAway = true;
        int code = frame.int32(4);
        if (code != Http2.NO_ERROR) {
            LOG.log(System.Logger.Level.DEBUG, "h2 connection {0}: peer sent GOAWAY {1}", connection.id(),
                    Http2.errorName(code));
        }
        if (streams.isEmpty() && runningHandlers == 0) {
            goAway(Http2.NO_ERROR, "");
            beginClose();
        }
    }

    private void onWindowUpdate(Frame frame) throws Http2Exception {
        int increment = frame.int32(0) & 0x7fffffff;
        int id = frame.streamId();
        if (id == 0) {
            connSendWindow += increment;
            if (connSendWindow > Http2.MAX_WINDOW_SIZE) {
                throw Http2Exception.connection(Http2.FLOW_CONTROL_ERROR, "connection window above 2^31-1");
            }
            writable.signalAll();
            return;
        }
        Stream stream = streams.get(id);
        if (stream == null) {
            if (id > highestStreamId || id % 2 == 0) {
                // even ids are the server's, and it opens none: such a stream is idle (5.1, 6.9)
                throw Http2Exception.connection(Http2.PROTOCOL_ERROR, "WINDOW_UPDATE on idle stream " + id);
            }
            return; // late, for a closed stream
        }
        stream.sendWindow += increment;
        if (stream.sendWindow > Http2.MAX_WINDOW_SIZE) {
            throw Http2Exception.stream(id, Http2.FLOW_CONTROL_ERROR, "stream window above 2^31-1");
        }
        writable.signalAll();
    }

    private void onRstStream(Frame frame) throws Http2Exception {
        int id = frame.streamId();
        if (id > highestStreamId || id % 2 == 0) {
            throw Http2Exception.connection(Http2.PROTOCOL_ERROR, "RST_STREAM on idle stream " + id);
        }
        Stream stream = streams.get(id);
        if (stream == null) {
            return;
        }
        // CVE-2023-44487: a client that opens and cancels streams makes us start work it never reads
        if (resets.add(System.nanoTime())) {
            throw Http2Exception.connection(Http2.ENHANCE_YOUR_CALM, "too many streams reset");
        }
        stream.resetCode = frame.int32(0);
        stream.resetByPeer = true;
        closeStream(stream, RESET_BY_PEER);
    }

    private void onData(Frame frame) throws Http2Exception {
        int id = frame.streamId();
        int flow = frame.flowLength();
        if (flow > connRecvWindow) {
            throw Http2Exception.connection(Http2.FLOW_CONTROL_ERROR, "DATA beyond the connection window");
        }
        connRecvWindow -= flow;
        Stream stream = streams.get(id);
        if (stream == null) {
            returnCredit(flow);
            lateFrame(id, "DATA");
            return;
        }
        if (stream.remoteClosed) {
            returnCredit(flow);
            throw Http2Exception.stream(id, Http2.STREAM_CLOSED, "DATA after END_STREAM");
        }
        if (flow > stream.recvWindow) {
            returnCredit(flow);
            throw Http2Exception.stream(id, Http2.FLOW_CONTROL_ERROR, "DATA beyond the stream window");
        }
        stream.recvWindow -= flow;
        boolean end = frame.flag(Http2.FLAG_END_STREAM);
        int length = frame.length();
        if (length == 0 && !end && empties.add(System.nanoTime())) {
            throw Http2Exception.connection(Http2.ENHANCE_YOUR_CALM, "too many empty frames");
        }
        stream.received += length;
        if (stream.declaredLength >= 0 && (stream.received > stream.declaredLength
                || end && stream.received != stream.declaredLength)) {
            returnCredit(flow);
            throw Http2Exception.stream(id, Http2.PROTOCOL_ERROR, "body length differs from content-length");
        }
        if (stream.handlerDone) {
            returnCredit(flow);
        } else {
            if (flow > length) {
                consumed(stream, flow - length); // padding: nobody reads it
            }
            if (length > 0) {
                byte[] copy = new byte[length];
                System.arraycopy(frame.payload(), frame.offset(), copy, 0, length);
                stream.inbound.add(copy);
                stream.inboundBytes += length;
            }
        }
        if (end) {
            stream.remoteClosed = true;
            stream.endReceived = true;
            if (stream.closed()) {
                closeStream(stream, CLOSED_NORMALLY);
            }
        }
        stream.readable.signalAll();
    }

    /** A frame for a stream that is not open: idle, closed normally or reset. */
    private void lateFrame(int id, String type) throws Http2Exception {
        if (id > highestStreamId || id % 2 == 0) {
            throw Http2Exception.connection(Http2.PROTOCOL_ERROR, type + " on idle stream " + id);
        }
        Byte why = recentlyClosed.get(id);
        if (why != null && why == RESET_BY_US) {
            return; // frames in flight when we reset it (5.4.2)
        }
        if (why == null && type.equals("HEADERS")) {
            // a stream id below the highest one that was never opened (5.1.1); or one closed so long ago that
            // no frame of it can still be in flight
            throw Http2Exception.connection(Http2.PROTOCOL_ERROR, "HEADERS with a stream id below the highest");
        }
        throw Http2Exception.stream(id, Http2.STREAM_CLOSED, type + " on closed stream " + id);
    }

    private void onHeaders(Frame frame) throws Http2Exception {
        int id = frame.streamId();
        if (id % 2 == 0) {
            throw Http2Exception.connection(Http2.PROTOCOL_ERROR, "HEADERS on even stream " + id);
        }
        headerBlockLength = 0;
        appendBlock(frame);
        if (frame.flag(Http2.FLAG_END_HEADERS)) {
            headerBlock(id, frame.flag(Http2.FLAG_END_STREAM), frame.streamDependency());
        } else {
            continuationStream = id;
            continuationEndStream = frame.flag(Http2.FLAG_END_STREAM);
            continuationDependency = frame.streamDependency();
        }
    }

    private void onContinuation(Frame frame) throws Http2Exception {
        if (continuationStream == 0) {
            throw Http2Exception.connection(Http2.PROTOCOL_ERROR, "CONTINUATION without HEADERS");
        }
        if (frame.length() == 0 && !frame.flag(Http2.FLAG_END_HEADERS) && empties.add(System.nanoTime())) {
            throw Http2Exception.connection(Http2.ENHANCE_YOUR_CALM, "too many empty frames");
        }
        appendBlock(frame);
        if (frame.flag(Http2.FLAG_END_HEADERS)) {
            int id = continuationStream;
            continuationStream = 0;
            headerBlock(id, continuationEndStream, continuationDependency);
        }
    }

    private void appendBlock(Frame frame) throws Http2Exception {
        int length = frame.length();
        if (headerBlockLength + length > maxHeaderBlock) {
            throw Http2Exception.connection(Http2.ENHANCE_YOUR_CALM, "header block larger than " + maxHeaderBlock
                    + " bytes");
        }
        if (headerBlockLength + length > headerBlock.length) {
            headerBlock = java.util.Arrays.copyOf(headerBlock,
                    Math.min(maxHeaderBlock, Math.max(headerBlock.length * 2, headerBlockLength + length)));
        }
        System.arraycopy(frame.payload(), frame.offset(), headerBlock, headerBlockLength, length);
        headerBlockLength += length;
    }

    /** A complete header block arrived for stream {@code id}. */
    private void headerBlock(int id, boolean endStream, int dependency) throws Http2Exception {
        List<HeaderField> fields;
        boolean tooLarge = false;
        try {
            fields = decoder.decode(headerBlock, 0, headerBlockLength);
        } catch (HpackException e) {
            if (!e.headerListTooLarge()) {
                throw Http2Exception.connection(Http2.COMPRESSION_ERROR, e.getMessage());
            }
            fields = List.of();
            tooLarge = true;
        }
        if (headerBlock.length > 16 * 1024) {
            headerBlock = new byte[1024]; // do not keep a large buffer for the connection's life
        }
        Stream stream = streams.get(id);
        if (stream != null) {
            if (dependency == id) {
                throw Http2Exception.stream(id, Http2.PROTOCOL_ERROR, "stream depends on itself");
            }
            trailers(stream, fields, endStream, tooLarge);
            return;
        }
        if (id <= highestStreamId) {
            lateFrame(id, "HEADERS");
            return;
        }
        highestStreamId = id;
        lastActive = System.nanoTime();
        if (dependency == id) {
            throw Http2Exception.stream(id, Http2.PROTOCOL_ERROR, "stream depends on itself");
        }
        if (goAwaySent || peerGoAway) {
            resetStream(id, Http2.REFUSED_STREAM);
            return;
        }
        if (streams.size() >= config.maxConcurrentStreams()
                || runningHandlers >= 2 * config.maxConcurrentStreams()) {
            // handlers of streams the client reset count too: their work goes on after the reset
            resetStream(id, Http2.REFUSED_STREAM);
            return;
        }
        RequestHeaders.Head head = null;
        HttpException refusal = null;
        if (tooLarge) {
            refusal = new HttpException(Status.REQUEST_HEADER_FIELDS_TOO_LARGE, "request header fields larger than "
                    + config.maxHeaderListSize() + " bytes");
        } else {
            try {
                head = RequestHeaders.request(fields);
                if (endStream && head.contentLength() > 0) {
                    throw new RequestHeaders.Malformed("content-length without a body");
                }
            } catch (RequestHeaders.Malformed e) {
                LOG.log(System.Logger.Level.DEBUG, "h2 connection {0} stream {1}: malformed request: {2}",
                        connection.id(), id, e.getMessage());
                throw Http2Exception.stream(id, Http2.PROTOCOL_ERROR, e.getMessage());
            } catch (HttpException e) {
                refusal = e;
            }
        }
        Stream created = new Stream(id, lock.newCondition(), peerInitialWindow, config.initialWindowSize());
        created.remoteClosed = endStream;
        created.endReceived = endStream;
        created.declaredLength = head == null ? -1 : head.contentLength();
        streams.put(id, created);
        startExchange(created, head, refusal);
    }

    private void trailers(Stream stream, List<HeaderField> fields, boolean endStream, boolean tooLarge)
            throws Http2Exception {
        int id = stream.id;
        if (stream.remoteClosed) {
            throw Http2Exception.stream(id, Http2.STREAM_CLOSED, "HEADERS after END_STREAM");
        }
        if (!endStream) {
            throw Http2Exception.stream(id, Http2.PROTOCOL_ERROR, "trailers without END_STREAM");
        }
        if (tooLarge) {
            throw Http2Exception.stream(id, Http2.PROTOCOL_ERROR, "trailers too large");
        }
        try {
            stream.trailers = RequestHeaders.trailers(fields);
        } catch (RequestHeaders.Malformed e) {
            throw Http2Exception.stream(id, Http2.PROTOCOL_ERROR, e.getMessage());
        }
        if (stream.declaredLength >= 0 && stream.received != stream.declaredLength) {
            throw Http2Exception.stream(id, Http2.PROTOCOL_ERROR, "body length differs from content-length");
        }
        stream.remoteClosed = true;
        stream.endReceived = true;
        if (stream.closed()) {
            closeStream(stream, CLOSED_NORMALLY);
        }
        stream.readable.signalAll();
    }

    private void startUpgradedStream() {
        highestStreamId = 1;
        Stream stream = new Stream(1, lock.newCondition(), peerInitialWindow, config.initialWindowSize());
        stream.remoteClosed = true; // RFC 7540 3.2: the upgraded request is half-closed (remote)
        stream.endReceived = true;
        stream.declaredLength = upgraded.body().length;
        stream.received = upgraded.body().length;
        if (upgraded.body().length > 0) {
            stream.inbound.add(upgraded.body());
            stream.inboundBytes = upgraded.body().length;
            // these bytes came over HTTP/1.1: reading them must not open the HTTP/2 connection window
            connUnacked -= upgraded.body().length;
        }
        streams.put(1, stream);
        startExchange(stream, upgraded.head(), null);
    }

    private void startExchange(Stream stream, RequestHeaders.Head head, HttpException refusal) {
        runningHandlers++;
        Exchange exchange = new Exchange(this, stream, head, refusal);
        Thread.ofVirtual().name("motor-h2-" + connection.id() + "-" + stream.id).start(exchange);
    }

    // ====================================================================== streams, for handlers

    /**
     * Reads request body bytes, waiting for them; -1 at the end of the body.
     *
     * @throws IOException   if the stream was reset or the connection ended
     * @throws HttpException 408 if no data came within the idle timeout
     */
    int readBody(Stream stream, byte[] b, int off, int len) throws IOException {
        lock.lock();
        try {
            long waitNanos = config.idleTimeout().toNanos();
            while (stream.inboundBytes == 0) {
                if (stream.endReceived) {
                    return -1;
                }
                if (stream.resetCode >= 0) {
                    throw new IOException("the stream was reset: " + Http2.errorName(stream.resetCode));
                }
                if (dead) {
                    throw new IOException("the connection ended");
                }
                if (waitNanos <= 0) {
                    throw new HttpException(Status.REQUEST_TIMEOUT, "request body not received in time");
                }
                long before = System.nanoTime();
                waitNanos = stream.readable.awaitNanos(waitNanos);
                if (tooSlow(stream, System.nanoTime() - before)) {
                    throw new HttpException(Status.REQUEST_TIMEOUT, "request body arrived more slowly than "
                            + config.minDataRate() + " bytes per second");
                }
            }
            byte[] first = stream.inbound.peekFirst();
            int available = first.length - stream.inboundOffset;
            int n = Math.min(len, available);
            System.arraycopy(first, stream.inboundOffset, b, off, n);
            stream.inboundOffset += n;
            if (stream.inboundOffset == first.length) {
                stream.inbound.removeFirst();
                stream.inboundOffset = 0;
            }
            stream.inboundBytes -= n;
            stream.movedBytes += n;
            consumed(stream, n);
            return n;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while reading the request body");
        } finally {
            lock.unlock();
        }
    }

    /**
     * Queues a header block (HEADERS and any CONTINUATION frames).
     *
     * @throws IOException if the stream was reset or the connection ended
     */
    void writeHeaders(Stream stream, List<HeaderField> fields, boolean endStream) throws IOException {
        lock.lock();
        try {
            checkWritable(stream);
            stream.responseStarted = true;
            byte[] block = encoder.encode(fields);
            enqueue(FrameWriter.headers(stream.id, block, endStream, peerMaxFrameSize));
            if (endStream) {
                endLocal(stream);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Sends {@code 100 Continue} unless the body has arrived or the response has begun. */
    void sendContinue(Stream stream) throws IOException {
        lock.lock();
        try {
            if (stream.endReceived || stream.responseStarted || stream.resetCode >= 0 || dead) {
                return;
            }
            byte[] block = encoder.encode(List.of(new HeaderField(":status", "100", false)));
            enqueue(FrameWriter.headers(stream.id, block, false, peerMaxFrameSize));
        } finally {
            lock.unlock();
        }
    }

    /**
     * Queues body bytes as DATA frames, waiting for the flow-control windows and for queue space; with
     * {@code endStream}, the last frame (an empty one if {@code len} is 0) ends the stream.
     *
     * @throws IOException if the stream was reset, the connection ended, or the peer kept its window shut
     *                     for longer than the idle timeout
     */
    void writeData(Stream stream, byte[] b, int off, int len, boolean endStream) throws IOException {
        lock.lock();
        try {
            long waitNanos = config.idleTimeout().toNanos();
            do {
                checkWritable(stream);
                long window = Math.min(stream.sendWindow, connSendWindow);
                if (len == 0 && endStream) {
                    if (queuedBytes <= QUEUE_LIMIT) {
                        enqueue(FrameWriter.data(stream.id, b, off, 0, true));
                        endLocal(stream);
                        return;
                    }
                } else if (window > 0 && queuedBytes <= QUEUE_LIMIT) {
                    int n = (int) Math.min(Math.min(window, Math.min(peerMaxFrameSize, MAX_DATA_FRAME)), len);
                    boolean last = n == len && endStream;
                    enqueue(FrameWriter.data(stream.id, b, off, n, last));
                    stream.sendWindow -= n;
                    connSendWindow -= n;
                    stream.movedBytes += n;
                    off += n;
                    len -= n;
                    waitNanos = config.idleTimeout().toNanos();
                    if (last) {
                        endLocal(stream);
                    }
                    continue;
                }
                if (waitNanos <= 0) {
                    throw new IOException("the peer kept its flow-control window closed for "
                            + config.idleTimeout().toSeconds() + " s");
                }
                long before = System.nanoTime();
                waitNanos = writable.awaitNanos(waitNanos);
                if (tooSlow(stream, System.nanoTime() - before)) {
                    // the client reads (or opens its window) too slowly: end the stream, not the connection
                    resetStream(stream.id, Http2.CANCEL);
                    throw new IOException("the client took the response more slowly than " + config.minDataRate()
                            + " bytes per second");
                }
            } while (len > 0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while writing the response body");
        } finally {
            lock.unlock();
        }
    }

    /**
     * Counts a wait for the stream's client and says whether the client has been too slow: after
     * {@code minDataRateGrace} of waiting in all, fewer than {@code minDataRate} body bytes per second of
     * that waiting. Only waiting counts, so a handler that is slow itself is never held against its client;
     * a client dribbling a byte just before each wait would end keeps its stream only as long as its rate
     * holds. Must hold the lock.
     */
    private boolean tooSlow(Stream stream, long waitedNanos) {
        stream.waitedNanos += waitedNanos;
        long rate = config.minDataRate();
        return rate > 0 && stream.waitedNanos > config.minDataRateGrace().toNanos()
                && stream.movedBytes * 1e9 / stream.waitedNanos < rate;
    }

    private void checkWritable(Stream stream) throws IOException {
        if (dead) {
            throw new IOException("the connection ended");
        }
        if (stream.resetCode >= 0) {
            throw new IOException("the stream was reset: " + Http2.errorName(stream.resetCode));
        }
        if (stream.localClosed) {
            throw new IllegalStateException("the stream's response is complete");
        }
    }

    private void endLocal(Stream stream) {
        stream.localClosed = true;
        if (stream.closed()) {
            closeStream(stream, CLOSED_NORMALLY);
        }
    }

    /**
     * The handler of a stream returned: the rest of a request body that is still coming is not wanted
     * (RST_STREAM NO_ERROR, as RFC 9113 8.1 allows after a complete response); a response that is not
     * complete is cut off (RST_STREAM INTERNAL_ERROR).
     */
    void exchangeDone(Stream stream) {
        lock.lock();
        try {
            runningHandlers--;
            stream.handlerDone = true;
            if (stream.resetCode < 0) {
                if (!stream.localClosed) {
                    resetStream(stream.id, Http2.INTERNAL_ERROR);
                } else if (!stream.remoteClosed) {
                    resetStream(stream.id, Http2.NO_ERROR);
                }
            }
            releaseInbound(stream);
            lastActive = System.nanoTime();
            if ((goAwaySent || peerGoAway) && streams.isEmpty() && runningHandlers == 0) {
                goAway(Http2.NO_ERROR, "");
                beginClose();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Resets a stream from a handler (a failure after the response was committed). */
    void reset(Stream stream, int errorCode) {
        lock.lock();
        try {
            if (stream.resetCode < 0 && !dead) {
                resetStream(stream.id, errorCode);
            }
        } finally {
            lock.unlock();
        }
    }

    /** {@return the trailers of a stream whose body arrived in full, or null} */
    motor.spi.Headers trailers(Stream stream) {
        lock.lock();
        try {
            return stream.endReceived ? stream.trailers : null;
        } finally {
            lock.unlock();
        }
    }

    /**
     * {@return whether nothing can be sent on the stream any more: it was reset (by the peer, or by us for
     * the peer's error, which the handler's failure then only reflects) or the connection ended}
     */
    boolean gone(Stream stream) {
        lock.lock();
        try {
            return dead || stream.resetCode >= 0;
        } finally {
            lock.unlock();
        }
    }

    // ====================================================================== state helpers (under lock)

    private void resetStream(int id, int errorCode) {
        enqueueControl(FrameWriter.rstStream(id, errorCode));
        Stream stream = streams.get(id);
        if (stream != null) {
            stream.resetCode = errorCode;
            closeStream(stream, RESET_BY_US);
        } else {
            recentlyClosed.put(id, RESET_BY_US);
        }
    }

    private void closeStream(Stream stream, byte why) {
        stream.localClosed = true;
        stream.remoteClosed = true;
        streams.remove(stream.id);
        recentlyClosed.put(stream.id, why);
        lastActive = System.nanoTime();
        if (why != CLOSED_NORMALLY) {
            releaseInbound(stream);
        }
        stream.readable.signalAll();
        writable.signalAll();
    }

    /** Gives the connection window back for body bytes the handler will never read. */
    private void releaseInbound(Stream stream) {
        if (stream.handlerDone || stream.resetCode >= 0) {
            if (stream.inboundBytes > 0) {
                returnCredit(stream.inboundBytes);
            }
            stream.inbound.clear();
            stream.inboundOffset = 0;
            stream.inboundBytes = 0;
        }
    }

    /** Bytes the application consumed: the windows open again, in steps of half a window. */
    private void consumed(Stream stream, long n) {
        if (!stream.remoteClosed) {
            stream.unacked += n;
            if (stream.unacked >= config.initialWindowSize() / 2) {
                enqueueControl(FrameWriter.windowUpdate(stream.id, (int) stream.unacked));
                stream.recvWindow += stream.unacked;
                stream.unacked = 0;
            }
        }
        returnCredit(n);
    }

    /** Returns connection-level credit, in steps of half the connection window. */
    private void returnCredit(long n) {
        connUnacked += n;
        if (connUnacked >= config.initialWindowSize() / 2) {
            enqueueControl(FrameWriter.windowUpdate(0, (int) connUnacked));
            connRecvWindow += connUnacked;
            connUnacked = 0;
        }
    }

    private void enqueue(byte[] frame) {
        if (dead) {
            return;
        }
        queue.add(frame);
        queuedBytes += frame.length;
        queued.signal();
    }

    /** Queues an answer of the reader's; a peer that does not read them is refused. */
    private void enqueueControl(byte[] frame) {
        if (queuedBytes > QUEUE_ABUSE && !failed) {
            failed = true;
            LOG.log(System.Logger.Level.DEBUG, "h2 connection {0}: the peer does not read; closing", connection.id());
            beginClose();
            return;
        }
        enqueue(frame);
    }

    private void connectionError(Http2Exception e) {
        if (failed) {
            return;
        }
        LOG.log(System.Logger.Level.DEBUG, "h2 connection {0}: {1} {2}", connection.id(), Http2.errorName(e.errorCode()),
                e.getMessage());
        goAway(e.errorCode(), e.errorCode() == Http2.INTERNAL_ERROR ? "" : e.getMessage());
        failed = true;
        for (Stream stream : new ArrayList<>(streams.values())) {
            stream.resetCode = Http2.CANCEL;
            closeStream(stream, RESET_BY_US);
        }
        beginClose();
    }

    private void goAway(int errorCode, String debug) {
        if (!goAwaySent || errorCode != Http2.NO_ERROR) {
            goAwaySent = true;
            enqueue(FrameWriter.goAway(highestStreamId, errorCode, debug == null ? "" : debug));
        }
    }

    private void beginClose() {
        closing = true;
        queued.signal();
    }

    /** Graceful shutdown of the server: no new streams, the open ones finish. */
    private void drain() {
        lock.lock();
        try {
            goAway(Http2.NO_ERROR, "");
            if (streams.isEmpty() && runningHandlers == 0) {
                beginClose();
            }
            queued.signal();
        } finally {
            lock.unlock();
        }
    }

    // ====================================================================== the writer

    private void writeLoop() {
        List<ByteBuffer> batch = new ArrayList<>();
        try {
            while (true) {
                long batchBytes = 0;
                lock.lock();
                try {
                    while (queue.isEmpty() && !closing && !dead) {
                        long wait = housekeeping();
                        if (queue.isEmpty() && !closing) {
                            queued.awaitNanos(wait);
                        }
                    }
                    if (queue.isEmpty()) {
                        break; // closing (or dead) with nothing left to send
                    }
                    while (!queue.isEmpty() && batch.size() < 64) {
                        byte[] frame = queue.poll();
                        batch.add(ByteBuffer.wrap(frame));
                        batchBytes += frame.length;
                    }
                } finally {
                    lock.unlock();
                }
                transport.write(batch.toArray(ByteBuffer[]::new));
                batch.clear();
                lock.lock();
                try {
                    queuedBytes -= batchBytes;
                    writable.signalAll();
                } finally {
                    lock.unlock();
                }
            }
            if (!dead) {
                connection.idleTimeout(LINGER);
                transport.shutdownOutput();
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "h2 connection {0}: write failed: {1}", connection.id(), e.toString());
            kill();
            try {
                transport.close();
            } catch (IOException ignored) {
                // closing a failed transport
            }
        } catch (InterruptedException e) {
            kill();
        }
    }

    /**
     * The writer's timers; runs under the lock when the queue is empty.
     *
     * @return how long to wait before looking again, in nanoseconds
     */
    private long housekeeping() {
        long now = System.nanoTime();
        long idle = config.idleTimeout().toNanos();
        if (!settingsAcked) {
            long settingsWait = config.settingsTimeout().toNanos() - (now - settingsSentAt);
            if (settingsWait <= 0) {
                connectionError(Http2Exception.connection(Http2.SETTINGS_TIMEOUT, "SETTINGS not acknowledged"));
                return 0;
            }
            idle = Math.min(idle, settingsWait);
        }
        if (streams.isEmpty() && runningHandlers == 0) {
            long left = config.idleTimeout().toNanos() - (now - lastActive);
            if (left <= 0) {
                goAway(Http2.NO_ERROR, "idle");
                beginClose();
                return 0;
            }
            return Math.min(idle, left);
        }
        return idle;
    }

    /** The connection can send nothing more: every stream is reset and every waiter woken. */
    private void kill() {
        lock.lock();
        try {
            dead = true;
            closing = true;
            queue.clear();
            queuedBytes = 0;
            for (Stream stream : new ArrayList<>(streams.values())) {
                stream.resetCode = Http2.CANCEL;
                closeStream(stream, RESET_BY_US);
            }
            writable.signalAll();
            queued.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * The reader is done: after a GOAWAY it reads on until the peer closes (briefly, so that the peer
     * reads our GOAWAY instead of a reset), then everything ends.
     */
    private void finish() {
        boolean linger;
        lock.lock();
        try {
            linger = failed || goAwaySent;
            if (!linger) {
                // the peer went away: nothing open can be answered
                dead = true;
                for (Stream stream : new ArrayList<>(streams.values())) {
                    stream.resetCode = Http2.CANCEL;
                    closeStream(stream, RESET_BY_US);
                }
                queue.clear();
            }
            beginClose();
            queued.signalAll();
            writable.signalAll();
        } finally {
            lock.unlock();
        }
        try {
            if (writer != null && !writer.join(Duration.ofSeconds(10))) {
                LOG.log(System.Logger.Level.DEBUG, "h2 connection {0}: writer still busy at close", connection.id());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (linger) {
            try {
                byte[] scratch = new byte[8192];
                long discarded = 0;
                int n;
                while (discarded < LINGER_BYTES && (n = transport.read(scratch, 0, scratch.length)) >= 0) {
                    discarded += n;
                }
            } catch (IOException e) {
                // the peer closed or reset: done either way
            }
        }
        kill();
    }
}
