package motor.ext.tls.internal;

import java.io.ByteArrayOutputStream;

/**
 * The little DER (ITU-T X.690) that reading private keys needs: walking a structure's elements with
 * bounds checks, and writing the PKCS#8 wrapper around a PKCS#1 or SEC1 key. Every read checks lengths
 * against the enclosing element, so hostile input ends in {@link IllegalArgumentException}, never in an
 * index error or a huge allocation.
 */
final class Der {

    static final int INTEGER = 0x02;
    static final int BIT_STRING = 0x03;
    static final int OCTET_STRING = 0x04;
    static final int NULL = 0x05;
    static final int OID = 0x06;
    static final int SEQUENCE = 0x30;
    /** The context-specific, constructed tag [0]. */
    static final int CONTEXT_0 = 0xA0;

    private Der() {
    }

    /**
     * One element: its tag, where its content starts and how long it is.
     *
     * @param tag    the identifier octet (only single-octet tags are accepted)
     * @param start  the index of the first content byte
     * @param length the content length
     */
    record Element(int tag, int start, int length) {

        /** {@return the index just past the content} */
        int end() {
            return start + length;
        }
    }

    /**
     * Reads the element that starts at {@code offset} and must end by {@code limit}.
     *
     * @throws IllegalArgumentException if it is truncated, uses a multi-byte tag or an indefinite or
     *                                  oversized length
     */
    static Element read(byte[] data, int offset, int limit) {
        if (offset < 0 || limit > data.length || offset + 2 > limit) {
            throw new IllegalArgumentException("truncated DER element");
        }
        int tag = data[offset] & 0xFF;
        if ((tag & 0x1F) == 0x1F) {
            throw new IllegalArgumentException("unsupported DER tag");
        }
        int first = data[offset + 1] & 0xFF;
        int pos = offset + 2;
        long length;
        if (first < 0x80) {
            length = first;
        } else {
            int octets = first & 0x7F;
            if (octets == 0 || octets > 4) {
                throw new IllegalArgumentException("unsupported DER length");
            }
            if (pos + octets > limit) {
                throw new IllegalArgumentException("truncated DER length");
            }
            length = 0;
            for (int i = 0; i < octets; i++) {
                length = (length << 8) | (data[pos++] & 0xFF);
            }
        }
        if (length > limit - pos) {
            throw new IllegalArgumentException("DER element longer than its container");
        }
        return new Element(tag, pos, (int) length);
    }

    /** Reads an element and checks its tag. */
    static Element expect(byte[] data, int offset, int limit, int tag, String what) {
        Element element = read(data, offset, limit);
        if (element.tag() != tag) {
            throw new IllegalArgumentException("expected " + what);
        }
        return element;
    }

    /** {@return the dotted form of an OBJECT IDENTIFIER's content} */
    static String oid(byte[] data, Element element) {
        if (element.tag() != OID || element.length() == 0) {
            throw new IllegalArgumentException("expected an object identifier");
        }
        StringBuilder text = new StringBuilder();
        long value = 0;
        boolean firstArc = true;
        for (int i = element.start(); i < element.end(); i++) {
            int b = data[i] & 0xFF;
            if (value > (Long.MAX_VALUE >> 7)) {
                throw new IllegalArgumentException("object identifier arc too large");
            }
            value = (value << 7) | (b & 0x7F);
            if ((b & 0x80) == 0) {
                if (firstArc) {
                    long top = Math.min(value / 40, 2);
                    text.append(top).append('.').append(value - top * 40);
                    firstArc = false;
                } else {
                    text.append('.').append(value);
                }
                value = 0;
            } else if (i == element.end() - 1) {
                throw new IllegalArgumentException("truncated object identifier");
            }
        }
        return text.toString();
    }

    /** {@return the DER encoding of an element with the given tag and content} */
    static byte[] encode(int tag, byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(length + 6);
        out.write(tag);
        if (length < 0x80) {
            out.write(length);
        } else if (length < 0x100) {
            out.write(0x81);
            out.write(length);
        } else if (length < 0x10000) {
            out.write(0x82);
            out.write(length >> 8);
            out.write(length);
        } else {
            out.write(0x84);
            out.write(length >>> 24);
            out.write(length >> 16);
            out.write(length >> 8);
            out.write(length);
        }
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    /** {@return an encoded OBJECT IDENTIFIER from its dotted form} */
    static byte[] encodeOid(String dotted) {
        String[] arcs = dotted.split("\\.");
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        writeArc(content, Long.parseLong(arcs[0]) * 40 + Long.parseLong(arcs[1]));
        for (int i = 2; i < arcs.length; i++) {
            writeArc(content, Long.parseLong(arcs[i]));
        }
        return encode(OID, content.toByteArray());
    }

    private static void writeArc(ByteArrayOutputStream out, long value) {
        int groups = 1;
        for (long v = value >>> 7; v != 0; v >>>= 7) {
            groups++;
        }
        for (int i = groups - 1; i >= 0; i--) {
            int b = (int) (value >>> (7 * i)) & 0x7F;
            out.write(i == 0 ? b : b | 0x80);
        }
    }
}
