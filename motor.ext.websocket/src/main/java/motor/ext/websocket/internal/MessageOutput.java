package motor.ext.websocket.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.util.zip.Deflater;

/**
 * A data message sent in fragments as it is written. It holds the session's message permit from creation
 * to {@link #close()}, so no other message can come between its frames. With permessage-deflate, the
 * bytes are compressed as one DEFLATE stream across the frames: {@code NO_FLUSH} while writing, a sync
 * flush on {@link #flush()} and at the end, where the trailing {@code 00 00 FF FF} is taken off.
 */
final class MessageOutput extends OutputStream {

    private final WebSocketConnection connection;
    private final int opcode;
    private final byte[] buffer;
    private final boolean compress;
    private int count;
    private boolean first = true;
    /** Whether bytes went into the compressor, which may still hold them. */
    private boolean fed;
    private boolean closed;

    MessageOutput(WebSocketConnection connection, int opcode, int bufferSize) throws IOException {
        this.connection = connection;
        this.opcode = opcode;
        this.buffer = new byte[bufferSize];
        connection.acquireMessage();
        this.compress = connection.agreement() != null;
    }

    @Override
    public void write(int b) throws IOException {
        ensureOpen();
        if (count == buffer.length) {
            emit(false, Deflater.NO_FLUSH);
        }
        buffer[count++] = (byte) b;
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        java.util.Objects.checkFromIndexSize(offset, length, bytes.length);
        ensureOpen();
        while (length > 0) {
            if (count == buffer.length) {
                emit(false, Deflater.NO_FLUSH);
            }
            int n = Math.min(length, buffer.length - count);
            System.arraycopy(bytes, offset, buffer, count, n);
            count += n;
            offset += n;
            length -= n;
        }
    }

    @Override
    public void flush() throws IOException {
        ensureOpen();
        if (count > 0) {
            emit(false, Deflater.SYNC_FLUSH);
        }
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            emit(true, Deflater.SYNC_FLUSH);
        } finally {
            connection.releaseMessage();
        }
    }

    private void ensureOpen() throws IOException {
        if (closed) {
            throw new IOException("the message stream is closed");
        }
    }

    /** Sends what was buffered as the next frame (the last one when {@code fin}). */
    private void emit(boolean fin, int flush) throws IOException {
        int frameOpcode = first ? opcode : FrameReader.CONTINUATION;
        if (!compress || (first && fin && count == 0 && !fed)) {
            connection.writeFrame(fin, false, frameOpcode, buffer, 0, count);
            count = 0;
            first = false;
            return;
        }
        Deflater deflater = connection.deflater();
        deflater.setInput(buffer, 0, count);
        fed = true;
        WebSocketConnection.Chunk out = new WebSocketConnection.Chunk(count / 2 + 64);
        out.drain(deflater, flush);
        count = 0;
        if (fin && out.length == 0) {
            // Nothing came since a flush(), whose frame ended with the whole 00 00 FF FF already. The peer
            // appends 00 00 FF FF to the message: after a 00 (an empty stored block's header) that makes one
            // more empty stored block; without it, the appended bytes would begin a broken block, and with
            // context takeover the next message would fail to inflate.
            out.bytes[0] = 0;
            out.length = 1;
        } else if (fin) {
            out.stripTail();
        } else if (out.length == 0) {
            return; // the compressor kept it all for now
        }
        connection.writeFrame(fin, first, frameOpcode, out.bytes, 0, out.length);
        first = false;
        if (fin && connection.agreement().serverNoContextTakeover()) {
            deflater.reset();
        }
    }
}
