package motor.ext.websocket.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import motor.test.RawClient;
import motor.test.TestServer;

/**
 * A WebSocket client on a raw socket (motor.test's RawClient) that sends any frame, well formed or not,
 * and reads the server's frames byte for byte. Every read is bounded by the RawClient's 10 s timeout.
 */
final class WsClient implements AutoCloseable {

    record Frame(boolean fin, int rsv, int opcode, byte[] payload) {
        String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        int closeCode() {
            assertEquals(FrameReader.CLOSE, opcode, "a close frame");
            return payload.length < 2 ? 1005 : ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF);
        }
    }

    final RawClient raw;
    final InputStream in;
    final Map<String, String> responseHeaders = new LinkedHashMap<>();
    int status;

    private WsClient(RawClient raw) throws IOException {
        this.raw = raw;
        this.in = raw.socket().getInputStream();
    }

    static String handshake(String path, String... headers) {
        StringBuilder request = new StringBuilder("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                + "Sec-WebSocket-Version: 13\r\n");
        for (int i = 0; i < headers.length; i += 2) {
            request.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
        }
        return request.append("\r\n").toString();
    }

    /** Opens a connection and asserts a 101. */
    static WsClient open(TestServer server, String path, String... headers) throws IOException {
        WsClient client = new WsClient(server.raw());
        client.raw.send(handshake(path, headers));
        client.readHead();
        if (client.status != 101) {
            client.close();
            fail("expected 101, got " + client.status);
        }
        assertEquals("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", client.header("Sec-WebSocket-Accept"));
        return client;
    }

    /** Sends raw bytes that start with a handshake and asserts a 101. */
    static WsClient openRaw(TestServer server, byte[] bytes) throws IOException {
        WsClient client = new WsClient(server.raw());
        client.raw.send(bytes);
        client.readHead();
        assertEquals(101, client.status);
        return client;
    }

    /** Sends a handshake and reads the response head, whatever its status; the body is left unread. */
    static WsClient attempt(TestServer server, String request) throws IOException {
        WsClient client = new WsClient(server.raw());
        client.raw.send(request);
        client.readHead();
        return client;
    }

    String header(String name) {
        return responseHeaders.get(name.toLowerCase(Locale.ROOT));
    }

    private void readHead() throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int state = 0;
        while (state < 4) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("no response head");
            }
            head.write(b);
            state = (b == '\r' && (state == 0 || state == 2)) || (b == '\n' && (state == 1 || state == 3)) ? state + 1 : 0;
        }
        String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
        status = Integer.parseInt(lines[0].split(" ")[1]);
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            responseHeaders.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
        }
    }

    WsClient send(byte[] bytes) throws IOException {
        raw.send(bytes);
        return this;
    }

    WsClient send(boolean fin, int rsv, int opcode, byte[] payload) throws IOException {
        return send(TestFrames.frame(fin, rsv, opcode, payload));
    }

    WsClient text(String text) throws IOException {
        return send(true, 0, FrameReader.TEXT, text.getBytes(StandardCharsets.UTF_8));
    }

    WsClient close(int code) throws IOException {
        return send(true, 0, FrameReader.CLOSE, new byte[] {(byte) (code >>> 8), (byte) code});
    }

    Frame read() throws IOException {
        DataInputStream data = new DataInputStream(in);
        int b0 = data.readUnsignedByte();
        int b1 = data.readUnsignedByte();
        assertEquals(0, b1 & 0x80, "server frames are not masked");
        long length = b1 & 0x7F;
        if (length == 126) {
            length = data.readUnsignedShort();
        } else if (length == 127) {
            length = data.readLong();
        }
        byte[] payload = new byte[(int) length];
        data.readFully(payload);
        return new Frame((b0 & 0x80) != 0, (b0 >> 4) & 7, b0 & 0x0F, payload);
    }

    /** Reads a whole message, joining fragments; control frames in between are returned via {@code skipped}. */
    Frame readMessage() throws IOException {
        Frame first = read();
        if (first.fin() || first.opcode() >= 8) {
            return first;
        }
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        all.writeBytes(first.payload());
        Frame next;
        do {
            next = read();
            if (next.opcode() >= 8) {
                continue;
            }
            assertEquals(0, next.opcode(), "a continuation frame");
            all.writeBytes(next.payload());
        } while (!next.fin() || next.opcode() >= 8);
        return new Frame(true, first.rsv(), first.opcode(), all.toByteArray());
    }

    /** Reads frames until a close frame and returns its code; asserts the server then ends the connection. */
    int expectClose() throws IOException {
        Frame frame;
        do {
            frame = read();
        } while (frame.opcode() != FrameReader.CLOSE);
        int code = frame.closeCode();
        assertTrue(closedByServer(), "the server closes the TCP connection after the close frame");
        return code;
    }

    /** Whether the server ends the connection (after at most the read timeout). */
    boolean closedByServer() throws IOException {
        byte[] sink = new byte[4096];
        try {
            while (true) {
                if (in.read(sink) < 0) {
                    return true;
                }
            }
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset
        }
    }

    @Override
    public void close() throws IOException {
        raw.close();
    }
}
