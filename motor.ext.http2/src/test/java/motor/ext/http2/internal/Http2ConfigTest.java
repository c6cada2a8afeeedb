package motor.ext.http2.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Map;
import motor.core.Server;
import motor.spi.extension.ConfigException;
import motor.test.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class Http2ConfigTest {

    private static TestServer start(Map<String, Object> section) throws IOException {
        return TestServer.start(Server.builder().discoverExtensions(false).extension(new Http2Extension())
                .config(Map.of("http2", section)));
    }

    @Test
    void everySettingIsAccepted() throws Exception {
        Map<String, Object> all = Map.ofEntries(Map.entry("cleartext", true), Map.entry("upgrade", false),
                Map.entry("maxConcurrentStreams", 50), Map.entry("initialWindowSize", "2MiB"),
                Map.entry("maxFrameSize", "32KiB"), Map.entry("maxHeaderListSize", "32KiB"),
                Map.entry("headerTableSize", "8KiB"), Map.entry("maxBodySize", "1MiB"),
                Map.entry("idleTimeout", "30s"), Map.entry("settingsTimeout", "5s"), Map.entry("floodWindow", "5s"),
                Map.entry("maxResets", 100), Map.entry("maxControlFrames", 500), Map.entry("maxEmptyFrames", 50),
                Map.entry("serverHeader", ""));
        try (TestServer server = start(all)) {
            assertEquals(404, server.get("/").statusCode(), "the server started and answers");
        }
    }

    @ParameterizedTest
    @CsvSource({
        "maxConcurrentStreams, 0", "initialWindowSize, 1000", "initialWindowSize, 4GiB", "maxFrameSize, 1000",
        "maxFrameSize, 32MiB", "maxHeaderListSize, 10", "idleTimeout, 0s", "floodWindow, -1s", "maxResets, 0",
        "maxControlFrames, 0", "maxEmptyFrames, 0", "settingsTimeout, 0s", "maxBodySize, -1"
    })
    void outOfRangeValuesStopTheStartNamingTheKey(String key, String value) {
        Object v = value.matches("-?\\d+") ? (Object) Integer.parseInt(value) : value;
        ConfigException e = assertThrows(ConfigException.class, () -> start(Map.of(key, v)).close());
        assertTrue(e.getMessage().contains("http2." + key), e.getMessage());
    }

    @Test
    void cleartextOffLeavesThePrefaceToHttp11() throws Exception {
        try (TestServer server = TestServer.start(TestRoutes.server(Map.of("cleartext", false)));
             H2Raw raw = H2Raw.open(server.port())) {
            raw.send(motor.ext.http2.internal.frame.Http2.preface());
            byte[] answer = raw.input().readNBytes(12);
            assertEquals("HTTP/1.1 ", new String(answer, java.nio.charset.StandardCharsets.US_ASCII).substring(0, 9),
                    "HTTP/1.1 answers the preface as a request it does not understand");
        }
    }

    @Test
    void upgradeOffKeepsTheJdkClientOnHttp11() throws Exception {
        try (TestServer server = TestServer.start(TestRoutes.server(Map.of("upgrade", false)));
             java.net.http.HttpClient client = java.net.http.HttpClient.newBuilder()
                     .version(java.net.http.HttpClient.Version.HTTP_2).build()) {
            java.net.http.HttpResponse<String> response = client.send(java.net.http.HttpRequest.newBuilder(
                    server.uri("/hello")).timeout(java.time.Duration.ofSeconds(30)).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertEquals(java.net.http.HttpClient.Version.HTTP_1_1, response.version());
            assertEquals("hello HTTP/1.1 http 127.0.0.1:" + server.port() + " [hello]", response.body());
        }
    }

    @Test
    void unknownKeysStopTheStart() {
        assertThrows(ConfigException.class, () -> start(Map.of("maxStreams", 10)).close());
    }
}
