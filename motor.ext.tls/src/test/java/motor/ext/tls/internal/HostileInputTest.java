package motor.ext.tls.internal;

import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import javax.net.ssl.SSLEngine;
import motor.spi.transport.Transport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The handshake fed hostile bytes without sockets: random records, mutated and truncated ClientHellos, one
 * byte at a time. Every outcome is an {@link IOException} (which the server logs at DEBUG), never another
 * exception and never a hang.
 */
class HostileInputTest {

    @TempDir
    static Path dir;

    static TlsWrapper.ServerContext tls;

    @BeforeAll
    static void context() throws Exception {
        Certs.Generated cert = Certs.generate(dir, "hostile", "EC", "localhost");
        TlsSettings settings = new TlsSettings(cert.certificate(), cert.privateKey(), null, "", "PKCS12", null, null,
                List.of("TLSv1.3", "TLSv1.2"), null, true, TlsSettings.ClientAuth.NONE, null, null, "PKCS12", null,
                List.of());
        tls = TlsExtension.build(settings, "tls");
    }

    /** A peer that sends {@code bytes} (at most {@code chunk} per read), then ends; what we send is dropped. */
    static final class ScriptedPeer implements Transport {
        private final byte[] bytes;
        private final int chunk;
        private int position;

        ScriptedPeer(byte[] bytes, int chunk) {
            this.bytes = bytes;
            this.chunk = chunk;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            if (position >= bytes.length) {
                return -1;
            }
            int n = Math.min(Math.min(length, chunk), bytes.length - position);
            System.arraycopy(bytes, position, buffer, offset, n);
            position += n;
            return n;
        }

        @Override
        public void write(byte[] buffer, int offset, int length) {
        }

        @Override
        public void shutdownOutput() {
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public SocketAddress remoteAddress() {
            return new InetSocketAddress("127.0.0.1", 1);
        }

        @Override
        public SocketAddress localAddress() {
            return new InetSocketAddress("127.0.0.1", 2);
        }

        @Override
        public void close() {
        }
    }

    private static void handshakeFails(byte[] input, int chunk) {
        SSLEngine engine = tls.context().createSSLEngine();
        engine.setUseClientMode(false);
        engine.setSSLParameters(tls.parameters());
        TlsTransport transport = new TlsTransport(new ScriptedPeer(input, chunk), engine);
        assertThrows(IOException.class, transport::handshake);
    }

    @Test
    void randomRecordsFailAsIo() {
        Random random = new Random(11);
        for (int i = 0; i < 300; i++) {
            byte[] body = new byte[random.nextInt(600)];
            random.nextBytes(body);
            byte[] record = new byte[5 + body.length];
            record[0] = 0x16;
            record[1] = 3;
            record[2] = (byte) random.nextInt(5);
            int length = random.nextInt(4) == 0 ? random.nextInt(65536) : body.length;
            record[3] = (byte) (length >> 8);
            record[4] = (byte) length;
            System.arraycopy(body, 0, record, 5, body.length);
            handshakeFails(record, 1 + random.nextInt(64));
        }
    }

    @Test
    void mutatedAndTruncatedClientHellosFailAsIo() {
        byte[] hello = Certs.clientHello(0x0303);
        Random random = new Random(12);
        for (int i = 0; i < 300; i++) {
            byte[] mutated = hello.clone();
            for (int flips = 1 + random.nextInt(3); flips > 0; flips--) {
                mutated[random.nextInt(mutated.length)] = (byte) random.nextInt(256);
            }
            mutated[0] = 0x16; // keep it a handshake record, so that it reaches the engine
            handshakeFails(mutated, 1 + random.nextInt(16));
        }
        for (int cut = 1; cut <= hello.length; cut++) {
            // a valid hello, cut anywhere, fed one byte per read: the peer then ends (EOF)
            handshakeFails(Arrays.copyOf(hello, cut), 1);
        }
    }
}
