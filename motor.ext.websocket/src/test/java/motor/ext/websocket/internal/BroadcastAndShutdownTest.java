package motor.ext.websocket.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import motor.core.Server;
import motor.test.TestServer;
import org.junit.jupiter.api.Test;

/** A slow broadcast member is dropped without stalling the others; a graceful shutdown closes with 1001. */
class BroadcastAndShutdownTest {

    @Test
    void slowMemberIsDroppedWhileTheOthersGoOn() throws Exception {
        try (TestServer server = TestServer.start(TestEndpoints.configure(Server.builder()));
             WsClient slow = WsClient.open(server, "/slowroom")) {
            assertEquals("joined", slow.read().text());
            ClientTest.Collector fast = new ClientTest.Collector();
            WebSocket ws = server.client().newWebSocketBuilder()
                    .buildAsync(java.net.URI.create("ws://127.0.0.1:" + server.port() + "/slowroom"), fast)
                    .get(10, TimeUnit.SECONDS);
            assertEquals("text:joined", fast.next());
            assertEquals(2, TestEndpoints.SLOW_ROOM.size());
            byte[] message = new byte[64 * 1024];
            int sent = 0;
            // the slow client never reads: once the socket buffers are full its queue fills and it is dropped
            while (TestEndpoints.SLOW_ROOM.size() == 2 && sent < 5000) {
                TestEndpoints.SLOW_ROOM.broadcast(message);
                sent++;
                assertEquals("binary:" + message.length, fast.next(), "the fast member gets message " + sent);
            }
            assertEquals(1, TestEndpoints.SLOW_ROOM.size(), "the slow member was dropped after " + sent);
            TestEndpoints.SLOW_ROOM.broadcast("still here");
            assertEquals("text:still here", fast.next());
            assertTrue(slow.closedByServer(), "the slow member's connection was closed");
            ws.abort();
        } finally {
            TestEndpoints.SLOW_ROOM.sessions().forEach(TestEndpoints.SLOW_ROOM::remove);
        }
    }

    @Test
    void gracefulShutdownClosesWith1001() throws Exception {
        TestServer server = TestServer.start(TestEndpoints.configure(Server.builder()));
        try (WsClient ws = WsClient.open(server, "/echo")) {
            ws.text("before");
            assertEquals("before", ws.read().text());
            Thread stopper = Thread.ofVirtual().start(() -> server.server().stop(Duration.ofSeconds(5)));
            WsClient.Frame close = ws.read();
            assertEquals(1001, close.closeCode());
            ws.close(1001);
            assertTrue(ws.closedByServer());
            stopper.join(Duration.ofSeconds(10));
        } finally {
            server.close();
        }
    }
}
