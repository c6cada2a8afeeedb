package motor.ext.websocket.internal;

import java.io.EOFException;
import java.io.IOException;
import motor.ext.websocket.WebSocket;
import motor.ext.websocket.WebSocketException;

/**
 * Reads client frames (RFC 6455 section 5.2) from a byte source: a frame head with {@link #next()}, then
 * its payload, unmasked, with {@link #readPayload}. Everything the head alone can tell is checked there,
 * before a byte of payload is read:
 *
 * <pre>
 *   next() ──► head complete? ──no──► read more (EOF between frames: false; inside one: EOFException)
 *                 │ yes
 *                 ▼
 *   opcode known, RSV bits allowed, MASK set,     ──fail──► WebSocketException 1002
 *   control frame FIN and &lt;= 125, continuation
 *   only inside a message, no new message inside one,
 *   64-bit length without the top bit, minimal length
 *                 │
 *   length &lt;= maxFrameSize ──fail──► WebSocketException 1009
 *                 ▼
 *   readPayload() until it returns -1 ──► next()
 * </pre>
 *
 * <p>Not thread-safe: one reader thread.
 */
final class FrameReader {

    /** Where the bytes come from: the connection's transport, or a test's array. */
    @FunctionalInterface
    interface Source {
        /**
         * Reads some bytes, blocking until at least one is there.
         *
         * @return how many, or -1 at the end
         */
        int read(byte[] buffer, int offset, int length) throws IOException;
    }

    static final int CONTINUATION = 0x0;
    static final int TEXT = 0x1;
    static final int BINARY = 0x2;
    static final int CLOSE = 0x8;
    static final int PING = 0x9;
    static final int PONG = 0xA;

    private final Source source;
    private final long maxFrameSize;
    private final boolean compressionAgreed;
    private final byte[] buffer;
    private int pos;
    private int end;

    private boolean fin;
    private boolean rsv1;
    private int opcode;
    private long remaining;
    private final byte[] mask = new byte[4];
    private int maskIndex;
    /** Whether a data message has begun whose last frame has not come yet. */
    private boolean inMessage;

    /**
     * @param source            the bytes
     * @param maxFrameSize      the largest payload accepted
     * @param compressionAgreed whether permessage-deflate was agreed, which gives RSV1 a meaning
     * @param bufferSize        the read buffer's size, at least 14
     */
    FrameReader(Source source, long maxFrameSize, boolean compressionAgreed, int bufferSize) {
        this.source = source;
        this.maxFrameSize = maxFrameSize;
        this.compressionAgreed = compressionAgreed;
        this.buffer = new byte[Math.max(14, bufferSize)];
    }

    /**
     * Reads the next frame head. The payload of the frame before must have been read completely.
     *
     * @return {@code false} if the source ended cleanly between frames
     * @throws EOFException       if it ended inside a frame head
     * @throws WebSocketException if the head breaks the protocol (1002) or a limit (1009)
     * @throws IOException        if reading fails
     */
    boolean next() throws IOException {
        if (remaining != 0) {
            throw new IllegalStateException("the payload of the previous frame was not read");
        }
        if (!fill(2)) {
            if (end == pos) {
                return false;
            }
            throw new EOFException("the connection ended inside a frame head");
        }
        int b0 = buffer[pos] & 0xFF;
        int b1 = buffer[pos + 1] & 0xFF;
        boolean finBit = (b0 & 0x80) != 0;
        boolean rsv1Bit = (b0 & 0x40) != 0;
        int code = b0 & 0x0F;
        int length7 = b1 & 0x7F;
        if ((b0 & 0x30) != 0) {
            throw protocolError("reserved bits RSV2 or RSV3 set without an extension that defines them");
        }
        boolean control = (code & 0x8) != 0;
        switch (code) {
            case CONTINUATION, TEXT, BINARY, CLOSE, PING, PONG -> { }
            default -> throw protocolError("reserved opcode " + code);
        }
        if (rsv1Bit && (!compressionAgreed || control || code == CONTINUATION)) {
            throw protocolError(compressionAgreed ? "RSV1 set on a frame other than the first of a message"
                    : "reserved bit RSV1 set without permessage-deflate");
        }
        if ((b1 & 0x80) == 0) {
            throw protocolError("a client frame is not masked");
        }
        if (control) {
            if (!finBit) {
                throw protocolError("a fragmented control frame");
            }
            if (length7 > 125) {
                throw protocolError("a control frame longer than 125 bytes");
            }
        } else if (code == CONTINUATION && !inMessage) {
            throw protocolError("a continuation frame without a message to continue");
        } else if (code != CONTINUATION && inMessage) {
            throw protocolError("a new message began before the fragmented one ended");
        }
        int extra = length7 == 126 ? 2 : length7 == 127 ? 8 : 0;
        int headLength = 2 + extra + 4;
        if (!fill(headLength)) {
            throw new EOFException("the connection ended inside a frame head");
        }
        long length;
        if (length7 == 126) {
            length = ((buffer[pos + 2] & 0xFF) << 8) | (buffer[pos + 3] & 0xFF);
            if (length < 126) {
                throw protocolError("a frame length not in its shortest form");
            }
        } else if (length7 == 127) {
            length = 0;
            for (int i = 0; i < 8; i++) {
                length = (length << 8) | (buffer[pos + 2 + i] & 0xFF);
            }
            if (length < 0) {
                throw protocolError("a 64-bit frame length with its most significant bit set");
            }
            if (length <= 0xFFFF) {
                throw protocolError("a frame length not in its shortest form");
            }
        } else {
            length = length7;
        }
        if (length > maxFrameSize) {
            throw new WebSocketException(WebSocket.TOO_BIG, "a frame of " + length + " bytes is larger than the "
                    + maxFrameSize + " allowed");
        }
        System.arraycopy(buffer, pos + 2 + extra, mask, 0, 4);
        pos += headLength;
        maskIndex = 0;
        fin = finBit;
        rsv1 = rsv1Bit;
        opcode = code;
        remaining = length;
        if (!control) {
            inMessage = !finBit;
        }
        return true;
    }

