package motor.ext.websocket.internal;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.Deflater;

/**
 * Raw DEFLATE compressors for connections that agreed on {@code server_no_context_takeover}: borrowed
 * for one message and given back reset, so that thousands of connections need only as many compressors
 * (some 256 KiB of native memory each) as send at the same moment. At most {@link #MAX_IDLE} wait here;
 * more are ended.
 */
final class DeflaterPool {

    static final int MAX_IDLE = 32;

    private static final ConcurrentLinkedQueue<Deflater> IDLE = new ConcurrentLinkedQueue<>();
    private static final AtomicInteger COUNT = new AtomicInteger();

    private DeflaterPool() {
    }

    /** {@return an idle compressor, or a new one} */
    static Deflater borrow() {
        Deflater deflater = IDLE.poll();
        if (deflater == null) {
            return new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        }
        COUNT.decrementAndGet();
        return deflater;
    }

    /** Takes a compressor back, reset; ends it if enough are idle already. */
    static void give(Deflater deflater) {
        deflater.reset();
        if (COUNT.incrementAndGet() <= MAX_IDLE) {
            IDLE.offer(deflater);
        } else {
            COUNT.decrementAndGet();
            deflater.end();
        }
    }
}
