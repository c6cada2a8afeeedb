package motor.ext.websocket.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import motor.test.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * After the server's close frame the peer has {@code closeTimeout} (2 s in {@link TestEndpoints}) in all to
 * answer: a peer that keeps trickling bytes does not hold the connection open, and a close sent from
 * another thread while the connection was waiting for a frame still waits for the peer's answer.
 */
class CloseTimeoutTest {

    @RegisterExtension
    static final TestServer server = TestServer.with(TestEndpoints::configure);

    /** Sends a small frame about every 200 ms for up to 10 s (five close timeouts); true once the server closed. */
    private static boolean serverClosesWhilePeerTrickles(WsClient ws, byte[] chunk) throws IOException {
        ws.raw.socket().setSoTimeout(200);
        for (int i = 0; i < 50; i++) {
            try {
                ws.send(chunk);
            } catch (IOException e) {
                return true; // reset by the server
            }
            if (ws.closedByServer()) {
                return true;
            }
        }
        return false;
    }

    @Test
    void peerThatKeepsSendingMessagesAfterTheServersCloseIsCutOff() throws IOException {
        try (WsClient ws = WsClient.open(server, "/events")) {
            ws.text("close 4001 bye");
            assertEquals(4001, ws.read().closeCode());
            assertTrue(serverClosesWhilePeerTrickles(ws, TestFrames.frame(true, 0, FrameReader.TEXT, new byte[] {'x'})),
                    "the server ends the connection once closeTimeout has passed, however busy the peer is");
        }
    }

    @Test
    void closeFromAnotherThreadOnAQuietConnectionWaitsForThePeersAnswer() throws Exception {
        TestEndpoints.EVENTS.clear();
        try (WsClient ws = WsClient.open(server, "/closelater")) {
            WsClient.Frame close = ws.read();
            assertEquals(1000, close.closeCode());
            Thread.sleep(700); // well within the 2 s the server waits for the answer
            ws.close(1000);
            ws.closedByServer();
        }
        String event;
        do { // events of other endpoints may be in the queue too
            event = TestEndpoints.EVENTS.poll(10, TimeUnit.SECONDS);
        } while (event != null && !event.startsWith("closelater:"));
        assertEquals("closelater:1000:", event, "the peer's close frame was read, not cut off as 1006");
    }
}
