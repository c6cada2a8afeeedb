package motor.ext.sse.internal;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** Reads a response body line by line on a virtual thread; every wait for a line is bounded. */
final class Lines implements AutoCloseable {

    static final long WAIT_SECONDS = 10;

    private final InputStream in;
    private final BlockingQueue<Optional<String>> queue = new LinkedBlockingQueue<>();

    Lines(InputStream in) {
        this.in = in;
        Thread.ofVirtual().start(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String line; (line = reader.readLine()) != null; ) {
                    queue.add(Optional.of(line));
                }
            } catch (IOException e) {
                // the end, as far as the test is concerned
            } finally {
                queue.add(Optional.empty());
            }
        });
    }

    /** {@return the next line, or null at the end of the body} */
    String next() throws InterruptedException {
        Optional<String> line = queue.poll(WAIT_SECONDS, TimeUnit.SECONDS);
        assertNotNull(line, "no line within " + WAIT_SECONDS + " s");
        return line.orElse(null);
    }

    /** {@return the lines up to and including the first empty one: one event or comment block} */
    List<String> block() throws InterruptedException {
        List<String> lines = new ArrayList<>();
        for (String line; (line = next()) != null; ) {
            lines.add(line);
            if (line.isEmpty()) {
                return lines;
            }
        }
        throw new AssertionError("the body ended inside an event: " + lines);
    }

    /** {@return every line until the end of the body} */
    List<String> rest() throws InterruptedException {
        List<String> lines = new ArrayList<>();
        for (String line; (line = next()) != null; ) {
            lines.add(line);
        }
        return lines;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
