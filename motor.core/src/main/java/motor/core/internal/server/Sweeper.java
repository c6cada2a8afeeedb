package motor.core.internal.server;

import java.util.Collection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Enforces every connection timeout from one thread, so that connection threads can block in plain
 * reads and writes.
 *
 * <p>Each tick it looks at the {@link Watch} of every open connection and, when a limit has passed,
 * records why in {@link Watch#expired} and then acts: a wait for data that must end is ended by waking
 * the connection's thread (its read returns end of stream, it sees the reason and answers 408 or closes
 * quietly, while output still works); a write that made no progress is ended by closing the socket; a
 * connection without a thread is closed. It also takes the thread from connections that have waited for
 * their next request for a second. The decision itself is {@link #decide}, a pure function of a watch,
 * the settings and the time, tested with a hand-advanced clock.
 */
final class Sweeper implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(Sweeper.class);

    private final Collection<Http1Connection> connections;
    private final Settings settings;
    private final Clock clock;
    private volatile boolean running = true;

    Sweeper(Collection<Http1Connection> connections, Settings settings, Clock clock) {
        this.connections = connections;
        this.settings = settings;
        this.clock = clock;
    }

    void stop() {
        running = false;
    }

    @Override
    public void run() {
        long interval = settings.sweepInterval();
        while (running) {
            try {
                Thread.sleep(interval / 1_000_000L, (int) (interval % 1_000_000L));
            } catch (InterruptedException e) {
                return;
            }
            sweep();
        }
    }

    /** How long a connection waits for its next request with a thread before it gives the thread up. */
    static final long SUSPEND_AFTER_NANOS = 1_000_000_000L;

    /** Looks at every connection once. */
    void sweep() {
        long now = clock.nanos();
        for (Http1Connection connection : connections) {
            Watch watch = connection.watch();
            int reason = decide(watch, settings, now);
            if (reason != Watch.NONE) {
                expire(connection, reason);
            } else if (watch.phase == Watch.IDLE && now - watch.phaseStart > SUSPEND_AFTER_NANOS) {
                connection.suspendIfIdle();
            }
        }
    }

    /**
     * Records why and ends the connection's wait (its thread finds the reason and answers 408 or closes
     * quietly; writing still works), or closes it. A connection without a thread is closed at once.
     */
    static void expire(Http1Connection connection, int reason) {
        Watch watch = connection.watch();
        watch.expired = reason;
        try {
            if (connection.socket().idle()) {
                connection.closeWithoutThread();
            } else if (reason == Watch.WRITE_TIMEOUT && watch.writeBlockedSince != 0) {
                // a write is stuck: what is queued for a client that does not read goes too; otherwise (a
                // forced stop catching a connection that lingers, say) a plain close lets it be read
                connection.socket().abort();
            } else if (closes(reason)) {
                connection.socket().close();
            } else {
                connection.socket().wake();
            }
        } catch (Exception e) {
            LOG.debug("ending connection {} failed", connection.id(), e);
        }
    }

    /** {@return whether a reason closes the connection outright rather than ending its read} */
    static boolean closes(int reason) {
        return reason == Watch.WRITE_TIMEOUT || reason == Watch.HANDSHAKE_TIMEOUT || reason == Watch.LINGER_DONE;
    }

    /**
     * Decides whether a connection has overstayed a limit.
     *
     * @param watch    the connection's state
     * @param settings the limits
     * @param now      the current time
     * @return the {@code Watch} reason constant, or {@link Watch#NONE}
     */
    static int decide(Watch watch, Settings settings, long now) {
        int expired = watch.expired;
        if (closes(expired)) {
            return Watch.NONE; // the socket is closed already
        }
        // A write that makes no progress is cut off even after a read was ended: the thread may be
        // writing a 408, or a backlog of pipelined responses, to a client that never reads.
        // So is a client that reads, but more slowly than the minimum rate over the time writes waited for
        // it (trickling keeps a write making progress, and would hold the connection for ever); judged only
        // once they have waited writeTimeout in all, so that a client pausing for less is kept.
        long writeSince = watch.writeBlockedSince;
        long streak = watch.writeStreakStart;
        if (writeSince != 0 && (now - writeSince > settings.writeTimeout() || streak != 0
                && tooSlow(watch.writeStreakBytes, now - streak, settings.minDataRate(), settings.writeTimeout()))) {
            return Watch.WRITE_TIMEOUT;
        }
        // phase before phaseStart: the writer sets phaseStart first, so this never pairs a new phase with
        // an old start time (which would make a fresh phase look overdue)
        int phase = watch.phase;
        long inPhase = now - watch.phaseStart;
        if (phase == Watch.LINGER) {
            return inPhase > settings.lingerTime() ? Watch.LINGER_DONE : Watch.NONE;
        }
        if (expired != Watch.NONE) {
            return Watch.NONE; // the read was ended already
        }
        long readSince = watch.readBlockedSince;
        return switch (phase) {
            case Watch.HANDSHAKE -> inPhase > settings.headerTimeout() ? Watch.HANDSHAKE_TIMEOUT : Watch.NONE;
            case Watch.IDLE -> inPhase > settings.idleTimeout() ? Watch.IDLE_TIMEOUT : Watch.NONE;
            case Watch.HEAD -> inPhase > settings.headerTimeout() || tooSlow(watch.phaseBytes, inPhase, settings.minDataRate(),
                    settings.minDataRateGrace())
                    ? Watch.HEAD_TIMEOUT : Watch.NONE;
            case Watch.HANDLER -> {
                if (readSince == 0 || !watch.bodyReading) {
                    yield Watch.NONE;
                }
                long blocked = now - readSince;
                yield blocked > settings.bodyTimeout()
                        || tooSlow(watch.phaseBytes, watch.bodyBlockedNanos + blocked, settings.minDataRate(),
                                settings.minDataRateGrace())
                        ? Watch.BODY_TIMEOUT : Watch.NONE;
            }
            case Watch.UPGRADED -> {
                long limit = watch.upgradeIdleNanos;
                yield limit > 0 && readSince != 0 && now - readSince > limit
                        ? Watch.UPGRADE_IDLE_TIMEOUT : Watch.NONE;
            }
            default -> Watch.NONE;
        };
    }

    private static boolean tooSlow(long bytes, long elapsedNanos, long rate, long graceNanos) {
        if (rate <= 0 || elapsedNanos <= graceNanos) {
            return false;
        }
        return bytes < rate * (elapsedNanos / 1e9);
    }
}
