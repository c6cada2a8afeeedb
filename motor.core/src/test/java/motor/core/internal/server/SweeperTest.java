package motor.core.internal.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Timeout decisions against a clock advanced by hand. */
class SweeperTest {

    private static final long MS = 1_000_000L;
    private static final long S = 1_000 * MS;

    private final Settings settings = new Settings(8192, 16384, 100, 1 << 20, 100, false, 128,
            10 * S, 5 * S, 30 * S, 7 * S, 100, 2 * S, 30 * S, 1 << 16, 2 * S, Set.of(), "Motor", false);
    private long now;
    private Watch watch;

    @BeforeEach
    void fresh() {
        now = 1_000 * S;
        watch = new Watch(now);
    }

    private int decide() {
        return Sweeper.decide(watch, settings, now);
    }

    @Test
    void handshakeGetsTheHeaderTimeout() {
        now += 10 * S;
        assertEquals(Watch.NONE, decide());
        now += 1;
        assertEquals(Watch.HANDSHAKE_TIMEOUT, decide());
        assertEquals(true, Sweeper.closes(Watch.HANDSHAKE_TIMEOUT));
    }

    @Test
    void idleConnectionsEndAfterTheIdleTimeout() {
        watch.phase(Watch.IDLE, now);
        now += 29 * S;
        assertEquals(Watch.NONE, decide());
        now += 2 * S;
        assertEquals(Watch.IDLE_TIMEOUT, decide());
        assertEquals(false, Sweeper.closes(Watch.IDLE_TIMEOUT));
    }

    @Test
    void headMustArriveWithinTheHeaderTimeout() {
        watch.phase(Watch.HEAD, now);
        watch.phaseBytes = 1_000_000;
        now += 10 * S + 1;
        assertEquals(Watch.HEAD_TIMEOUT, decide());
    }

    @Test
    void headMustKeepTheMinimumRateAfterTheGrace() {
        watch.phase(Watch.HEAD, now);
        watch.phaseBytes = 150;
        now += 1 * S;
        assertEquals(Watch.NONE, decide(), "within the grace period");
        now += 2 * S; // 3 s: 150 bytes is 50 bytes/s, under 100
        assertEquals(Watch.HEAD_TIMEOUT, decide());
        watch.phaseBytes = 400; // 133 bytes/s
        assertEquals(Watch.NONE, decide());
    }

    @Test
    void handlerTimeIsNotLimited() {
        watch.phase(Watch.HANDLER, now);
        now += 3600 * S;
        assertEquals(Watch.NONE, decide());
    }

    @Test
    void blockedBodyReadsGetTheBodyTimeout() {
        watch.phase(Watch.HANDLER, now);
        watch.bodyReading = true;
        watch.phaseBytes = 1_000_000;
        now += 100 * S;
        watch.readBlockedSince = now;
        now += 5 * S;
        assertEquals(Watch.NONE, decide());
        now += 1;
        assertEquals(Watch.BODY_TIMEOUT, decide());
    }

    @Test
    void bodyRateCountsOnlyTimeSpentWaitingForTheClient() {
        watch.phase(Watch.HANDLER, now);
        watch.bodyReading = true;
        watch.phaseBytes = 250;
        watch.bodyBlockedNanos = 2 * S; // the handler spent long elsewhere; only 2 s were waits
        now += 60 * S;
        watch.readBlockedSince = now;
        now += 400 * MS; // 250 bytes in 2.4 s of waiting: 104 bytes/s
        assertEquals(Watch.NONE, decide());
        now += 200 * MS; // 2.6 s: 96 bytes/s
        assertEquals(Watch.BODY_TIMEOUT, decide());
    }

    @Test
    void stalledWritesCloseTheConnection() {
        watch.phase(Watch.HANDLER, now);
        watch.writeBlockedSince = now;
        now += 7 * S + 1;
        assertEquals(Watch.WRITE_TIMEOUT, decide());
        assertEquals(true, Sweeper.closes(Watch.WRITE_TIMEOUT));
    }

    @Test
    void aClientReadingTooSlowlyIsCutOnceWritesHaveWaitedForItTheWriteTimeout() {
        watch.phase(Watch.UPGRADED, now);
        watch.writeStreakStart = now;   // writes began to wait for the client...
        now += 6 * S;
        watch.writeStreakBytes = 600;   // ...which took 600 bytes in 6 s
        watch.writeBlockedSince = now;
        now += 500 * MS;                // 6.5 s: judged only after the write timeout (7 s)
        assertEquals(Watch.NONE, decide());
        now += 1 * S;                   // 7.5 s, 600 bytes: 80 bytes/s, under the 100 required
        assertEquals(Watch.WRITE_TIMEOUT, decide());
    }

    @Test
    void aClientThatReadsAtTheRateOrPausesBrieflyIsKept() {
        watch.phase(Watch.HANDLER, now);
        watch.writeStreakStart = now;
        now += 60 * S;
        watch.writeStreakBytes = 6_100; // a minute at 101 bytes/s
        watch.writeBlockedSince = now;
        now += 1 * S;
        assertEquals(Watch.NONE, decide());
        watch.writeStreakStart = 0;     // the client caught up: a fresh stretch...
        watch.writeStreakBytes = 0;
        watch.writeBlockedSince = now;
        now += 6 * S;                   // ...and a 6 s pause with nothing read is within the write timeout
        assertEquals(Watch.NONE, decide());
        assertEquals(Watch.NONE, decide(), "no stretch, no rate: only the write timeout applies");
        now += 1 * S + 1;
        assertEquals(Watch.WRITE_TIMEOUT, decide());
    }

    @Test
    void upgradedConnectionsUseTheirOwnIdleLimit() {
        watch.phase(Watch.UPGRADED, now);
        watch.readBlockedSince = now;
        now += 3600 * S;
        assertEquals(Watch.NONE, decide(), "no limit unless the protocol sets one");
        watch.upgradeIdleNanos = 10 * S;
        assertEquals(Watch.UPGRADE_IDLE_TIMEOUT, decide());
    }

    @Test
    void stalledWritesAreCutEvenAfterAReadWasEnded() {
        watch.phase(Watch.HEAD, now);
        watch.expired = Watch.HEAD_TIMEOUT; // the 408 is being written...
        watch.writeBlockedSince = now;      // ...to a client that does not read
        now += 7 * S + 1;
        assertEquals(Watch.WRITE_TIMEOUT, decide());
    }

    @Test
    void lingerEndsEvenAfterAReadWasEnded() {
        watch.expired = Watch.BODY_TIMEOUT;
        watch.phase(Watch.LINGER, now);
        now += 2 * S + 1;
        assertEquals(Watch.LINGER_DONE, decide());
    }

    @Test
    void lingeringEnds() {
        watch.phase(Watch.LINGER, now);
        now += 2 * S + 1;
        assertEquals(Watch.LINGER_DONE, decide());
    }

    @Test
    void aConnectionIsActedOnOnce() {
        watch.phase(Watch.IDLE, now);
        now += 31 * S;
        watch.expired = Watch.IDLE_TIMEOUT;
        assertEquals(Watch.NONE, decide());
        watch.expired = Watch.WRITE_TIMEOUT;
        watch.writeBlockedSince = now - 60 * S;
        assertEquals(Watch.NONE, decide(), "a closed connection is not closed again");
    }
}
