package motor.ext.websocket.internal;

import java.io.ByteArrayOutputStream;
import java.util.concurrent.ThreadLocalRandom;

/** Builds client frames, masked as a client must (or not, for the tests that need it). */
final class TestFrames {

    private TestFrames() {
    }

    static byte[] frame(boolean fin, int rsv, int opcode, byte[] payload) {
        return frame(fin, rsv, opcode, payload, true);
    }

    static byte[] frame(boolean fin, int rsv, int opcode, byte[] payload, boolean masked) {
        byte[] mask = new byte[4];
        ThreadLocalRandom.current().nextBytes(mask);
        return frame(fin, rsv, opcode, payload, masked ? mask : null, payload.length);
    }

    /** A frame head with a chosen length field (which may disagree with the payload) and the payload. */
    static byte[] frame(boolean fin, int rsv, int opcode, byte[] payload, byte[] mask, long declaredLength) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write((fin ? 0x80 : 0) | (rsv << 4) | opcode);
        int maskBit = mask != null ? 0x80 : 0;
        if (declaredLength >= 0 && declaredLength < 126) {
            out.write(maskBit | (int) declaredLength);
        } else if (declaredLength >= 0 && declaredLength <= 0xFFFF) {
            out.write(maskBit | 126);
            out.write((int) (declaredLength >>> 8));
            out.write((int) declaredLength);
        } else {
            out.write(maskBit | 127);
            for (int i = 0; i < 8; i++) {
                out.write((int) (declaredLength >>> (56 - 8 * i)));
            }
        }
        if (mask != null) {
            out.writeBytes(mask);
        }
        for (int i = 0; i < payload.length; i++) {
            out.write(mask != null ? payload[i] ^ mask[i & 3] : payload[i]);
        }
        return out.toByteArray();
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
