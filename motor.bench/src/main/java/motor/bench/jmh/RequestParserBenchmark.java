package motor.bench.jmh;

import java.util.EnumSet;
import java.util.concurrent.TimeUnit;
import motor.core.Compliance;
import motor.core.internal.http1.RequestHead;
import motor.core.internal.http1.RequestParser;
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
 * {@link RequestParser}: one whole request head per operation, already in the buffer (scan and parse),
 * with Motor's default limits and no compliance tolerances. The result holds the method, target, path,
 * query, authority and a {@code Headers} of every field, so the allocation per operation is that of one
 * parsed request.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+UseParallelGC"})
public class RequestParserBenchmark {

    private final byte[] browser = Http.bytes(Http.BROWSER_GET);
    private final byte[] curl = Http.bytes(Http.CURL_GET);
    private RequestParser parser;

    @Setup
    public void setUp() {
        parser = new RequestParser(8192, 16384, 100, EnumSet.noneOf(Compliance.class));
        check(browser, 12);
        check(curl, 3);
    }

    private void check(byte[] head, int fields) {
        parser.reset();
        RequestHead parsed = parser.parse(head, 0, head.length);
        if (parsed == null || parsed.headers().size() != fields || parsed.length() != head.length) {
            throw new IllegalStateException("unexpected parse: " + parsed);
        }
    }

    /** A browser's GET of a page with a query: 12 fields, 552 bytes. */
    @Benchmark
    public RequestHead browserGet() {
        parser.reset();
        return parser.parse(browser, 0, browser.length);
    }

    /** curl's GET: 3 fields, 87 bytes. */
    @Benchmark
    public RequestHead curlGet() {
        parser.reset();
        return parser.parse(curl, 0, curl.length);
    }
}
