package motor.ext.sse.internal;

import java.io.OutputStream;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import motor.ext.sse.SseEmitter.CloseReason;
import motor.ext.sse.SseEvent;
import motor.spi.Request;

/**
 * What the extension shares with {@code Sse.stream}: the settings and the streams open now, so that they
 * can all be ended when the server stops. The extension provides its instance as a service, which
 * {@code Sse.stream} finds through {@link Request#service} (no middleware marks every request); without
 * the extension, streams use the default settings and nothing ends them early.
 */
public final class Streams {

    private static final Streams DEFAULT = new Streams(SseSettings.DEFAULTS);

    private final SseSettings settings;
    private final byte[] opening;
    private final Set<StreamEmitter> open = ConcurrentHashMap.newKeySet();
    private volatile boolean stopping;

    /**
     * Creates the registry.
     *
     * @param settings the settings
     */
    public Streams(SseSettings settings) {
        this.settings = settings;
        this.opening = settings.retry() == null ? null : EventEncoder.encode(SseEvent.retryAfter(settings.retry()));
    }

    /**
     * {@return the instance the extension provided to the request's server, or the defaults}
     *
     * @param request the request
     */
    public static Streams of(Request request) {
        return request.service(Streams.class).orElse(DEFAULT);
    }

    /** {@return the settings} */
    public SseSettings settings() {
        return settings;
    }

    /**
     * Commits the response head (the caller has set the headers), sends the retry hint if one is set, and
     * returns the open emitter with its heartbeats running. If the server is stopping, the emitter is
     * closed already.
     *
     * @param out         the response's body stream
     * @param lastEventId the checked Last-Event-ID, or null
     * @return the emitter; {@link #finish} must follow
     */
    public StreamEmitter open(OutputStream out, String lastEventId) {
        StreamEmitter emitter = new StreamEmitter(out, lastEventId, settings.heartbeat(),
                settings.maxLastEventIdLength());
        if (this != DEFAULT) {
            open.add(emitter);
            if (stopping) {
                emitter.close(CloseReason.SERVER_STOPPING);
            }
        }
        try {
            emitter.open(opening);
            emitter.startHeartbeat();
        } catch (RuntimeException | Error e) {
            // a body stream that fails other than with IOException (a wrapper's, say): the caller gets no
            // emitter to finish, so it must not stay registered
            finish(emitter);
            throw e;
        }
        return emitter;
    }

    /**
     * Ends a stream for good before its handler returns.
     *
     * @param emitter the emitter {@link #open} returned
     */
    public void finish(StreamEmitter emitter) {
        try {
            emitter.finish();
        } finally {
            open.remove(emitter); // even when an onClose callback failed
        }
    }

    /** {@return how many streams are open} */
    public int openStreams() {
        return open.size();
    }

    /**
     * Ends every open stream, and every stream opened from now on, with
     * {@link CloseReason#SERVER_STOPPING}: their producers see sends fail and {@code awaitClose} return, so
     * that their handlers return and the server can drain. Never blocks on I/O.
     */
    public void stopAll() {
        stopping = true;
        Error failure = null;
        for (StreamEmitter emitter : open) {
            try {
                emitter.close(CloseReason.SERVER_STOPPING);
            } catch (Error e) {
                // an application's onClose callback: the other streams must end all the same
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
