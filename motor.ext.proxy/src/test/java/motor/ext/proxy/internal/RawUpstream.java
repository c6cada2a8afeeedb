package motor.ext.proxy.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * An upstream that misbehaves on purpose: for each connection it reads one request head and answers with
 * what the test's script writes, byte for byte, then closes. The heads it received are kept for the test.
 */
final class RawUpstream implements AutoCloseable {

    /** What to write for a request head. */
    @FunctionalInterface
    interface Script {
        void answer(String head, InputStream in, OutputStream out) throws IOException, InterruptedException;
    }

    final BlockingQueue<String> heads = new LinkedBlockingQueue<>();
    private final ServerSocket server;
    private final Thread acceptor;

    RawUpstream(Script script) throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = Thread.ofVirtual().start(() -> {
            while (!server.isClosed()) {
                try {
                    Socket socket = server.accept();
                    Thread.ofVirtual().start(() -> serve(socket, script));
                } catch (IOException e) {
                    return;
                }
            }
        });
    }

    /** {@return a script that writes {@code response} whatever the request} */
    static Script fixed(String response) {
        return (head, in, out) -> out.write(response.getBytes(StandardCharsets.ISO_8859_1));
    }

    private void serve(Socket socket, Script script) {
        try (socket) {
            socket.setSoTimeout(10_000);
            InputStream in = socket.getInputStream();
            String head = readHead(in);
            heads.add(head);
            OutputStream out = socket.getOutputStream();
            script.answer(head, in, out);
            out.flush();
        } catch (IOException | InterruptedException e) {
            // the test sees what the proxy made of it
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.write(b);
            matched = (b == '\r' || b == '\n') && "\r\n\r\n".charAt(matched) == b ? matched + 1 : 0;
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getLocalPort());
    }

    @Override
    public void close() throws IOException {
        server.close();
        acceptor.interrupt();
    }
}
