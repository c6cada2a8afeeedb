package motor.bench.jmh;

import java.util.concurrent.TimeUnit;
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
 * {@link Headers} lookups on the 12 fields of a browser request, as the parser and handlers make them:
 * a field near the front, one at the end, one spelt in another case, and absent ones (the parser asks
 * for {@code Transfer-Encoding} and {@code Content-Length} on every request).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+UseParallelGC"})
public class HeadersBenchmark {

    private Headers headers;
    // names in fields, so that the JIT cannot fold them as constants into the lookups
    private String host = "Host";
    private String priority = "Priority";
    private String acceptEncodingLower = "accept-encoding";
    private String contentType = "Content-Type";
    private String transferEncoding = "Transfer-Encoding";
    private String contentLength = "Content-Length";

    @Setup
    public void setUp() {
        headers = new Headers(12)
                .add("Host", "www.example.com")
                .add("User-Agent", "Mozilla/5.0 (X11; Linux x86_64; rv:132.0) Gecko/20100101 Firefox/132.0")
                .add("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")
                .add("Accept-Language", "en-US,en;q=0.5")
                .add("Accept-Encoding", "gzip, deflate, br, zstd")
                .add("Referer", "https://www.example.com/")
                .add("Connection", "keep-alive")
                .add("Cookie", "session=3f2a9c7e41b84d0fa6c1e2b7d9a0c5f4; theme=dark; consent=1")
                .add("Upgrade-Insecure-Requests", "1")
                .add("Sec-Fetch-Dest", "document")
                .add("Sec-Fetch-Mode", "navigate")
                .add("Priority", "u=0, i");
        if (headers.size() != 12 || headers.first(acceptEncodingLower) == null) {
            throw new IllegalStateException("unexpected headers: " + headers);
        }
    }

    /** The first field. */
    @Benchmark
    public String firstHit() {
        return headers.first(host);
    }

    /** The last of 12 fields. */
    @Benchmark
    public String lastHit() {
        return headers.first(priority);
    }

    /** A field in the middle, asked for in lower case. */
    @Benchmark
    public String otherCaseHit() {
        return headers.first(acceptEncodingLower);
    }

    /** An absent field: all 12 compared. */
    @Benchmark
    public String firstMiss() {
        return headers.first(contentType);
    }

    /** What the parser asks of every request: two absent fields. */
    @Benchmark
    public boolean containsFramingMisses() {
        return headers.contains(transferEncoding) | headers.contains(contentLength);
    }
}
