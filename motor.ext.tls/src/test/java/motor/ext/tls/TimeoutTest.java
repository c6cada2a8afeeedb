package motor.ext.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import motor.core.Server;
import motor.ext.tls.internal.Certs;
import motor.test.RawClient;
import motor.test.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A handshake that never completes is cut by the server's header timeout. */
class TimeoutTest {

    @TempDir
    Path dir;

    @Test
    void aClientThatNeverFinishesTheHandshakeIsCut() throws Exception {
        Certs.Generated cert = Certs.generate(dir, "slow", "EC", "localhost");
        try (TestServer server = TestServer.start(Server.builder().headerTimeout(Duration.ofSeconds(1))
                .config(Map.of("tls", Map.of("certificate", cert.certificate().toString(),
                        "privateKey", cert.privateKey().toString()))))) {
            // silent after connecting, and silent after half a record: both are closed, well within the
            // 20 s this client waits
            try (RawClient silent = RawClient.connect(new java.net.InetSocketAddress("127.0.0.1", server.port()),
                    Duration.ofSeconds(20))) {
                assertEquals("", silent.readToEnd());
                assertTrue(silent.closedByServer());
            }
            try (RawClient partial = RawClient.connect(new java.net.InetSocketAddress("127.0.0.1", server.port()),
                    Duration.ofSeconds(20))) {
                partial.send(java.util.Arrays.copyOf(Certs.clientHello(0x0303), 10));
                assertEquals("", partial.readToEnd());
                assertTrue(partial.closedByServer());
            }
            try (RawClient stalled = RawClient.connect(new java.net.InetSocketAddress("127.0.0.1", server.port()),
                    Duration.ofSeconds(20))) {
                // a complete ClientHello, then nothing: the server's flight arrives, then the close
                stalled.send(HttpsTest.clientHello(0x0303));
                String answer = stalled.readToEnd();
                assertEquals(0x16, answer.charAt(0));
                assertTrue(stalled.closedByServer());
            }
        }
    }
}
