package motor.bench.jmh;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import motor.core.internal.event.LocalEventBus;
import motor.core.internal.routing.Router;
import motor.core.internal.server.BenchAccess;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A whole HTTP/1.1 exchange in Motor, without the kernel: a connection (Motor's own connection loop,
 * transport, parser, request and response objects, router, handler, head writing) served on the
 * benchmark thread from a {@link MemoryChannel} that hands it wrk's requests and swallows the
 * responses. One operation is one request; each invocation is one connection of {@value #REQUESTS}
 * requests, so the per-connection setup (buffers, parser) is spread over them. The handlers are the
 * showcase's ({@code /plaintext}, and {@code /json} with Jackson per request).
 *
 * <p>This is the in-process part of the server's CPU time per request that the load harness measures;
 * the rest is system calls and scheduling.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+UseParallelGC"})
public class ExchangeBenchmark {

    static final int REQUESTS = 256;
    static final int PIPELINE = 16;

    private static final byte[] HELLO = "Hello, World!".getBytes(StandardCharsets.US_ASCII);

    /** The showcase's message. */
    public record Message(String message) {
    }

    private final ObjectWriter writer = new ObjectMapper().writerFor(Message.class);
    private BenchAccess server;
    private final byte[] plaintext = Http.bytes(Http.WRK_PLAINTEXT);
    private final byte[] json = Http.bytes(Http.WRK_JSON);
    private final byte[] pipelined = Http.repeat(Http.WRK_PLAINTEXT, PIPELINE);

    @Setup
    public void setUp() throws IOException {
        Router router = new Router(10 * 1024 * 1024);
        router.get("/plaintext", (request, response) -> {
            response.headers().set("Content-Type", "text/plain");
            response.send(HELLO);
        });
        router.get("/json", (request, response) -> {
            response.headers().set("Content-Type", "application/json");
            response.send(writer.writeValueAsBytes(new Message("Hello, World!")));
        });
        router.freeze();
        server = new BenchAccess(router, new LocalEventBus());
        check(plaintext, REQUESTS, "Hello, World!");
        check(json, REQUESTS, "{\"message\":\"Hello, World!\"}");
        check(pipelined, REQUESTS / PIPELINE, "Hello, World!");
    }

    private void check(byte[] chunk, int reads, String body) throws IOException {
        MemoryChannel channel = new MemoryChannel(chunk, reads, 8192);
        server.serve(channel);
        String sample = channel.sample();
        int headEnd = sample.indexOf("\r\n\r\n");
        if (!sample.startsWith("HTTP/1.1 200 OK\r\n") || headEnd < 0
                || !sample.startsWith(body, headEnd + 4)) {
            throw new IllegalStateException("unexpected response: " + sample);
        }
        long each = headEnd + 4 + body.length();
        if (channel.written() != each * REQUESTS) {
            throw new IllegalStateException("expected " + REQUESTS + " responses of " + each + " bytes, got "
                    + channel.written() + " bytes");
        }
    }

    /** GET /plaintext on a keep-alive connection, one request per read (as wrk without pipelining). */
    @Benchmark
    @OperationsPerInvocation(REQUESTS)
    public long plaintext() throws IOException {
        MemoryChannel channel = new MemoryChannel(plaintext, REQUESTS, 0);
        server.serve(channel);
        return channel.written();
    }

    /** GET /json, Jackson per request, one request per read. */
    @Benchmark
    @OperationsPerInvocation(REQUESTS)
    public long json() throws IOException {
        MemoryChannel channel = new MemoryChannel(json, REQUESTS, 0);
        server.serve(channel);
        return channel.written();
    }

    /** GET /plaintext, 16 pipelined requests per read: their responses leave in one write. */
    @Benchmark
    @OperationsPerInvocation(REQUESTS)
    public long pipelined() throws IOException {
        MemoryChannel channel = new MemoryChannel(pipelined, REQUESTS / PIPELINE, 0);
        server.serve(channel);
        return channel.written();
    }
}
