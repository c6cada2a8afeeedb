package motor.ext.sse.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import motor.ext.sse.SseBroadcaster;
import motor.ext.sse.SseEmitter.CloseReason;
import motor.ext.sse.SseEvent;
import org.junit.jupiter.api.Test;

/** The broadcaster with emitters over in-memory streams, one of them stuck like a client that stopped reading. */
class SseBroadcasterTest {

    private static final Streams QUIET = new Streams(new SseSettings(Duration.ZERO, null, 64));

    /** A body stream that takes bytes until it is told to block, like a client whose window is full. */
    static final class Sink extends OutputStream {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final CountDownLatch release = new CountDownLatch(1);
        final CountDownLatch blocked = new CountDownLatch(1);
        volatile boolean stuck;

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (stuck) {
                blocked.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                throw new IOException("write timed out");
            }
            bytes.write(b, off, len);
        }

        String text() {
            return bytes.toString(StandardCharsets.UTF_8);
        }
    }

    /** Runs join on a virtual thread, as a handler would. */
    private static Thread join(SseBroadcaster broadcaster, StreamEmitter emitter) {
        return Thread.ofVirtual().start(() -> {
            try {
                broadcaster.join(emitter);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                QUIET.finish(emitter);
            }
        });
    }

    private static void awaitSubscribers(SseBroadcaster broadcaster, int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (broadcaster.subscribers() != n) {
            assertTrue(System.nanoTime() < deadline, "subscribers: " + broadcaster.subscribers() + ", expected " + n);
            Thread.sleep(2);
        }
    }

    private static void awaitText(Sink sink, String expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!sink.text().equals(expected)) {
            assertTrue(System.nanoTime() < deadline, "got: " + sink.text());
            Thread.sleep(2);
        }
    }

    @Test
    void everySubscriberGetsEveryEventInOrder() throws Exception {
        SseBroadcaster broadcaster = new SseBroadcaster();
        Sink a = new Sink();
        Sink b = new Sink();
        StreamEmitter ea = QUIET.open(a, null);
        StreamEmitter eb = QUIET.open(b, null);
        Thread ta = join(broadcaster, ea);
        Thread tb = join(broadcaster, eb);
        awaitSubscribers(broadcaster, 2);
        StringBuilder expected = new StringBuilder();
        for (int i = 1; i <= 50; i++) {
            assertEquals(2, broadcaster.publish(SseEvent.data("e" + i).withId(Integer.toString(i))));
            expected.append("id: ").append(i).append("\ndata: e").append(i).append("\n\n");
        }
        awaitText(a, expected.toString());
        awaitText(b, expected.toString());
        ea.close();
        ta.join(10_000);
        assertFalse(ta.isAlive(), "join returns when its stream closes");
        awaitSubscribers(broadcaster, 1);
        broadcaster.close();
        tb.join(10_000);
        assertFalse(tb.isAlive(), "join returns when the broadcaster closes");
        assertEquals(0, broadcaster.subscribers());
        assertEquals(0, broadcaster.publish(SseEvent.data("nobody")));
    }

    @Test
    void aStuckSubscriberIsDroppedAndNeverStallsTheOthers() throws Exception {
        SseBroadcaster broadcaster = new SseBroadcaster(4);
        Sink fast = new Sink();
        Sink slow = new Sink();
        slow.stuck = true;
        StreamEmitter fastEmitter = QUIET.open(fast, null);
        StreamEmitter slowEmitter = QUIET.open(slow, null);
        Thread tf = join(broadcaster, fastEmitter);
        Thread ts = join(broadcaster, slowEmitter);
        awaitSubscribers(broadcaster, 2);
        broadcaster.publish(SseEvent.data("0"));
        assertTrue(slow.blocked.await(10, TimeUnit.SECONDS), "the slow subscriber's thread is in its write");
        // the stuck write holds one event; four more fill the queue; the next one overflows it
        StringBuilder expected = new StringBuilder("data: 0\n\n");
        for (int i = 1; i <= 20; i++) {
            broadcaster.publish(SseEvent.data(Integer.toString(i)));
            expected.append("data: ").append(i).append("\n\n");
            awaitText(fast, expected.toString()); // the fast one keeps up: its queue stays short
        }
        assertEquals(Optional.of(CloseReason.TOO_SLOW), slowEmitter.closeReason());
        awaitText(fast, expected.toString());
        assertTrue(fastEmitter.isOpen());
        assertEquals(1, broadcaster.subscribers());
        slow.release.countDown();
        ts.join(10_000);
        assertFalse(ts.isAlive());
        fastEmitter.close();
        tf.join(10_000);
        assertFalse(tf.isAlive());
    }

    @Test
    void aForeignEmitterIsServedThroughItsPublicMethods() throws Exception {
        SseBroadcaster broadcaster = new SseBroadcaster(1);
        Sink sink = new Sink();
        StreamEmitter inner = QUIET.open(sink, null);
        motor.ext.sse.SseEmitter wrapper = new motor.ext.sse.SseEmitter() {
            @Override
            public boolean send(SseEvent event) {
                return inner.send(event.withName("wrapped"));
            }

            @Override
            public boolean comment(String text) {
                return inner.comment(text);
            }

            @Override
            public Optional<String> lastEventId() {
                return inner.lastEventId();
            }

            @Override
            public boolean isOpen() {
                return inner.isOpen();
            }

            @Override
            public Optional<CloseReason> closeReason() {
                return inner.closeReason();
            }

            @Override
            public void onClose(java.util.function.Consumer<CloseReason> callback) {
                inner.onClose(callback);
            }

            @Override
            public void awaitClose() throws InterruptedException {
                inner.awaitClose();
            }

            @Override
            public boolean awaitClose(Duration timeout) throws InterruptedException {
                return inner.awaitClose(timeout);
            }

            @Override
            public void close() {
                inner.close();
            }
        };
        Thread t = Thread.ofVirtual().start(() -> {
            try {
                broadcaster.join(wrapper);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        awaitSubscribers(broadcaster, 1);
        broadcaster.publish(SseEvent.data("x"));
        awaitText(sink, "event: wrapped\ndata: x\n\n");
        inner.close();
        t.join(10_000);
        assertFalse(t.isAlive());
    }

    @Test
    void aCatchUpRunsAfterJoiningSoNothingPublishedMeanwhileIsLost() throws Exception {
        SseBroadcaster broadcaster = new SseBroadcaster();
        Sink sink = new Sink();
        StreamEmitter emitter = QUIET.open(sink, null);
        CountDownLatch inCatchUp = new CountDownLatch(1);
        CountDownLatch published = new CountDownLatch(1);
        Thread t = Thread.ofVirtual().start(() -> {
            try {
                broadcaster.join(emitter, e -> {
                    e.send("history 1");
                    inCatchUp.countDown();
                    assertTrue(published.await(10, TimeUnit.SECONDS));
                    e.send("history 2");
                });
            } catch (Exception e) {
                throw new AssertionError(e);
            } finally {
                QUIET.finish(emitter);
            }
        });
        assertTrue(inCatchUp.await(10, TimeUnit.SECONDS));
        assertEquals(1, broadcaster.publish(SseEvent.data("live")));
        published.countDown();
        awaitText(sink, "data: history 1\n\ndata: history 2\n\ndata: live\n\n");
        emitter.close();
        t.join(10_000);
        assertFalse(t.isAlive());
        assertEquals(0, broadcaster.subscribers());
    }

    @Test
    void aFailingCatchUpLeavesAndPassesTheFailureOn() {
        SseBroadcaster broadcaster = new SseBroadcaster();
        StreamEmitter emitter = QUIET.open(new Sink(), null);
        IOException failure = new IOException("history unavailable");
        IOException thrown = assertThrows(IOException.class, () -> broadcaster.join(emitter, e -> {
            assertEquals(1, broadcaster.subscribers());
            throw failure;
        }));
        assertEquals(failure, thrown);
        assertEquals(0, broadcaster.subscribers());
        assertEquals(0, broadcaster.publish(SseEvent.data("x")));
        QUIET.finish(emitter);
    }

    @Test
    void joinReturnsWhenTheStreamEndsEvenIfAnEarlierCallbackFails() throws Exception {
        SseBroadcaster broadcaster = new SseBroadcaster();
        StreamEmitter emitter = QUIET.open(new Sink(), null);
        emitter.onClose(reason -> {
            throw new AssertionError("an application's check");
        });
        Thread t = join(broadcaster, emitter);
        awaitSubscribers(broadcaster, 1);
        assertThrows(AssertionError.class, emitter::close);
        t.join(10_000);
        assertFalse(t.isAlive(), "join returns when its stream closes");
        assertEquals(0, broadcaster.subscribers());
    }

    @Test
    void aStreamThatJoinsOneBroadcasterAfterAnotherKeepsNoneItLeft() throws Exception {
        StreamEmitter emitter = QUIET.open(new Sink(), null);
        for (int i = 0; i < 3; i++) {
            SseBroadcaster broadcaster = new SseBroadcaster();
            Thread t = Thread.ofVirtual().start(() -> {
                try {
                    broadcaster.join(emitter);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            awaitSubscribers(broadcaster, 1);
            assertEquals(1, emitter.pendingCallbacks());
            broadcaster.close();
            t.join(10_000);
            assertFalse(t.isAlive(), "join returns when the broadcaster closes");
            assertEquals(0, emitter.pendingCallbacks(), "the stream no longer refers to the broadcaster it left");
        }
        assertThrows(IOException.class, () -> new SseBroadcaster().join(emitter, e -> {
            throw new IOException("history unavailable");
        }));
        assertEquals(0, emitter.pendingCallbacks());
        assertTrue(emitter.isOpen());
        QUIET.finish(emitter);
    }

    @Test
    void anIdTooLongForASubscriberToSendBackIsRefusedBeforeAnyoneGetsIt() throws Exception {
        Streams roomy = new Streams(new SseSettings(Duration.ZERO, null, 64));
        Streams strict = new Streams(new SseSettings(Duration.ZERO, null, 4));
        SseBroadcaster broadcaster = new SseBroadcaster();
        Sink a = new Sink();
        Sink b = new Sink();
        StreamEmitter ea = roomy.open(a, null);
        StreamEmitter eb = strict.open(b, null);
        Thread ta = join(broadcaster, ea);
        Thread tb = join(broadcaster, eb);
        awaitSubscribers(broadcaster, 2);
        assertThrows(IllegalArgumentException.class, () -> broadcaster.publish(SseEvent.data("x").withId("12345")));
        assertEquals(2, broadcaster.publish(SseEvent.data("y").withId("1234")));
        awaitText(a, "id: 1234\ndata: y\n\n");
        awaitText(b, "id: 1234\ndata: y\n\n");
        broadcaster.close();
        ta.join(10_000);
        tb.join(10_000);
        assertFalse(ta.isAlive());
        assertFalse(tb.isAlive());
    }

    @Test
    void aQueueLimitBelowOneIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new SseBroadcaster(0));
    }

    @Test
    void publishingWithoutSubscribersQueuesNothing() {
        assertEquals(0, new SseBroadcaster().publish(SseEvent.data("x")));
    }
}
