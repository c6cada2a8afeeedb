package motor.core.internal.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import motor.core.internal.event.LocalEventBus;
import motor.core.internal.extension.Composition;
import motor.core.internal.extension.Registry;
import motor.core.internal.routing.Router;
import org.junit.jupiter.api.Test;

/** A connection that waits long for its next request gives up its thread, and gets a new one when it comes. */
class SuspendTest {

    private static final long S = 1_000_000_000L;

    @Test
    void idleConnectionGivesUpItsThreadAndResumes() throws Exception {
        LocalEventBus events = new LocalEventBus();
        Router router = new Router(1 << 20);
        router.get("/n", (req, res) -> res.send("n"));
        Settings settings = new Settings(8192, 16384, 100, 1 << 20, 100, false, 128, 10 * S, 10 * S, 30 * S,
                10 * S, 0, S, S, 1 << 16, S, Set.of(), "Motor", false);
        Engine engine = new Engine(settings, Composition.of(List.of(), new Registry(events, router)), events,
                List.of(new Engine.Listener("http", new InetSocketAddress("127.0.0.1", 0))));
        engine.start();
        int port = ((InetSocketAddress) engine.addresses().get(0)).getPort();
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            byte[] request = "GET /n HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
            out.write(request);
            String first = read(in);
            assertTrue(first.startsWith("HTTP/1.1 200 OK") && first.endsWith("\r\n\r\nn"), first);

            Http1Connection connection = engine.connections().iterator().next();
            boolean idle = false;
            for (int i = 0; i < 60 && !idle; i++) {
                Thread.sleep(100);
                idle = connection.socket().idle();
            }
            assertTrue(idle, "the connection still has a thread after waiting for several seconds");

            out.write(request);
            String second = read(in);
            assertTrue(second.startsWith("HTTP/1.1 200 OK") && second.endsWith("\r\n\r\nn"), second);
            assertEquals(1, engine.openConnections());
        } finally {
            engine.stop(S);
        }
    }

    /** Reads one small response (head and the one-byte body). */
    private static String read(InputStream in) throws Exception {
        StringBuilder sb = new StringBuilder();
        while (!(sb.toString().contains("\r\n\r\n") && sb.toString().endsWith("n") && sb.length() > 20)) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            sb.append((char) b);
        }
        return sb.toString();
    }
}
