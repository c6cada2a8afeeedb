package motor.ext.http2.internal.hpack;

import java.util.List;

/**
 * Decodes HPACK field blocks (RFC 7541) for one HTTP/2 connection: it keeps the dynamic table the peer's
 * encoder fills, so every block of the connection must go through it, in order. Not thread-safe.
 */
public final class HpackDecoder {

    private final int maxTableSize;
    private final long maxHeaderListSize;

    /**
     * Creates a decoder.
     *
     * @param maxTableSize the SETTINGS_HEADER_TABLE_SIZE this endpoint announced (4096 by default): the
     *        largest dynamic table size the peer may choose
     * @param maxHeaderListSize the SETTINGS_MAX_HEADER_LIST_SIZE this endpoint enforces, in octets of name
     *        and value plus 32 per field
     */
    public HpackDecoder(int maxTableSize, long maxHeaderListSize) {
        this.maxTableSize = maxTableSize;
        this.maxHeaderListSize = maxHeaderListSize;
    }

    /**
     * Decodes one complete field block (the payloads of a HEADERS frame and its CONTINUATION frames,
     * joined). Names are returned exactly as sent: the caller checks lowercase and pseudo-header rules.
     *
     * @param block the bytes
     * @param offset where the block starts
     * @param length its length
     * @return the fields, in order
     * @throws HpackException if the block is invalid (COMPRESSION_ERROR) or, after decoding it all so the
     *         table stays in step, if its fields exceed the header list size
     */
    public List<HeaderField> decode(byte[] block, int offset, int length) throws HpackException {
        throw new UnsupportedOperationException("not yet");
    }
}
