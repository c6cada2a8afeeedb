package motor.ext.proxy.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Flow;
import org.junit.jupiter.api.Test;

class UpstreamBodyTest {

    /** A subscription that counts demand and cancellation. */
    static final class Demand implements Flow.Subscription {
        long requested;
        boolean cancelled;

        @Override
        public void request(long n) {
            requested += n;
        }

        @Override
        public void cancel() {
            cancelled = true;
        }
    }

    private static List<ByteBuffer> batch(String... parts) {
        return java.util.Arrays.stream(parts).map(p -> ByteBuffer.wrap(p.getBytes(StandardCharsets.US_ASCII))).toList();
    }

    @Test
    void readsBatchesInOrderAskingForOneAtATime() throws IOException {
        UpstreamBody body = new UpstreamBody(0);
        Demand demand = new Demand();
        body.onSubscribe(demand);
        assertEquals(1, demand.requested);
        body.onNext(batch("he", "", "llo"));
        body.onNext(batch(" world"));
        body.onComplete();
        assertSame(body, body.getBody().toCompletableFuture().join());
        assertArrayEquals("hello world".getBytes(StandardCharsets.US_ASCII), body.readAllBytes());
        assertEquals(3, demand.requested);
        assertEquals(-1, body.read());
        body.close();
        assertFalse(demand.cancelled, "a body read to its end leaves the connection to the pool");
    }

    @Test
    void readyTellsWhetherBytesWaitWithoutBlocking() throws IOException {
        UpstreamBody body = new UpstreamBody(0);
        body.onSubscribe(new Demand());
        assertFalse(body.ready());
        body.onNext(batch("ab"));
        assertTrue(body.ready());
        assertEquals('a', body.read());
        assertTrue(body.ready());
        assertEquals('b', body.read());
        assertFalse(body.ready());
    }

    @Test
    void anUpstreamFailureSurfacesAsIOException() throws IOException {
        UpstreamBody body = new UpstreamBody(0);
        body.onSubscribe(new Demand());
        body.onNext(batch("ok"));
        body.onError(new IllegalStateException("broken chunk"));
        byte[] two = new byte[2];
        assertEquals(2, body.read(two, 0, 2));
        IOException e = assertThrows(IOException.class, body::read);
        assertTrue(e.getCause() instanceof IllegalStateException);
        assertThrows(IOException.class, body::read, "and stays failed");
    }

    @Test
    void silenceLongerThanTheIdleTimeoutFailsAndCancels() {
        UpstreamBody body = new UpstreamBody(1_000_000); // 1 ms: nothing is ever sent here
        Demand demand = new Demand();
        body.onSubscribe(demand);
        assertThrows(UpstreamBody.IdleTimeout.class, body::read);
        assertTrue(demand.cancelled);
    }

    @Test
    void closingEarlyCancelsTheUpstreamExchange() throws IOException {
        UpstreamBody body = new UpstreamBody(0);
        Demand demand = new Demand();
        body.onSubscribe(demand);
        body.onNext(batch("partial"));
        body.close();
        assertTrue(demand.cancelled);
        assertEquals(-1, body.read());
        UpstreamBody early = new UpstreamBody(0);
        early.close();
        Demand late = new Demand();
        early.onSubscribe(late);
        assertTrue(late.cancelled, "a body closed before the subscription cancels it when it comes");
        assertEquals(0, late.requested);
    }
}
