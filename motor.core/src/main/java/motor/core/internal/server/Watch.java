package motor.core.internal.server;

/**
 * What the {@link Sweeper} needs to know about one connection to enforce its timeouts, written by the
 * connection's thread and read by the sweeper's. Plain volatile fields: a few writes per request, no
 * locks, no allocation.
 */
final class Watch {

    /** A TLS or other transport handshake is in progress. */
    static final int HANDSHAKE = 1;
    /** Waiting for the first byte of a request on a kept-alive connection. */
    static final int IDLE = 2;
    /** Receiving a request head. */
    static final int HEAD = 3;
    /** The handler runs; body reads are timed while they block. */
    static final int HANDLER = 4;
    /** The connection was handed to another protocol. */
    static final int UPGRADED = 5;
    /** The response is out and the connection is closing, draining what the client still sends. */
    static final int LINGER = 6;

    /** Why the sweeper ended a read: nothing yet. */
    static final int NONE = 0;
    /** The idle keep-alive timeout passed. */
    static final int IDLE_TIMEOUT = 1;
    /** The header timeout or the minimum data rate for the head was missed. */
    static final int HEAD_TIMEOUT = 2;
    /** A body read waited too long or the body came in too slowly. */
    static final int BODY_TIMEOUT = 3;
    /** The server is shutting down. */
    static final int SHUTDOWN = 4;
    /** A write made no progress for too long, or the client read too slowly; the connection was closed. */
    static final int WRITE_TIMEOUT = 5;
    /** The handshake took too long. */
    static final int HANDSHAKE_TIMEOUT = 6;
    /** An upgraded connection was idle too long. */
    static final int UPGRADE_IDLE_TIMEOUT = 7;
    /** The lingering close ended. */
    static final int LINGER_DONE = 8;

    volatile int phase = HANDSHAKE;
    volatile long phaseStart;
    /** Bytes received in the current phase (head) or for the current body. */
    volatile long phaseBytes;
    /** When the current blocking read began, or 0 when no read blocks. */
    volatile long readBlockedSince;
    /** Nanoseconds body reads have spent blocked, for the body data rate. */
    volatile long bodyBlockedNanos;
    /** Whether body reads are being timed (a handler is reading the request body). */
    volatile boolean bodyReading;
    /** When the current blocking write began, or 0 when no write blocks. */
    volatile long writeBlockedSince;
    /**
     * When writes began to wait for the client, for the write data rate, moved on by the time between
     * waits (so that the time since is the time writes waited); 0 when they do not. A stretch of waiting
     * writes ends when a write finds the client keeping up: it did not wait, and none waited for
     * {@code writeTimeout} before it.
     */
    volatile long writeStreakStart;
    /** Bytes written since {@link #writeStreakStart}. */
    volatile long writeStreakBytes;
    /** When the last write that waited stopped waiting. */
    volatile long writeWaitEnd;
    /** The idle limit of an upgraded connection, in nanoseconds; 0 for none. */
    volatile long upgradeIdleNanos;
    /** Set by the sweeper just before it ends a read or closes the connection. */
    volatile int expired = NONE;

    Watch(long now) {
        phaseStart = now;
    }

    void phase(int phase, long now) {
        this.phaseStart = now;
        this.phaseBytes = 0;
        this.phase = phase;
    }
}
