package motor.ext.http2.internal;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import motor.ext.http2.internal.frame.Http2;
import motor.ext.http2.internal.hpack.HeaderField;
import motor.ext.http2.internal.hpack.HpackDecoder;

/**
 * A raw HTTP/2 client for tests: it writes frames exactly as told (valid or not) and reads what the
 * server answers, frame by frame. Request header blocks are encoded as literals without indexing, so any
 * name or value can be sent; responses are decoded with the real HPACK decoder. Every read waits at most
 * ten seconds.
 */
final class H2Raw implements AutoCloseable {

    /** One frame as read. */
    record RawFrame(int type, int flags, int stream, byte[] payload, List<HeaderField> fields) {
        RawFrame(int type, int flags, int stream, byte[] payload) {
            this(type, flags, stream, payload, null);
        }

        int int32(int index) {
            return (payload[index] & 0xff) << 24 | (payload[index + 1] & 0xff) << 16 | (payload[index + 2] & 0xff) << 8
                    | payload[index + 3] & 0xff;
        }

        boolean flag(int flag) {
            return (flags & flag) != 0;
        }

        @Override
        public String toString() {
            return Http2.typeName(type) + "[stream " + stream + ", flags " + flags + ", length " + payload.length + "]";
        }
    }

    /** What the server did about a violation: a GOAWAY, a RST_STREAM, or closing without either. */
    record Outcome(String kind, int code) {
        static Outcome goAway(int code) {
            return new Outcome("GOAWAY", code);
        }

        static Outcome reset(int code) {
            return new Outcome("RST_STREAM", code);
        }

        static final Outcome CLOSED = new Outcome("closed", -1);
        static final Outcome NOTHING = new Outcome("nothing", -1);
    }

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private final HpackDecoder decoder = new HpackDecoder(4096, 1 << 20);
    /** The server's SETTINGS, as received in the handshake. */
    RawFrame serverSettings;

    private H2Raw(Socket socket) throws IOException {
        this.socket = socket;
        socket.setSoTimeout(10_000);
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    /** Connects without sending anything. */
    static H2Raw open(int port) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
        return new H2Raw(socket);
    }

    /** Connects, sends the preface and empty SETTINGS, reads the server's SETTINGS and acknowledges them. */
    static H2Raw connect(int port) throws IOException {
        H2Raw raw = open(port);
        raw.handshake();
        return raw;
    }

    /** {@return the raw input, for reading an HTTP/1.1 head before the frames} */
    java.io.InputStream input() {
        return in;
    }

    void handshake() throws IOException {
        send(Http2.preface());
        send(frame(Http2.SETTINGS, 0, 0, new byte[0]));
        RawFrame settings = next();
        if (settings == null || settings.type() != Http2.SETTINGS || settings.flag(Http2.FLAG_ACK)) {
            throw new IOException("expected the server's SETTINGS first, got " + settings);
        }
        serverSettings = settings;
        send(frame(Http2.SETTINGS, Http2.FLAG_ACK, 0, new byte[0]));
    }

    void send(byte[]... frames) throws IOException {
        for (byte[] f : frames) {
            out.write(f);
        }
        out.flush();
    }

    static byte[] frame(int type, int flags, int stream, byte[] payload) {
        byte[] f = new byte[9 + payload.length];
        f[0] = (byte) (payload.length >>> 16);
        f[1] = (byte) (payload.length >>> 8);
        f[2] = (byte) payload.length;
        f[3] = (byte) type;
        f[4] = (byte) flags;
        f[5] = (byte) (stream >>> 24);
        f[6] = (byte) (stream >>> 16);
        f[7] = (byte) (stream >>> 8);
        f[8] = (byte) stream;
        System.arraycopy(payload, 0, f, 9, payload.length);
        return f;
    }

    static byte[] int32(int... values) {
        byte[] b = new byte[4 * values.length];
        for (int i = 0; i < values.length; i++) {
            b[4 * i] = (byte) (values[i] >>> 24);
            b[4 * i + 1] = (byte) (values[i] >>> 16);
            b[4 * i + 2] = (byte) (values[i] >>> 8);
            b[4 * i + 3] = (byte) values[i];
        }
        return b;
    }

    static byte[] settings(int... idsAndValues) {
        byte[] b = new byte[3 * idsAndValues.length];
        for (int i = 0; i < idsAndValues.length; i += 2) {
            int at = 3 * i;
            b[at] = (byte) (idsAndValues[i] >>> 8);
            b[at + 1] = (byte) idsAndValues[i];
            b[at + 2] = (byte) (idsAndValues[i + 1] >>> 24);
            b[at + 3] = (byte) (idsAndValues[i + 1] >>> 16);
            b[at + 4] = (byte) (idsAndValues[i + 1] >>> 8);
            b[at + 5] = (byte) idsAndValues[i + 1];
        }
        return frame(Http2.SETTINGS, 0, 0, b);
    }

