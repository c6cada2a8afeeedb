package motor.ext.proxy.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import motor.spi.HttpException;
import org.junit.jupiter.api.Test;

class ClientBodyTest {

    @Test
    void countsWhatWasReadAndFinishesAtTheEnd() throws IOException {
        ClientBody body = new ClientBody(new ByteArrayInputStream(new byte[10]));
        assertEquals(4, body.read(new byte[4], 0, 4));
        assertEquals(4, body.bytesRead());
        assertFalse(body.finished().isDone());
        assertEquals(6, body.readAllBytes().length);
        assertTrue(body.finished().isDone());
        assertNull(body.failure());
    }

    @Test
    void theClientsRefusalIsKeptApartFromTheUpstreams() {
        HttpException tooLarge = new HttpException(413, "too large");
        ClientBody body = new ClientBody(new InputStream() {
            @Override
            public int read() {
                throw tooLarge;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                throw tooLarge;
            }
        });
        IOException e = assertThrows(IOException.class, () -> body.read(new byte[1], 0, 1));
        assertSame(tooLarge, e.getCause());
        assertSame(tooLarge, body.failure());
        assertTrue(body.finished().isDone());
    }

    @Test
    void detachWaitsForAReadInProgressAndStopsLaterOnes() throws Exception {
        CountDownLatch inRead = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger reads = new AtomicInteger();
        ClientBody body = new ClientBody(new InputStream() {
            @Override
            public int read() {
                return -1;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                reads.incrementAndGet();
                inRead.countDown();
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    throw new IOException(e);
                }
                return 1;
            }
        });
        Thread reader = Thread.ofVirtual().start(() -> {
            try {
                body.read(new byte[1], 0, 1);
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        });
        assertTrue(inRead.await(10, TimeUnit.SECONDS));
        Thread detacher = Thread.ofVirtual().start(body::detach);
        assertFalse(detacher.join(Duration.ofMillis(200)), "detach waits while the read runs");
        release.countDown();
        assertTrue(detacher.join(Duration.ofSeconds(10)), "and returns once it is over");
        assertTrue(reader.join(Duration.ofSeconds(10)));
        assertThrows(IOException.class, () -> body.read(new byte[1], 0, 1));
        assertEquals(1, reads.get(), "a detached body never touches the server's stream");
        assertNull(body.failure(), "reads refused after the exchange are nobody's failure");
    }
}
