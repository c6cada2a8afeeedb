package motor.bench.jmh;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import motor.core.internal.event.LocalEventBus;
import motor.core.internal.routing.Router;
import motor.core.internal.server.BenchAccess;
import motor.spi.Headers;
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

/**
 * The response head path of a committing response: status line, the handler's headers, {@code Date},
 * {@code Server}, {@code Content-Length}, into the connection's output buffer, then one write to the
 * channel (a {@link MemoryChannel}, so no system call). Reached through {@link BenchAccess}, since the
 * connection is package-private. The handler's {@link Headers} are built once and reused here; the
 * server builds one per response (see {@link ExchangeBenchmark} for the whole exchange).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+UseParallelGC"})
public class ResponseHeadBenchmark {

    private MemoryChannel channel;
    private BenchAccess.HeadWriter writer;
    private Headers plaintext;
    private Headers page;

    @Setup
    public void setUp() throws IOException {
        channel = new MemoryChannel(new byte[0], 0, 512);
        writer = new BenchAccess(new Router(0), new LocalEventBus()).headWriter(channel);
        plaintext = new Headers(8).set("Content-Type", "text/plain");
        page = new Headers(8)
                .set("Content-Type", "text/html; charset=utf-8")
                .set("Cache-Control", "private, max-age=0")
                .set("ETag", "\"5f3c9a1e\"")
                .set("Vary", "Accept-Encoding")
                .set("Set-Cookie", "session=3f2a9c7e41b84d0fa6c1e2b7d9a0c5f4; Path=/; HttpOnly");
        writer.write(200, plaintext, 13, true);
        String head = channel.sample();
        if (!head.startsWith("HTTP/1.1 200 OK\r\n") || !head.contains("Content-Length: 13\r\n")
                || !head.contains("\r\nDate: ") || !head.endsWith("\r\n\r\n")) {
            throw new IllegalStateException("unexpected head: " + head);
        }
    }

    /** 200 with one handler header, as /plaintext. */
    @Benchmark
    public long plaintext() throws IOException {
        writer.write(200, plaintext, 13, true);
        return channel.written();
    }

    /** 200 with five handler headers, as a typical page. */
    @Benchmark
    public long fiveHeaders() throws IOException {
        writer.write(200, page, 24_310, true);
        return channel.written();
    }
}