    /** {@return whether the current frame is the last of its message} */
    boolean fin() {
        return fin;
    }

    /** {@return whether the current frame has RSV1 set (a compressed message, with permessage-deflate)} */
    boolean rsv1() {
        return rsv1;
    }

    /** {@return the current frame's opcode} */
    int opcode() {
        return opcode;
    }

    /** {@return the payload bytes of the current frame not yet read} */
    long remaining() {
        return remaining;
    }

    /**
     * Reads payload of the current frame, unmasked.
     *
     * @return the number of bytes, or -1 when the frame's payload has been read
     * @throws EOFException if the source ends inside the payload
     */
    int readPayload(byte[] destination, int offset, int length) throws IOException {
        if (remaining == 0) {
            return -1;
        }
        if (length == 0) {
            return 0;
        }
        int wanted = (int) Math.min(length, remaining);
        int n;
        if (pos < end) {
            n = Math.min(wanted, end - pos);
            System.arraycopy(buffer, pos, destination, offset, n);
            pos += n;
        } else if (wanted >= buffer.length / 2) {
            n = source.read(destination, offset, wanted);
            if (n < 0) {
                throw new EOFException("the connection ended inside a frame");
            }
        } else {
            pos = 0;
            end = source.read(buffer, 0, buffer.length);
            if (end < 0) {
                end = 0;
                throw new EOFException("the connection ended inside a frame");
            }
            n = Math.min(wanted, end);
            System.arraycopy(buffer, 0, destination, offset, n);
            pos = n;
        }
        unmask(destination, offset, n);
        remaining -= n;
        return n;
    }

    /** XORs the mask into the bytes, eight at a time where it can. */
    private void unmask(byte[] bytes, int offset, int length) {
        int i = offset;
        int stop = offset + length;
        if (length >= 16) {
            long wide = 0;
            for (int k = 0; k < 8; k++) {
                wide = (wide << 8) | (mask[(maskIndex + k) & 3] & 0xFFL);
            }
            for (int wideStop = stop - 7; i < wideStop; i += 8) {
                LONGS.set(bytes, i, (long) LONGS.get(bytes, i) ^ wide);
            }
            maskIndex += i - offset; // a multiple of 8, so the mask phase is unchanged
        }
        for (; i < stop; i++) {
            bytes[i] ^= mask[maskIndex++ & 3];
        }
    }

    private static final java.lang.invoke.VarHandle LONGS =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.BIG_ENDIAN);

    /** Reads the whole payload of the current frame, at most 125 bytes for a control frame. */
    byte[] readSmallPayload() throws IOException {
        byte[] payload = new byte[(int) remaining];
        int done = 0;
        while (done < payload.length) {
            done += readPayload(payload, done, payload.length - done);
        }
        return payload;
    }

    /** Makes sure that {@code count} bytes are buffered; false if the source ended first. */
    private boolean fill(int count) throws IOException {
        if (end - pos >= count) {
            return true;
        }
        if (pos > 0) {
            System.arraycopy(buffer, pos, buffer, 0, end - pos);
            end -= pos;
            pos = 0;
        }
        while (end < count) {
            int n = source.read(buffer, end, buffer.length - end);
            if (n < 0) {
                return false;
            }
            end += n;
        }
        return true;
    }

    private static WebSocketException protocolError(String message) {
        return new WebSocketException(WebSocket.PROTOCOL_ERROR, message);
    }
}
