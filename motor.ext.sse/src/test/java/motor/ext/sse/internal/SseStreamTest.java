package motor.ext.sse.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import motor.ext.sse.Sse;
import motor.ext.sse.SseEmitter;
import motor.ext.sse.SseEmitter.CloseReason;
import motor.ext.sse.SseEvent;
import motor.spi.HttpException;
import motor.test.TestRequest;
import motor.test.TestResponse;
import org.junit.jupiter.api.Test;

/** {@code Sse.stream} and the emitter on an in-memory request and response. */
class SseStreamTest {

    private static final Streams QUIET = new Streams(new SseSettings(Duration.ZERO, null, 64));

    private static TestRequest.Builder get(String target) {
        return TestRequest.builder("GET", target).service(Streams.class, QUIET);
    }

    @Test
    void theHeadGoesOutWithTheEventStreamHeadersBeforeTheFirstEvent() throws Exception {
        TestResponse response = new TestResponse();
        response.headers().set("Content-Length", "5");
        response.headers().set("Cache-Control", "max-age=60");
        Sse.stream(get("/").build(), response, emitter -> {
            assertTrue(response.committed());
            assertEquals("", response.text());
            assertTrue(emitter.send("one"));
        });
        assertEquals(200, response.status());
        assertEquals("text/event-stream; charset=utf-8", response.committedHeaders().first("Content-Type"));
        assertEquals("no-store", response.committedHeaders().first("Cache-Control"));
        assertEquals("no", response.committedHeaders().first("X-Accel-Buffering"));
        assertNull(response.committedHeaders().first("Content-Length"));
        assertEquals("data: one\n\n", response.text());
    }

    @Test
    void eventsCommentsAndTheirOrder() throws Exception {
        TestResponse response = new TestResponse();
        Sse.stream(get("/").build(), response, emitter -> {
            emitter.send(SseEvent.of("a", "1\n2").withId("x"));
            emitter.comment("note");
            emitter.send(SseEvent.retryAfter(Duration.ofSeconds(1)));
        });
        assertEquals("event: a\nid: x\ndata: 1\ndata: 2\n\n: note\n\nretry: 1000\n\n", response.text());
    }

    @Test
    void theRetrySettingIsTheFirstThingSent() throws Exception {
        Streams streams = new Streams(new SseSettings(Duration.ZERO, Duration.ofMillis(2500), 64));
        TestResponse response = new TestResponse();
        Sse.stream(TestRequest.builder("GET", "/").service(Streams.class, streams).build(), response,
                emitter -> emitter.send("x"));
        assertEquals("retry: 2500\n\ndata: x\n\n", response.text());
    }

    @Test
    void headGetsTheHeadAloneAndTheProducerDoesNotRun() throws Exception {
        TestResponse response = new TestResponse();
        Sse.stream(TestRequest.builder("HEAD", "/").build(), response, emitter -> {
            throw new AssertionError("the producer ran for HEAD");
        });
        assertTrue(response.committed());
        assertEquals("text/event-stream; charset=utf-8", response.committedHeaders().first("Content-Type"));
        assertEquals("", response.text());
    }

    @Test
    void lastEventIdReachesTheProducer() throws Exception {
        AtomicReference<Optional<String>> seen = new AtomicReference<>();
        Sse.stream(get("/").header("Last-Event-ID", "17").build(), new TestResponse(),
                emitter -> seen.set(emitter.lastEventId()));
        assertEquals(Optional.of("17"), seen.get());
        Sse.stream(get("/").build(), new TestResponse(), emitter -> seen.set(emitter.lastEventId()));
        assertEquals(Optional.empty(), seen.get());
        assertEquals(Optional.of("17"), Sse.lastEventId(get("/").header("Last-Event-ID", "17").build()));
    }

    @Test
    void aBadLastEventIdIsA400BeforeAnythingIsSent() {
        TestResponse response = new TestResponse();
        String tooLong = "x".repeat(65);
        HttpException e = assertThrows(HttpException.class, () -> Sse.stream(
                get("/").header("Last-Event-ID", tooLong).build(), response, emitter -> {
                    throw new AssertionError("the producer ran");
                }));
        assertEquals(400, e.status());
        assertFalse(response.committed());
        assertFalse(e.getMessage().contains(tooLong));
    }

    @Test
    void withoutTheExtensionTheDefaultLimitApplies() {
        String id = "x".repeat(SseSettings.DEFAULT_MAX_LAST_EVENT_ID);
        assertEquals(Optional.of(id), Sse.lastEventId(TestRequest.builder("GET", "/").header("Last-Event-ID", id).build()));
        assertThrows(HttpException.class, () -> Sse.lastEventId(
                TestRequest.builder("GET", "/").header("Last-Event-ID", id + "x").build()));
    }

