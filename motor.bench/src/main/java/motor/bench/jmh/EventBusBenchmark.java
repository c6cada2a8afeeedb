package motor.bench.jmh;

import java.util.concurrent.TimeUnit;
import motor.core.internal.event.LocalEventBus;
import motor.spi.event.RequestStarted;
import motor.spi.event.Topic;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * {@link LocalEventBus}: publishing a per-request event ({@link RequestStarted}) the way the connection
 * does (check {@link Topic#active()}, then build and publish), with no listener and with one, plus the
 * unguarded and the by-class forms for comparison.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+UseParallelGC"})
public class EventBusBenchmark {

    private LocalEventBus quietBus;
    private LocalEventBus busyBus;
    private Topic<RequestStarted> quiet;
    private Topic<RequestStarted> busy;
    private long connectionId = 7;
    private String requestId = "7-1";
    private String target = "/plaintext";

    @Setup
    public void setUp(Blackhole blackhole) {
        quietBus = new LocalEventBus();
        quiet = quietBus.topic(RequestStarted.class);
        busyBus = new LocalEventBus();
        busy = busyBus.topic(RequestStarted.class);
        busyBus.subscribe(RequestStarted.class, blackhole::consume);
    }

    /** No listener, guarded: what every request costs while nobody listens. */
    @Benchmark
    public void noListenerGuarded() {
        if (quiet.active()) {
            quiet.publish(new RequestStarted(connectionId, requestId, "GET", target));
        }
    }

    /** No listener, event built and published anyway. */
    @Benchmark
    public void noListenerUnguarded() {
        quiet.publish(new RequestStarted(connectionId, requestId, "GET", target));
    }

    /** One listener (it hands the event to a Blackhole), guarded as the connection does. */
    @Benchmark
    public void oneListenerGuarded() {
        if (busy.active()) {
            busy.publish(new RequestStarted(connectionId, requestId, "GET", target));
        }
    }

    /** One listener, through {@code EventBus.publish(Object)}: a topic lookup by class first. */
    @Benchmark
    public void oneListenerByClass() {
        busyBus.publish(new RequestStarted(connectionId, requestId, "GET", target));
    }
}
