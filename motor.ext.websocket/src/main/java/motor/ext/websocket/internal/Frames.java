package motor.ext.websocket.internal;

/** Encodes the heads of server frames (RFC 6455 section 5.2): never masked. */
final class Frames {

    /** The longest head of a server frame: 2 bytes, 8 of length. */
    static final int MAX_HEAD = 10;

    private Frames() {
    }

    /**
     * Writes a frame head.
     *
     * @param head   where to write, at least {@link #MAX_HEAD} bytes
     * @param fin    whether this is the last frame of its message
     * @param rsv1   whether the message is compressed (first frame only)
     * @param opcode the opcode
     * @param length the payload length
     * @return the length of the head
     */
    static int head(byte[] head, boolean fin, boolean rsv1, int opcode, long length) {
        head[0] = (byte) ((fin ? 0x80 : 0) | (rsv1 ? 0x40 : 0) | opcode);
        if (length < 126) {
            head[1] = (byte) length;
            return 2;
        }
        if (length <= 0xFFFF) {
            head[1] = 126;
            head[2] = (byte) (length >>> 8);
            head[3] = (byte) length;
            return 4;
        }
        head[1] = 127;
        for (int i = 0; i < 8; i++) {
            head[2 + i] = (byte) (length >>> (56 - 8 * i));
        }
        return 10;
    }

    /** {@return a whole unmasked frame: head and payload in one array} */
    static byte[] frame(boolean rsv1, int opcode, byte[] payload, int offset, int length) {
        byte[] head = new byte[MAX_HEAD];
        int h = head(head, true, rsv1, opcode, length);
        byte[] frame = new byte[h + length];
        System.arraycopy(head, 0, frame, 0, h);
        System.arraycopy(payload, offset, frame, h, length);
        return frame;
    }
}