    @Test
    void anIdTooLongToComeBackAsLastEventIdIsRefused() throws Exception {
        Streams streams = new Streams(new SseSettings(Duration.ZERO, null, 4));
        TestResponse response = new TestResponse();
        Sse.stream(TestRequest.builder("GET", "/").service(Streams.class, streams).build(), response,
                emitter -> {
                    assertTrue(emitter.send(SseEvent.data("a").withId("1234")));
                    assertTrue(emitter.send(SseEvent.data("b").withId("éé"))); // 4 bytes
                    assertThrows(IllegalArgumentException.class, () -> emitter.send(SseEvent.data("c").withId("12345")));
                    assertThrows(IllegalArgumentException.class, () -> emitter.send(SseEvent.data("d").withId("ééé")));
                    assertTrue(emitter.isOpen());
                });
        assertEquals("id: 1234\ndata: a\n\nid: éé\ndata: b\n\n", response.text());
    }

    @Test
    void aCommittedResponseIsRefused() throws IOException {
        TestResponse response = new TestResponse();
        response.send("done");
        assertThrows(IllegalStateException.class, () -> Sse.stream(get("/").build(), response, emitter -> {
        }));
    }

    @Test
    void theStreamEndsWhenTheProducerReturnsEvenForOtherThreads() throws Exception {
        AtomicReference<SseEmitter> kept = new AtomicReference<>();
        List<CloseReason> reasons = new CopyOnWriteArrayList<>();
        TestResponse response = new TestResponse();
        Sse.stream(get("/").build(), response, emitter -> {
            kept.set(emitter);
            emitter.onClose(reasons::add);
        });
        assertEquals(List.of(CloseReason.ENDED), reasons);
        assertFalse(kept.get().isOpen());
        assertEquals(Optional.of(CloseReason.ENDED), kept.get().closeReason());
        Thread other = Thread.ofVirtual().start(() -> assertFalse(kept.get().send("late")));
        other.join(10_000);
        assertFalse(other.isAlive());
        assertEquals("", response.text());
        assertTrue(kept.get().awaitClose(Duration.ZERO));
        List<CloseReason> late = new CopyOnWriteArrayList<>();
        kept.get().onClose(late::add);
        assertEquals(List.of(CloseReason.ENDED), late, "a callback added after the end runs at once");
    }

