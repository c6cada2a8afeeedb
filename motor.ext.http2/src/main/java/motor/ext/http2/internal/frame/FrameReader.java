package motor.ext.http2.internal.frame;

import java.io.EOFException;
import java.io.IOException;
import motor.spi.transport.Transport;

/**
 * Reads HTTP/2 frames from a transport and applies the checks that need nothing but the frame itself
 * (RFC 9113 sections 4 and 6): its size against SETTINGS_MAX_FRAME_SIZE, the fixed or minimum length of
 * each type, whether the type may or must use stream 0, the padding and the zero window increment.
 * Everything that needs connection or stream state (which streams exist, CONTINUATION sequencing, flow
 * control, refusing PUSH_PROMISE from a client) is the caller's.
 *
 * <p>Errors, as the RFC prescribes them (a connection error is always allowed where a stream error is, 5.4):
 * <ul>
 *   <li>length above {@link #maxFrameSize()}: FRAME_SIZE_ERROR, connection (also for DATA: the payload is
 *       not read, so the connection cannot go on);
 *   <li>stream 0 on DATA, HEADERS, PRIORITY, RST_STREAM, PUSH_PROMISE, CONTINUATION, or another stream on
 *       SETTINGS, PING, GOAWAY: PROTOCOL_ERROR, connection;
 *   <li>PRIORITY not 5 bytes: FRAME_SIZE_ERROR on that stream; RST_STREAM not 4, PING not 8, WINDOW_UPDATE
 *       not 4, SETTINGS not a multiple of 6 or an ACK with a payload, GOAWAY under 8: FRAME_SIZE_ERROR,
 *       connection; a padded frame or a HEADERS with priority too short for those fields: FRAME_SIZE_ERROR,
 *       connection;
 *   <li>padding as long as the rest of the payload or longer: PROTOCOL_ERROR, connection;
 *   <li>a WINDOW_UPDATE increment of 0: PROTOCOL_ERROR, on that stream or, on stream 0, the connection.
 * </ul>
 * Frames of unknown types are returned unchanged (the caller must ignore them, 5.5).
 *
 * <p>After a stream error the frame has been consumed and the next {@link #read()} goes on with the next
 * frame; after a connection error the reader must not be used again.
 *
 * <p>The reader buffers: one read from the transport may bring several frames, and a frame's payload is
 * returned as a slice of the reader's own buffer, which the next {@link #read()} may overwrite. The buffer
 * grows for a frame larger than 16384 bytes and shrinks back once it is consumed. Not thread-safe: one
 * thread reads.
 */
public final class FrameReader {

    private static final int INITIAL_BUFFER = Http2.FRAME_HEADER_LENGTH + Http2.DEFAULT_MAX_FRAME_SIZE;

    private final Transport in;
    private int maxFrameSize;
    private byte[] buffer;
    private int position;
    private int limit;

    /**
     * Creates a reader.
     *
     * @param in where the frames come from
     * @param maxFrameSize the SETTINGS_MAX_FRAME_SIZE this endpoint announced, 16384 to 16777215
     * @throws IllegalArgumentException if {@code maxFrameSize} is out of range
     */
    public FrameReader(Transport in, int maxFrameSize) {
        this.in = in;
        maxFrameSize(maxFrameSize);
        this.buffer = new byte[INITIAL_BUFFER];
    }

    /**
     * Changes the largest frame payload accepted, once the peer has acknowledged the SETTINGS that
     * announced it.
     *
     * @param size 16384 to 16777215
     * @throws IllegalArgumentException if out of range
     */
    public void maxFrameSize(int size) {
        if (size < Http2.DEFAULT_MAX_FRAME_SIZE || size > Http2.MAX_MAX_FRAME_SIZE) {
            throw new IllegalArgumentException("SETTINGS_MAX_FRAME_SIZE must be 16384 to 16777215: " + size);
        }
        this.maxFrameSize = size;
    }

    /** {@return the largest frame payload accepted} */
    public int maxFrameSize() {
        return maxFrameSize;
    }

