package motor.ext.websocket.internal;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import motor.ext.websocket.Message;
import motor.ext.websocket.WebSocket;
import motor.ext.websocket.WebSocketException;

/**
 * The message being received: a stream over the payload of its frames, read from the connection on
 * demand. Between fragments it handles the control frames that may come in between; it inflates a
 * compressed message with a cap on the inflated size that is checked as the output comes (so a deflate
 * bomb costs no more than the limit), and validates text as UTF-8 chunk by chunk before handing it out.
 * One instance serves every message of a connection in turn; listeners get a {@link #view()} of it.
 */
final class IncomingMessage extends InputStream {

    /** What permessage-deflate takes off the end of each message (RFC 7692 section 7.2.2). */
    private static final byte[] TAIL = {0, 0, (byte) 0xFF, (byte) 0xFF};

    private final WebSocketConnection connection;
    private final FrameReader frames;
    private final long limit;
    private final Inflater inflater;
    private final boolean resetInflater;
    private final Utf8Validator utf8 = new Utf8Validator();
    private byte[] compressed;
    private byte[] input;
    private int inputEnd;

    private boolean text;
    private boolean deflated;
    private boolean ended;
    private boolean tailFed;
    /** Whether a final DEFLATE block ended the stream with no input left after it. */
    private boolean streamEnded;
    private long size;
    private IOException failure;
    private final byte[] one = new byte[1];
    /**
     * Counts the messages begun and finished: a {@link View} reads only while the count is the one it was
     * made with, so a message kept past its {@code onMessage} cannot read the bytes of the next one.
     */
    private volatile long generation;

    IncomingMessage(WebSocketConnection connection, FrameReader frames, long limit, Inflater inflater,
                    boolean resetInflater) {
        this.connection = connection;
        this.frames = frames;
        this.limit = limit;
        this.inflater = inflater;
        this.resetInflater = resetInflater;
    }

    /** Starts a message whose first frame head was just read. */
    void begin(boolean isText, boolean isCompressed) throws IOException {
        generation++;
        text = isText;
        deflated = isCompressed;
        ended = false;
        tailFed = false;
        streamEnded = false;
        size = 0;
        failure = null;
        utf8.reset();
        checkFrame();
    }

    /** Reads and discards whatever the listener left unread; rethrows a failure it may have swallowed. */
    void finish() throws IOException {
        try {
            if (failure != null) {
                throw failure;
            }
            skipRest();
        } finally {
            generation++;
        }
    }

    /** {@return the current message as the listener gets it: readable until its onMessage returns} */
    Message view() {
        return new View(generation, text);
    }

    /** One message as handed to the listener; it refuses to read once its message is over. */
    private final class View extends InputStream implements Message {
        private final long of;
        private final boolean isText;

        View(long of, boolean isText) {
            this.of = of;
            this.isText = isText;
        }

        private void check() {
            if (generation != of) {
                throw new IllegalStateException("a message can be read only during its onMessage call");
            }
        }

        @Override
        public boolean isText() {
            return isText;
        }

        @Override
        public String text() throws IOException {
            return new String(readAllBytes(), StandardCharsets.UTF_8);
        }

        @Override
        public byte[] bytes() throws IOException {
            return readAllBytes();
        }

        @Override
        public InputStream stream() {
            return this;
        }

        @Override
        public Reader reader() {
            return new InputStreamReader(this, StandardCharsets.UTF_8);
        }

        @Override
        public int read() throws IOException {
            check();
            return IncomingMessage.this.read();
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            check();
            return IncomingMessage.this.read(buffer, offset, length);
        }

        @Override
        public void close() throws IOException {
            if (generation == of) {
                IncomingMessage.this.close();
            }
        }
    }

    IOException failure() {
        return failure;
    }

    private void skipRest() throws IOException {
        byte[] sink = new byte[8192];
        while (read(sink, 0, sink.length) >= 0) {
            // discard
        }
    }

    // ------------------------------------------------------------------ InputStream