    @Test
    void aFailingProducerStillEndsTheStream() {
        AtomicReference<SseEmitter> kept = new AtomicReference<>();
        IllegalStateException failure = new IllegalStateException("boom");
        IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> Sse.stream(get("/").build(),
                new TestResponse(), emitter -> {
                    kept.set(emitter);
                    throw failure;
                }));
        assertSame(failure, thrown);
        assertFalse(kept.get().isOpen());
    }

    @Test
    void closeFromAnotherThreadEndsAwaitClose() throws Exception {
        TestResponse response = new TestResponse();
        Sse.stream(get("/").build(), response, emitter -> {
            Thread.ofVirtual().start(() -> {
                emitter.send("from elsewhere");
                emitter.close();
            });
            emitter.awaitClose();
            assertEquals(Optional.of(CloseReason.ENDED), emitter.closeReason());
        });
        assertEquals("data: from elsewhere\n\n", response.text());
    }

    @Test
    void awaitCloseTakesAnyTimeoutEvenOneTooLongForNanoseconds() throws Exception {
        Duration forever = java.time.temporal.ChronoUnit.FOREVER.getDuration();
        StreamEmitter emitter = QUIET.open(OutputStream.nullOutputStream(), null);
        Thread closer = Thread.ofVirtual().start(emitter::close);
        assertTrue(emitter.awaitClose(forever));
        assertTrue(emitter.awaitClose(Duration.ofSeconds(Long.MAX_VALUE)));
        closer.join(10_000);
        QUIET.finish(emitter);
    }

    @Test
    void aFailedWriteMeansTheClientIsGone() throws Exception {
        OutputStream broken = new OutputStream() {
            int writes;

            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                if (++writes > 1) {
                    throw new IOException("Broken pipe");
                }
            }
        };
        StreamEmitter emitter = QUIET.open(broken, null);
        List<CloseReason> reasons = new CopyOnWriteArrayList<>();
        emitter.onClose(reasons::add);
        assertTrue(emitter.send("first"));
        assertFalse(emitter.send("second"));
        assertFalse(emitter.send("third"));
        assertEquals(List.of(CloseReason.CLIENT_GONE), reasons);
        assertTrue(emitter.awaitClose(Duration.ofSeconds(10)));
        QUIET.finish(emitter);
        assertEquals(Optional.of(CloseReason.CLIENT_GONE), emitter.closeReason());
    }

    @Test
    void sendersWaitingBehindAStuckWriteReturnAtOnceWhenTheStreamEnds() throws Exception {
        SseBroadcasterTest.Sink sink = new SseBroadcasterTest.Sink();
        StreamEmitter emitter = QUIET.open(sink, null);
        sink.stuck = true; // a client that stopped reading
        Thread first = Thread.ofVirtual().start(() -> emitter.send("stuck"));
        assertTrue(sink.blocked.await(10, TimeUnit.SECONDS), "the first send is in its write");
        AtomicReference<Boolean> sent = new AtomicReference<>();
        Thread second = Thread.ofVirtual().start(() -> sent.set(emitter.send("waiting")));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (second.getState() != Thread.State.WAITING) {
            assertTrue(System.nanoTime() < deadline, "the second send waits for its turn: " + second.getState());
            Thread.sleep(2);
        }
        emitter.close();
        second.join(10_000);
        assertFalse(second.isAlive(), "the waiting send returned when the stream ended");
        assertEquals(Boolean.FALSE, sent.get());
        Thread finisher = Thread.ofVirtual().start(() -> QUIET.finish(emitter));
        sink.release.countDown();
        first.join(10_000);
        finisher.join(10_000);
        assertFalse(first.isAlive());
        assertFalse(finisher.isAlive());
        assertEquals("", sink.text());
    }

    @Test
    void stoppingEndsOpenStreamsAndStreamsOpenedLater() throws Exception {
        Streams streams = new Streams(new SseSettings(Duration.ZERO, null, 64));
        StreamEmitter open = streams.open(OutputStream.nullOutputStream(), null);
        assertEquals(1, streams.openStreams());
        streams.stopAll();
        assertEquals(Optional.of(CloseReason.SERVER_STOPPING), open.closeReason());
        streams.finish(open);
        assertEquals(0, streams.openStreams());
        TestResponse response = new TestResponse();
        Sse.stream(TestRequest.builder("GET", "/").service(Streams.class, streams).build(), response,
                emitter -> {
                    assertFalse(emitter.isOpen());
                    assertFalse(emitter.send("x"));
                    emitter.awaitClose();
                });
        assertTrue(response.committed(), "a stream opened while stopping still gets a 200 head, so clients reconnect");
        assertEquals(200, response.status());
        assertEquals(0, streams.openStreams());
    }

    @Test
    void everyCallbackRunsAndEveryStreamStopsEvenWhenACallbackFails() {
        Streams streams = new Streams(new SseSettings(Duration.ZERO, null, 64));
        StreamEmitter first = streams.open(OutputStream.nullOutputStream(), null);
        StreamEmitter second = streams.open(OutputStream.nullOutputStream(), null);
        List<CloseReason> reasons = new CopyOnWriteArrayList<>();
        for (StreamEmitter emitter : List.of(first, second)) {
            emitter.onClose(reason -> {
                throw new NoClassDefFoundError("a plugin's class went missing");
            });
            emitter.onClose(reason -> {
                throw new AssertionError("an application's check");
            });
            emitter.onClose(reasons::add);
        }
        AssertionError thrown = assertThrows(AssertionError.class, streams::stopAll);
        assertEquals("an application's check", thrown.getMessage());
        assertEquals(List.of(CloseReason.SERVER_STOPPING, CloseReason.SERVER_STOPPING), reasons);
        assertEquals(Optional.of(CloseReason.SERVER_STOPPING), first.closeReason());
        assertEquals(Optional.of(CloseReason.SERVER_STOPPING), second.closeReason());
        streams.finish(first);
        streams.finish(second);
        assertEquals(0, streams.openStreams());
    }

    @Test
    void aStreamWhoseCallbackFailsAtTheEndIsStillReleased() {
        Streams streams = new Streams(new SseSettings(Duration.ZERO, null, 64));
        TestResponse response = new TestResponse();
        AtomicReference<SseEmitter> kept = new AtomicReference<>();
        assertThrows(AssertionError.class, () -> Sse.stream(TestRequest.builder("GET", "/")
                .service(Streams.class, streams).build(), response, emitter -> {
                    kept.set(emitter);
                    emitter.onClose(reason -> {
                        throw new AssertionError("an application's check");
                    });
                    emitter.send("x");
                }));
        assertEquals(0, streams.openStreams());
        assertFalse(kept.get().send("late"));
        assertEquals("data: x\n\n", response.text());
    }

    @Test
    void aBodyStreamFailingOtherwiseThanWithIoLeavesNoStreamRegistered() {
        Streams streams = new Streams(new SseSettings(Duration.ofSeconds(1), null, 64));
        OutputStream refusing = new OutputStream() {
            @Override
            public void write(int b) {
            }

            @Override
            public void flush() {
                throw new IllegalStateException("the response body was already sent");
            }
        };
        assertThrows(IllegalStateException.class, () -> streams.open(refusing, null));
        assertEquals(0, streams.openStreams());
    }

    @Test
    void heartbeatsFillSilence() throws Exception {
        Streams beating = new Streams(new SseSettings(Duration.ofMillis(10), null, 64));
        TestResponse response = new TestResponse();
        Sse.stream(TestRequest.builder("GET", "/").service(Streams.class, beating).build(), response,
                emitter -> {
                    emitter.send("a");
                    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                    while (!response.text().contains(":\n\n") && System.nanoTime() < deadline) {
                        Thread.sleep(5);
                    }
                });
        // a heartbeat may come before the event too, if this thread was slow to send it
        String text = response.text();
        assertTrue(text.contains(":\n\n"), text);
        assertEquals("data: a\n\n", text.replace(":\n\n", ""), text);
    }
}
