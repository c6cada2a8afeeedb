package motor.ext.http2.internal.hpack;

import java.util.List;

/**
 * Encodes HPACK field blocks (RFC 7541) for one HTTP/2 connection, keeping the dynamic table the peer's
 * decoder mirrors: every block encoded must be sent, in order. Not thread-safe: the caller encodes and
 * writes under one lock.
 */
public final class HpackEncoder {

    private final int maxTableSize;

    /**
     * Creates an encoder.
     *
     * @param maxTableSize this endpoint's own cap on the dynamic table it keeps for the peer (4096 is usual);
     *        the table used is the smaller of this and the peer's SETTINGS_HEADER_TABLE_SIZE
     */
    public HpackEncoder(int maxTableSize) {
        this.maxTableSize = maxTableSize;
    }

    /**
     * Takes the peer's SETTINGS_HEADER_TABLE_SIZE into account: the next block starts with the Dynamic Table
     * Size Update(s) RFC 7541 4.2 and 6.3 require.
     *
     * @param size the peer's value, 0 or more
     */
    public void peerMaxTableSize(long size) {
        throw new UnsupportedOperationException("not yet");
    }

    /**
     * Encodes one field block.
     *
     * @param fields the fields, pseudo-header fields first; names must be lowercase
     * @return the block
     */
    public byte[] encode(List<HeaderField> fields) {
        throw new UnsupportedOperationException("not yet");
    }
}
