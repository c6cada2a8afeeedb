package motor.ext.sse;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The sending side of one open {@code text/event-stream} response, handed to the
 * {@linkplain Sse.Producer producer} by {@link Sse#stream}.
 *
 * <p><b>Threading.</b> Every method may be called from any thread. Sends take turns (never under a
 * {@code synchronized} monitor), so events from several threads never interleave on the wire; each send
 * writes and flushes its event before it returns, and blocks while the client is slow to read: a client
 * that reads nothing is cut off after the server's write timeout and the send fails, one that reads a
 * little at a time holds the sender as long as it does. When the stream ends, sends waiting for their turn
 * return {@code false} at once. {@link SseBroadcaster#publish} never waits for a client.
 *
 * <p><b>Life.</b> The stream is open from {@link Sse#stream} until one of: the producer returns,
 * {@link #close()} is called, a write fails because the client went away, a {@link SseBroadcaster} drops
 * the subscriber for falling too far behind, or the server begins to stop. From then on sends return
 * {@code false} and write nothing; the {@link #onClose} callbacks run once, on the thread that ended it.
 * The server cannot tell that a client went away until a write fails: heartbeats (the {@code sse.heartbeat}
 * setting) are what find an idle client gone.
 */
public interface SseEmitter extends AutoCloseable {

    /** Why a stream ended. */
    enum CloseReason {
        /** The producer returned or the application called {@link SseEmitter#close()}. */
        ENDED,
        /** A write failed: the client closed the connection, or stopped reading until the write timed out. */
        CLIENT_GONE,
        /** A {@link SseBroadcaster} dropped the subscriber, whose queue of unsent events was full. */
        TOO_SLOW,
        /** The server is stopping (or the extension is being unloaded): clients reconnect to its successor. */
        SERVER_STOPPING
    }

    /**
     * Writes one event and flushes it to the client.
     *
     * @param event the event
     * @return {@code true} if it was written; {@code false} if the stream is closed (also when this write
     *         found the client gone, which closes it)
     * @throws IllegalArgumentException if the event's id is longer, in UTF-8, than the
     *                                  {@code sse.maxLastEventIdLength} setting: the client could not send
     *                                  it back when it reconnects
     */
    boolean send(SseEvent event);

    /**
     * Writes an unnamed event with this data and flushes it; see {@link SseEvent#data}.
     *
     * @param data the data; may hold line breaks
     * @return whether it was written, as for {@link #send(SseEvent)}
     */
    default boolean send(String data) {
        return send(SseEvent.data(data));
    }

    /**
     * Writes a comment, which clients ignore, and flushes it.
     *
     * @param text the text; may hold line breaks
     * @return whether it was written, as for {@link #send(SseEvent)}
     */
    boolean comment(String text);

    /**
     * {@return the {@code Last-Event-ID} the client sent when it opened this stream, checked and decoded from
     * UTF-8: the id of the last event it received before it reconnected; empty on a first connection}
     */
    Optional<String> lastEventId();

    /** {@return whether the stream is still open} */
    boolean isOpen();

    /** {@return why the stream ended; empty while it is open} */
    Optional<CloseReason> closeReason();

    /**
     * Registers a callback for the end of the stream. It runs once, on the thread that ended the stream (a
     * sender's, the handler's, the server's while it stops), so it should be short and must not block; if
     * the stream has ended already it runs at once on the caller's thread. An exception (or a
     * {@link LinkageError}) from it is logged; the other callbacks run all the same.
     *
     * @param callback receives why the stream ended
     */
    void onClose(Consumer<CloseReason> callback);

    /**
     * Waits until the stream ends: what a producer that lets other threads (or a broadcaster) feed the
     * stream does to keep it open.
     *
     * @throws InterruptedException if the thread is interrupted while it waits
     */
    void awaitClose() throws InterruptedException;

    /**
     * Waits until the stream ends or the time is up.
     *
     * @param timeout how long to wait at most
     * @return whether the stream has ended
     * @throws InterruptedException if the thread is interrupted while it waits
     */
    boolean awaitClose(Duration timeout) throws InterruptedException;

    /**
     * Ends the stream ({@link CloseReason#ENDED}): sends fail from now on and {@link #awaitClose()} returns.
     * The response itself ends when the producer returns. Closing twice does nothing.
     */
    @Override
    void close();
}
