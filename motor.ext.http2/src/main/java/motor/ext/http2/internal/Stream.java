package motor.ext.http2.internal;

import java.util.ArrayDeque;
import java.util.concurrent.locks.Condition;
import motor.spi.Headers;

/**
 * One client-initiated stream (RFC 9113 5.1). The server never opens streams (push is off), so a stream
 * starts when its HEADERS arrive:
 *
 * <pre>
 *                 HEADERS            END_STREAM received
 *    idle ───────────────────► open ─────────────────────► half-closed (remote)
 *      │ HEADERS + END_STREAM      │ END_STREAM sent                 │ END_STREAM sent
 *      └────────────────────────── ▼ ─────────────────────────────── ▼
 *                         half-closed (local) ── END_STREAM received ──► closed
 *                  RST_STREAM sent or received, from any state ────────► closed
 * </pre>
 *
 * Every field is guarded by the connection's lock. A stream leaves the connection's map when it is
 * closed; its handler may still be running then, and finds out through {@link #resetCode}.
 */
final class Stream {

    final int id;
    /** Signalled when data, the end of the body or a reset arrives: the handler's body reads wait here. */
    final Condition readable;

    /** What the peer still lets us send (may go negative after a SETTINGS change, 6.9.2). */
    long sendWindow;
    /** What the peer may still send on this stream. */
    long recvWindow;
    /** Bytes consumed by the application (or padding) not yet returned with a WINDOW_UPDATE. */
    long unacked;

    /** END_STREAM received (or the stream was reset). */
    boolean remoteClosed;
    /** END_STREAM sent (or the stream was reset). */
    boolean localClosed;
    /** The whole request body (and any trailers) arrived. */
    boolean endReceived;
    /** The error code of a RST_STREAM sent or received, -1 while the stream was not reset. */
    int resetCode = -1;
    /** Whether the stream was reset by the peer rather than by us. */
    boolean resetByPeer;

    /** Body bytes received and not yet read by the handler. */
    final ArrayDeque<byte[]> inbound = new ArrayDeque<>();
    /** How much of the first array of {@link #inbound} has been read. */
    int inboundOffset;
    /** Bytes in {@link #inbound}, less {@link #inboundOffset}. */
    long inboundBytes;
    /** The declared content-length, -1 if none. */
    long declaredLength = -1;
    /** Body bytes received so far. */
    long received;
    /** Time the handler spent waiting for this stream's client: body bytes to read, or window to write. */
    long waitedNanos;
    /** Body bytes the handler read and wrote, for the minimum data rate. */
    long movedBytes;
    /** Trailers, once received. */
    Headers trailers;
    /** A response head (interim or final) was queued. */
    boolean responseStarted;
    /** The handler finished: body bytes that still arrive are discarded. */
    boolean handlerDone;

    Stream(int id, Condition readable, long sendWindow, long recvWindow) {
        this.id = id;
        this.readable = readable;
        this.sendWindow = sendWindow;
        this.recvWindow = recvWindow;
    }

    /** {@return whether both directions are closed} */
    boolean closed() {
        return localClosed && remoteClosed;
    }
}