    /**
     * Reads the client connection preface (RFC 9113 3.4), exactly 24 bytes.
     *
     * @throws Http2Exception PROTOCOL_ERROR (connection) if the bytes differ
     * @throws EOFException if the stream ends first
     * @throws IOException if reading fails
     */
    public void readPreface() throws IOException, Http2Exception {
        int length = Http2.prefaceLength();
        for (int i = 0; i < length; i++) {
            if (position == limit && !fill(1)) {
                throw new EOFException("the connection ended inside the HTTP/2 connection preface");
            }
            if (!Http2.prefaceByte(i, buffer[position++])) {
                throw Http2Exception.connection(Http2.PROTOCOL_ERROR, "invalid HTTP/2 connection preface");
            }
        }
    }

    /**
     * Reads the next frame, blocking until it is complete.
     *
     * @return the frame, valid until the next call; {@code null} if the stream ended cleanly between frames
     * @throws Http2Exception if the frame breaks a rule listed in the class description
     * @throws EOFException if the stream ends inside a frame
     * @throws IOException if reading fails
     */
    public Frame read() throws IOException, Http2Exception {
        if (limit - position < Http2.FRAME_HEADER_LENGTH && !fill(Http2.FRAME_HEADER_LENGTH)) {
            if (limit == position) {
                return null;
            }
            throw new EOFException("the connection ended inside a frame header");
        }
        byte[] b = buffer;
        int p = position;
        int length = (b[p] & 0xFF) << 16 | (b[p + 1] & 0xFF) << 8 | b[p + 2] & 0xFF;
        int type = b[p + 3] & 0xFF;
        int flags = b[p + 4] & 0xFF;
        int streamId = ((b[p + 5] & 0x7F) << 24 | (b[p + 6] & 0xFF) << 16 | (b[p + 7] & 0xFF) << 8 | b[p + 8] & 0xFF);
        if (length > maxFrameSize) {
            throw Http2Exception.connection(Http2.FRAME_SIZE_ERROR,
                    Http2.typeName(type) + " frame of " + length + " bytes exceeds SETTINGS_MAX_FRAME_SIZE "
                            + maxFrameSize);
        }
        checkHeader(type, flags, streamId, length);
        if (limit - position < Http2.FRAME_HEADER_LENGTH + length && !fill(Http2.FRAME_HEADER_LENGTH + length)) {
            throw new EOFException("the connection ended inside a " + Http2.typeName(type) + " frame");
        }
        int start = position + Http2.FRAME_HEADER_LENGTH;
        position = start + length;
        return payload(type, flags, streamId, buffer, start, length);
    }

    /** The checks that need only the header: stream 0 where it is not allowed, fixed lengths. */
    private static void checkHeader(int type, int flags, int streamId, int length) throws Http2Exception {
        switch (type) {
            case Http2.DATA, Http2.HEADERS, Http2.PRIORITY, Http2.RST_STREAM, Http2.PUSH_PROMISE, Http2.CONTINUATION -> {
                if (streamId == 0) {
                    throw Http2Exception.connection(Http2.PROTOCOL_ERROR,
                            Http2.typeName(type) + " frame on stream 0");
                }
            }
            case Http2.SETTINGS, Http2.PING, Http2.GOAWAY -> {
                if (streamId != 0) {
                    throw Http2Exception.connection(Http2.PROTOCOL_ERROR,
                            Http2.typeName(type) + " frame on a stream other than 0");
                }
            }
            default -> {
            }
        }
        switch (type) {
            case Http2.RST_STREAM -> fixed(type, length, 4);
            case Http2.PING -> fixed(type, length, 8);
            case Http2.WINDOW_UPDATE -> fixed(type, length, 4);
            case Http2.SETTINGS -> {
                if ((flags & Http2.FLAG_ACK) != 0 && length != 0) {
                    throw Http2Exception.connection(Http2.FRAME_SIZE_ERROR, "SETTINGS acknowledgement with a payload");
                }
                if (length % 6 != 0) {
                    throw Http2Exception.connection(Http2.FRAME_SIZE_ERROR,
                            "SETTINGS frame length not a multiple of 6");
                }
            }
            case Http2.GOAWAY -> {
                if (length < 8) {
                    throw Http2Exception.connection(Http2.FRAME_SIZE_ERROR, "GOAWAY frame shorter than 8 bytes");
                }
            }
            default -> {
            }
        }
    }

