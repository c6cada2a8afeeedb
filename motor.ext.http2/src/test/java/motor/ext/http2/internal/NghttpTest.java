package motor.ext.http2.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import motor.test.TestServer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** nghttp2's own tools (Debian's nghttp2-client): {@code nghttp} checks frames, {@code h2load} loads. */
class NghttpTest {

    @RegisterExtension
    static final TestServer server = TestServer.with(b -> b.discoverExtensions(false)
            .extension(new Http2Extension()).config(Map.of("http2", Map.of())).routes(TestRoutes::routes));

    @TempDir
    Path dir;

    private record Run(int exit, String out) {
    }

    private Run run(String... command) throws Exception {
        Path out = dir.resolve("out.txt");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", command) + " did not finish in 60 s");
        }
        return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
    }

    private static boolean available(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    @Test
    void nghttpSeesCleanFramesOnSeveralStreams() throws Exception {
        Assumptions.assumeTrue(available("nghttp"), "nghttp is not installed");
        Run r = run("nghttp", "-nv", "-t", "30", server.uri("/hello").toString(), server.uri("/hints").toString(),
                server.uri("/big?n=300000&seed=9").toString(), server.uri("/empty").toString());
        assertEquals(0, r.exit(), r.out());
        assertTrue(r.out().contains(":status: 103"), r.out());
        assertTrue(r.out().contains(":status: 204"), r.out());
        assertFalse(r.out().contains("RST_STREAM"), r.out());
        assertFalse(r.out().toLowerCase(java.util.Locale.ROOT).contains("error_code=protocol"), r.out());
    }

    @Test
    void h2loadManyStreamsOnFewConnections() throws Exception {
        Assumptions.assumeTrue(available("h2load"), "h2load is not installed");
        List<String> command = new ArrayList<>(List.of("h2load", "-n", "3000", "-c", "4", "-m", "100",
                server.uri("/hello").toString()));
        Run r = run(command.toArray(String[]::new));
        assertEquals(0, r.exit(), r.out());
        assertTrue(r.out().contains("3000 succeeded, 0 failed, 0 errored"), r.out());
        assertTrue(r.out().contains("status codes: 3000 2xx"), r.out());
    }
}