    @Override
    public int read() throws IOException {
        int n;
        do {
            n = read(one, 0, 1);
        } while (n == 0);
        return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        java.util.Objects.checkFromIndexSize(offset, length, buffer.length);
        if (failure != null) {
            throw failure;
        }
        if (ended) {
            return -1;
        }
        if (length == 0) {
            return 0;
        }
        try {
            int n = deflated ? readInflated(buffer, offset, length) : readPlain(buffer, offset, length);
            if (n < 0) {
                ended = true;
                if (text && !utf8.complete()) {
                    throw new WebSocketException(WebSocket.INVALID_DATA, "a text message ends inside a UTF-8 character");
                }
                return -1;
            }
            size += n;
            if (size > limit) {
                throw tooBig();
            }
            if (text && utf8.feed(buffer, offset, n) >= 0) {
                throw new WebSocketException(WebSocket.INVALID_DATA, "a text message is not valid UTF-8");
            }
            return n;
        } catch (IOException e) {
            failure = e;
            ended = true;
            throw e;
        }
    }

    @Override
    public void close() throws IOException {
        if (failure == null) {
            skipRest();
        }
    }

    private int readPlain(byte[] buffer, int offset, int length) throws IOException {
        while (true) {
            int n = frames.readPayload(buffer, offset, length);
            if (n >= 0) {
                return n;
            }
            if (frames.fin()) {
                return -1;
            }
            nextFragment();
        }
    }

    private int readInflated(byte[] buffer, int offset, int length) throws IOException {
        while (true) {
            if (inflater.needsInput()) {
                if (!feed()) {
                    return -1;
                }
                continue;
            }
            int n;
            try {
                // at most one byte past the limit: enough to know it was passed, and no more is inflated
                n = inflater.inflate(buffer, offset, (int) Math.min(length, limit - size + 1));
            } catch (DataFormatException e) {
                throw new WebSocketException(WebSocket.INVALID_DATA, "a compressed message is not valid DEFLATE data");
            }
            if (n > 0) {
                return n;
            }
            if (inflater.needsDictionary()) {
                throw new WebSocketException(WebSocket.INVALID_DATA, "a compressed message asks for a dictionary");
            }
            if (inflater.finished()) {
                // A block with BFINAL ended the DEFLATE stream (RFC 7692 section 7.2.3.3 allows it): the
                // appended tail is dropped, and the next message starts a new stream, as the sender's does.
                int rest = inflater.getRemaining();
                inflater.reset();
                if (rest > 0 && input != TAIL) {
                    inflater.setInput(input, inputEnd - rest, rest);
                } else if (input != TAIL) {
                    streamEnded = true; // the tail still to come belongs to the ended stream: not fed
                }
            }
        }
    }

    /** Gives the inflater more input: payload, then the next fragment, then the tail; false at the end. */
    private boolean feed() throws IOException {
        while (true) {
            if (compressed == null) {
                compressed = new byte[8192];
            }
            int n = frames.readPayload(compressed, 0, compressed.length);
            if (n > 0) {
                input = compressed;
                inputEnd = n;
                streamEnded = false;
                inflater.setInput(compressed, 0, n);
                return true;
            }
            if (!frames.fin()) {
                nextFragment();
                continue;
            }
            if (!tailFed && !streamEnded) {
                tailFed = true;
                input = TAIL;
                inputEnd = TAIL.length;
                inflater.setInput(TAIL);
                return true;
            }
            if (resetInflater) {
                inflater.reset();
            }
            return false;
        }
    }

    /** Reads frames up to the next continuation of this message, answering control frames on the way. */
    private void nextFragment() throws IOException {
        while (true) {
            if (!frames.next()) {
                throw new EOFException("the connection ended inside a message");
            }
            if (frames.opcode() == FrameReader.CONTINUATION) {
                checkFrame();
                return;
            }
            if (connection.handleControl(frames)) {
                throw new WebSocketConnection.PeerClosed();
            }
        }
    }

    /** Fails a frame that would take an uncompressed message past the limit before reading it. */
    private void checkFrame() throws WebSocketException {
        if (!deflated && size + frames.remaining() > limit) {
            throw tooBig();
        }
    }

    private WebSocketException tooBig() {
        return new WebSocketException(WebSocket.TOO_BIG, "a message is larger than the " + limit + " bytes allowed");
    }
}
