package motor.ext.multipart.internal;

import java.io.InputStream;
import java.util.function.IntUnaryOperator;

/** Input streams that hand out a byte array in chosen pieces, the way a socket might. */
public final class Pieces {

    private Pieces() {
    }

    /** {@return a stream that returns at most {@code step} bytes per read} */
    public static InputStream step(byte[] data, int step) {
        return new PieceStream(data, pos -> pos + step);
    }

    /** {@return a stream whose first read ends at {@code split}, so that the data arrives in two pieces} */
    public static InputStream split(byte[] data, int split) {
        return new PieceStream(data, pos -> pos < split ? split : data.length);
    }

    /** Reads end where {@code pieceEnd}, given the position, says the current piece ends. */
    private static final class PieceStream extends InputStream {

        private final byte[] data;
        private final IntUnaryOperator pieceEnd;
        private int pos;

        PieceStream(byte[] data, IntUnaryOperator pieceEnd) {
            this.data = data;
            this.pieceEnd = pieceEnd;
        }

        @Override
        public int read() {
            return pos < data.length ? data[pos++] & 0xff : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (len == 0) {
                return 0;
            }
            if (pos == data.length) {
                return -1;
            }
            int end = Math.min(data.length, pieceEnd.applyAsInt(pos));
            int n = Math.min(len, end - pos);
            System.arraycopy(data, pos, b, off, n);
            pos += n;
            return n;
        }
    }
}
