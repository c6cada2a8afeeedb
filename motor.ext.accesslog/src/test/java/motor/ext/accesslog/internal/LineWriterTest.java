package motor.ext.accesslog.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import motor.spi.event.ResponseCompleted;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The writer thread: order, the file, the bounded queue and its drop counter, stopping. */
class LineWriterTest {

    @TempDir
    Path dir;

    /** A sink that collects lines and can hold the writer thread until released. */
    static final class Collector implements LineWriter.Sink {
        final List<String> lines = new CopyOnWriteArrayList<>();
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release;

        Collector(boolean hold) {
            release = new CountDownLatch(hold ? 1 : 0);
        }

        @Override
        public boolean enabled() {
            return true;
        }

        @Override
        public void write(String line) {
            entered.countDown();
            try {
                if (!release.await(10, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("never released");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            lines.add(line);
        }
    }

    @Test
    void linesReachFileAndSinkInOrderAndAreFlushedAtClose() throws Exception {
        Path file = dir.resolve("access.log");
        Files.writeString(file, "earlier\n");
        Collector sink = new Collector(false);
        LineWriter writer = new LineWriter(sink, file, 100, Duration.ofMinutes(1));
        for (int i = 0; i < 50; i++) {
            assertTrue(writer.offer("line " + i + " \u00e9"));
        }
        writer.close();
        List<String> written = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertEquals(51, written.size());
        assertEquals("earlier", written.get(0), "appended, not truncated");
        for (int i = 0; i < 50; i++) {
            assertEquals("line " + i + " \u00e9", written.get(i + 1));
            assertEquals("line " + i + " \u00e9", sink.lines.get(i));
        }
        assertEquals(50, writer.lines());
        assertEquals(0, writer.dropped());
        assertFalse(writer.offer("after stop"), "refused once stopped");
        assertEquals(1, writer.dropped());
    }

    @Test
    void theFileIsFlushedWithinTheIntervalWhileTheServerRuns() throws Exception {
        Path file = dir.resolve("a.log");
        try (LineWriter writer = new LineWriter(null, file, 10, Duration.ofMillis(20))) {
            writer.offer("one");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (Files.size(file) == 0 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertEquals("one\n", Files.readString(file), "flushed without a stop");
        }
    }

    @Test
    void aFullQueueDropsAndCountsInsteadOfBlocking() throws Exception {
        Collector sink = new Collector(true);
        LineWriter writer = new LineWriter(sink, null, 3, Duration.ofSeconds(1));
        try {
            assertTrue(writer.offer("taken"));
            assertTrue(sink.entered.await(10, TimeUnit.SECONDS), "the writer took the first line");
            // the writer is stuck in the sink: three lines fit in the queue, the rest are dropped
            int queued = 0;
            for (int i = 0; i < 10; i++) {
                if (writer.offer("l" + i)) {
                    queued++;
                }
            }
            assertEquals(3, queued);
            assertEquals(7, writer.dropped());
            assertEquals(11, writer.lines());
        } finally {
            sink.release.countDown();
            writer.close();
        }
        assertEquals(List.of("taken", "l0", "l1", "l2"), sink.lines);
    }

    @Test
    void theQueueIsBoundedInTextAsWellAsInLines() throws Exception {
        // hostile requests make long lines (every header value cut at 2048 characters, but escaped and
        // several per line): while the writer is stuck, queueSize lines of that size must not pile up
        Collector sink = new Collector(true);
        LineWriter writer = new LineWriter(sink, null, 4, Duration.ofSeconds(1));
        try {
            assertTrue(writer.offer("taken"));
            assertTrue(sink.entered.await(10, TimeUnit.SECONDS), "the writer took the first line");
            String big = "x".repeat(3 * LineWriter.CHARS_PER_LINE);
            assertTrue(writer.offer(big), "one long line fits in the budget of 4 average lines");
            assertFalse(writer.offer(big), "a second would exceed it, though a slot is free");
            assertTrue(writer.offer("short"), "short lines still fit");
            assertEquals(1, writer.dropped());
        } finally {
            sink.release.countDown();
            writer.close();
        }
        assertEquals(List.of("taken", "x".repeat(3 * LineWriter.CHARS_PER_LINE), "short"), sink.lines);
    }

    @Test
    void anEventWithoutCapturedFieldsIsLoggedWithWhatItCarries() throws Exception {
        Collector sink = new Collector(false);
        LineWriter writer = new LineWriter(sink, null, 10, Duration.ofSeconds(1));
        Settings settings = Settings.defaults();
        AccessLogger logger = new AccessLogger(settings, writer, InstantSource.fixed(java.time.Instant.parse(
                "2026-01-02T03:04:05Z")));
        // what the server would publish for a head it could not parse: no request, so no id or method
        logger.completed(new ResponseCompleted(7, null, new InetSocketAddress("127.0.0.1", 5555), null, null, null,
                400, 11, 0));
        writer.close();
        assertEquals(List.of("127.0.0.1 - - [02/Jan/2026:03:04:05 +0000] \"-\" 400 11 \"-\" \"-\" -"), sink.lines);
        assertEquals(0, logger.pending());
    }

    @Test
    void pathsOfTargets() {
        assertEquals("/a/b", Settings.pathOf("/a/b?x=/y"));
        assertEquals("/a", Settings.pathOf("http://h:80/a?q"));
        assertEquals("/", Settings.pathOf("http://h"));
        assertEquals("*", Settings.pathOf("*"));
        assertEquals("h:443", Settings.pathOf("h:443"));
    }
}