    private static void fixed(int type, int length, int expected) throws Http2Exception {
        if (length != expected) {
            throw Http2Exception.connection(Http2.FRAME_SIZE_ERROR,
                    Http2.typeName(type) + " frame not " + expected + " bytes long");
        }
    }

    /** Strips padding and priority fields; checks what needs the payload. */
    static Frame payload(int type, int flags, int streamId, byte[] b, int start, int length) throws Http2Exception {
        int offset = start;
        int end = start + length;
        int dependency = -1;
        switch (type) {
            case Http2.DATA, Http2.HEADERS, Http2.PUSH_PROMISE -> {
                boolean padded = (flags & Http2.FLAG_PADDED) != 0;
                boolean priority = type == Http2.HEADERS && (flags & Http2.FLAG_PRIORITY) != 0;
                int fields = (padded ? 1 : 0) + (priority ? 5 : 0);
                if (length < fields) {
                    throw Http2Exception.connection(Http2.FRAME_SIZE_ERROR,
                            Http2.typeName(type) + " frame too short for its pad length or priority fields");
                }
                if (padded) {
                    int pad = b[offset++] & 0xFF;
                    if (pad > length - fields) {
                        throw Http2Exception.connection(Http2.PROTOCOL_ERROR,
                                Http2.typeName(type) + " padding as long as the payload or longer");
                    }
                    end -= pad;
                }
                if (priority) {
                    dependency = int31(b, offset);
                    offset += 5;
                }
            }
            case Http2.PRIORITY -> {
                // a stream error: the payload was consumed, so the connection can read on
                if (length != 5) {
                    throw Http2Exception.stream(streamId, Http2.FRAME_SIZE_ERROR, "PRIORITY frame not 5 bytes long");
                }
                dependency = int31(b, offset);
            }
            case Http2.WINDOW_UPDATE -> {
                if (int31(b, offset) == 0) {
                    if (streamId == 0) {
                        throw Http2Exception.connection(Http2.PROTOCOL_ERROR,
                                "WINDOW_UPDATE with an increment of 0 on the connection");
                    }
                    throw Http2Exception.stream(streamId, Http2.PROTOCOL_ERROR, "WINDOW_UPDATE with an increment of 0");
                }
            }
            default -> {
            }
        }
        return new Frame(type, flags, streamId, b, offset, end - offset, length, dependency);
    }

    private static int int31(byte[] b, int i) {
        return (b[i] & 0x7F) << 24 | (b[i + 1] & 0xFF) << 16 | (b[i + 2] & 0xFF) << 8 | b[i + 3] & 0xFF;
    }

    /**
     * Reads until at least {@code needed} bytes from {@code position} are buffered, moving or growing the
     * buffer first if they would not fit.
     *
     * @return false if the stream ended first
     */
    private boolean fill(int needed) throws IOException {
        if (buffer.length - position < needed) {
            int buffered = limit - position;
            byte[] target = buffer.length < needed ? new byte[Math.max(needed, buffer.length)] : buffer;
            System.arraycopy(buffer, position, target, 0, buffered);
            buffer = target;
            position = 0;
            limit = buffered;
        } else if (position == limit) {
            if (buffer.length > INITIAL_BUFFER && needed <= INITIAL_BUFFER) {
                // a large frame is done with: give its memory back
                buffer = new byte[INITIAL_BUFFER];
            }
            position = 0;
            limit = 0;
        }
        while (limit - position < needed) {
            int n = in.read(buffer, limit, buffer.length - limit);
            if (n < 0) {
                return false;
            }
            limit += n;
        }
        return true;
    }
}