    /** An HPACK block of literal fields without indexing and without Huffman coding. */
    static byte[] block(String... namesAndValues) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            b.write(0x00);
            string(b, namesAndValues[i]);
            string(b, namesAndValues[i + 1]);
        }
        return b.toByteArray();
    }

    private static void string(ByteArrayOutputStream b, String s) {
        byte[] bytes = s.getBytes(StandardCharsets.ISO_8859_1);
        int length = bytes.length;
        if (length < 127) {
            b.write(length);
        } else {
            b.write(127);
            length -= 127;
            while (length >= 128) {
                b.write((length & 0x7f) | 0x80);
                length >>>= 7;
            }
            b.write(length);
        }
        b.write(bytes, 0, bytes.length);
    }

    /** The fields of a GET for {@code path}, then {@code extra}. */
    static String[] get(String path, String... extra) {
        String[] base = {":method", "GET", ":scheme", "http", ":path", path, ":authority", "localhost"};
        String[] all = new String[base.length + extra.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(extra, 0, all, base.length, extra.length);
        return all;
    }

    static byte[] headers(int stream, boolean endStream, String... fields) {
        return frame(Http2.HEADERS, Http2.FLAG_END_HEADERS | (endStream ? Http2.FLAG_END_STREAM : 0), stream,
                block(fields));
    }

    static byte[] data(int stream, boolean endStream, byte[] payload) {
        return frame(Http2.DATA, endStream ? Http2.FLAG_END_STREAM : 0, stream, payload);
    }

    /** {@return the next frame, or null when the server closed the connection} */
    RawFrame next() throws IOException {
        byte[] head = new byte[9];
        try {
            in.readFully(head);
        } catch (EOFException e) {
            return null;
        } catch (java.net.SocketException e) {
            return null; // reset: closed all the same
        }
        int length = (head[0] & 0xff) << 16 | (head[1] & 0xff) << 8 | head[2] & 0xff;
        byte[] payload = new byte[length];
        in.readFully(payload);
        int stream = (head[5] & 0x7f) << 24 | (head[6] & 0xff) << 16 | (head[7] & 0xff) << 8 | head[8] & 0xff;
        int type = head[3] & 0xff;
        List<HeaderField> fields = null;
        if (type == Http2.HEADERS) {
            // every block goes through the decoder, in order, to keep its table in step
            try {
                fields = decoder.decode(payload, 0, payload.length);
            } catch (motor.ext.http2.internal.hpack.HpackException e) {
                throw new IOException("the server's header block does not decode: " + e.getMessage());
            }
        }
        return new RawFrame(type, head[4] & 0xff, stream, payload, fields);
    }

    /** Reads until a frame of {@code type} on {@code stream}; null if the connection closed first. */
    RawFrame until(int type, int stream) throws IOException {
        while (true) {
            RawFrame f = next();
            if (f == null || f.type() == type && f.stream() == stream) {
                return f;
            }
        }
    }

    /**
     * Reads until the server reacts to a violation: a RST_STREAM on {@code stream} or a GOAWAY, or the end of
     * the connection.
     */
    Outcome outcome(int stream) throws IOException {
        try {
            while (true) {
                RawFrame f = next();
                if (f == null) {
                    return Outcome.CLOSED;
                }
                if (f.type() == Http2.GOAWAY) {
                    return Outcome.goAway(f.int32(4));
                }
                if (f.type() == Http2.RST_STREAM && f.stream() == stream) {
                    return Outcome.reset(f.int32(0));
                }
            }
        } catch (SocketTimeoutException e) {
            return Outcome.NOTHING;
        }
    }

    /** After a GOAWAY: whether the server then closes the connection. */
    boolean closesAfterGoAway() throws IOException {
        try {
            while (true) {
                if (next() == null) {
                    return true;
                }
            }
        } catch (SocketTimeoutException e) {
            return false;
        }
    }

    /** Sends a PING and reads until its ACK: proof that the connection still works. */
    boolean pingPong() throws IOException {
        byte[] opaque = {1, 2, 3, 4, 5, 6, 7, 8};
        send(frame(Http2.PING, 0, 0, opaque));
        while (true) {
            RawFrame f = next();
            if (f == null || f.type() == Http2.GOAWAY) {
                return false;
            }
            if (f.type() == Http2.PING && f.flag(Http2.FLAG_ACK)) {
                return java.util.Arrays.equals(opaque, f.payload());
            }
        }
    }

    /** The response on {@code stream}: head fields, body, trailers ignored. */
    record Response(List<HeaderField> head, byte[] body) {
        String status() {
            return head.get(0).value();
        }

        String header(String name) {
            for (HeaderField f : head) {
                if (f.name().equals(name)) {
                    return f.value();
                }
            }
            return null;
        }
    }

    /** Reads a whole response on {@code stream} (interim heads skipped), sending WINDOW_UPDATEs as needed. */
    Response response(int stream) throws Exception {
        List<HeaderField> head = null;
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            RawFrame f = next();
            if (f == null) {
                throw new EOFException("connection closed before the response on stream " + stream + " ended");
            }
            if (f.type() == Http2.GOAWAY || f.type() == Http2.RST_STREAM && f.stream() == stream) {
                throw new IOException(f + " " + Http2.errorName(f.int32(f.type() == Http2.GOAWAY ? 4 : 0)));
            }
            if (f.stream() != stream) {
                continue;
            }
            if (f.type() == Http2.HEADERS) {
                List<HeaderField> fields = f.fields();
                if (head == null && !fields.get(0).value().startsWith("1")) {
                    head = new ArrayList<>(fields);
                }
            } else if (f.type() == Http2.DATA) {
                body.write(f.payload());
                if (f.payload().length > 0) {
                    send(frame(Http2.WINDOW_UPDATE, 0, 0, int32(f.payload().length)),
                            frame(Http2.WINDOW_UPDATE, 0, stream, int32(f.payload().length)));
                }
            }
            if (f.flag(Http2.FLAG_END_STREAM) && (f.type() == Http2.DATA || f.type() == Http2.HEADERS && head != null)) {
                return new Response(head, body.toByteArray());
            }
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
