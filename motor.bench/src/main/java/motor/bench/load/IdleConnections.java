package motor.bench.load;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Opens many keep-alive connections to a server, sends one {@code GET /plaintext} on each, checks its
 * response ({@code 200}, body {@code Hello, World!}), and then holds them all idle until it is killed
 * or the hold time runs out. The sockets have linger 0, so that closing them (or the process ending)
 * resets them and leaves no TIME_WAIT behind for the next server.
 *
 * <pre>
 * java motor.bench.load.IdleConnections PORT COUNT [IN_FLIGHT=256] [OPEN_TIMEOUT_S=60] [HOLD_S=120]
 * </pre>
 * Prints {@code HELD <ok> FAILED <n>} once every connection has its response (or failed), then
 * {@code CLOSED} at the end. Exit status 0 if all {@code COUNT} were held, 1 otherwise.
 */
public final class IdleConnections {

    private IdleConnections() {
    }

    /** One connection and what it has read of its response. */
    private static final class Conn {
        final SocketChannel channel;
        byte[] buf = new byte[1024];
        int n;

        Conn(SocketChannel channel) {
            this.channel = channel;
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: IdleConnections PORT COUNT [IN_FLIGHT] [OPEN_TIMEOUT_S] [HOLD_S]");
            System.exit(2);
        }
        int port = Integer.parseInt(args[0]);
        int count = Integer.parseInt(args[1]);
        int maxInFlight = args.length > 2 ? Integer.parseInt(args[2]) : 256;
        long openTimeout = TimeUnit.SECONDS.toNanos(args.length > 3 ? Long.parseLong(args[3]) : 60);
        long holdMillis = TimeUnit.SECONDS.toMillis(args.length > 4 ? Long.parseLong(args[4]) : 120);
        InetSocketAddress address = new InetSocketAddress("127.0.0.1", port);
        byte[] request = ("GET /plaintext HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        byte[] expected = "Hello, World!".getBytes(StandardCharsets.US_ASCII);

        List<SocketChannel> held = new ArrayList<>(count);
        List<SocketChannel> all = new ArrayList<>(count);
        int opened = 0;
        int inFlight = 0;
        int failed = 0;
        String firstFailure = null;
        long deadline = System.nanoTime() + openTimeout;
        try (Selector selector = Selector.open()) {
            while (held.size() + failed < count && System.nanoTime() < deadline) {
                while (inFlight < maxInFlight && opened < count) {
                    SocketChannel channel = SocketChannel.open();
                    all.add(channel);
                    channel.configureBlocking(false);
                    channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                    channel.setOption(StandardSocketOptions.SO_LINGER, 0);
                    opened++;
                    inFlight++;
                    try {
                        if (channel.connect(address)) {
                            channel.register(selector, SelectionKey.OP_WRITE, new Conn(channel));
                        } else {
                            channel.register(selector, SelectionKey.OP_CONNECT, new Conn(channel));
                        }
                    } catch (IOException e) {
                        failed++;
                        inFlight--;
                        firstFailure = firstFailure != null ? firstFailure : "connect: " + e;
                    }
                }
                selector.select(100);
                Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
                while (keys.hasNext()) {
                    SelectionKey key = keys.next();
                    keys.remove();
                    Conn conn = (Conn) key.attachment();
                    try {
                        if (key.isConnectable()) {
                            conn.channel.finishConnect();
                            key.interestOps(SelectionKey.OP_WRITE);
                        } else if (key.isWritable()) {
                            ByteBuffer out = ByteBuffer.wrap(request);
                            while (out.hasRemaining()) {
                                if (conn.channel.write(out) == 0) {
                                    throw new IOException("request did not fit the send buffer");
                                }
                            }
                            key.interestOps(SelectionKey.OP_READ);
                        } else if (key.isReadable()) {
                            if (conn.n == conn.buf.length) {
                                conn.buf = Arrays.copyOf(conn.buf, conn.buf.length * 2);
                            }
                            int r = conn.channel.read(ByteBuffer.wrap(conn.buf, conn.n, conn.buf.length - conn.n));
                            if (r < 0) {
                                throw new IOException("closed by the server before the response was complete");
                            }
                            conn.n += r;
                            int total = Responses.complete(conn.buf, 0, conn.n);
                            if (total < 0) {
                                throw new IOException("response without Content-Length");
                            }
                            if (total > 0) {
                                if (!Responses.isOk(Arrays.copyOf(conn.buf, conn.n), expected)) {
                                    throw new IOException("wrong response: "
                                            + new String(conn.buf, 0, Math.min(conn.n, 200), StandardCharsets.ISO_8859_1));
                                }
                                key.cancel();
                                conn.buf = null;
                                held.add(conn.channel);
                                inFlight--;
                            }
                        }
                    } catch (IOException e) {
                        key.cancel();
                        conn.channel.close();
                        failed++;
                        inFlight--;
                        firstFailure = firstFailure != null ? firstFailure : e.toString();
                    }
                }
            }
            selector.selectNow(); // flushes the cancelled keys
        }
        int missing = count - held.size() - failed;
        System.out.println("HELD " + held.size() + " FAILED " + (failed + missing)
                + (firstFailure != null ? " first failure: " + firstFailure : "")
                + (missing > 0 ? " (" + missing + " not answered in time)" : ""));
        System.out.flush();

        // hold until killed (SIGTERM: the JVM exits and the kernel resets every socket, linger 0) or
        // until the hold time runs out
        Thread.sleep(holdMillis);

        for (SocketChannel channel : all) {
            try {
                channel.close();
            } catch (IOException e) {
                // resetting anyway
            }
        }
        System.out.println("CLOSED");
        System.exit(held.size() == count ? 0 : 1);
    }
}
