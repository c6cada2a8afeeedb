package motor.ext.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import motor.core.Server;
import motor.ext.tls.internal.Certs;
import motor.spi.extension.Extension;
import motor.spi.extension.ExtensionContext;
import motor.spi.transport.Connection;
import motor.spi.transport.ProtocolHandler;
import motor.test.Curl;
import motor.test.RawClient;
import motor.test.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HTTPS against a real server on a loopback port: JDK clients, curl, raw sockets. */
class HttpsTest {

    @TempDir
    static Path dir;

    static Certs.Generated cert;
    static SSLContext trusting;
    static TestServer server;
    static Path file;
    static byte[] fileBytes;

    /** A protocol reached only through ALPN, standing in for HTTP/2; installed after tls. */
    static final class AlpnProbe implements Extension {
        @Override
        public String name() {
            return "x-alpn-probe";
        }

        @Override
        public void install(ExtensionContext context) {
            context.addProtocol(new ProtocolHandler() {
                @Override
                public String name() {
                    return "x-test";
                }

                @Override
                public Set<String> applicationProtocols() {
                    return Set.of("x-test");
                }

                @Override
                public void serve(Connection connection) throws IOException {
                    byte[] greeting = ("x-test over " + connection.transport().applicationProtocol() + " secure="
                            + connection.transport().secure() + "\n").getBytes(StandardCharsets.US_ASCII);
                    connection.transport().write(greeting, 0, greeting.length);
                    connection.transport().shutdownOutput();
                }
            });
        }
    }

    @BeforeAll
    static void start() throws Exception {
        cert = Certs.generate(dir, "server", "EC", "localhost");
        trusting = cert.trustingContext();
        file = dir.resolve("data.bin");
        fileBytes = new byte[3 * 1024 * 1024 + 17];
        new Random(7).nextBytes(fileBytes);
        Files.write(file, fileBytes);
        server = TestServer.start(Server.builder()
                .extension(new AlpnProbe())
                .config(Map.of("tls", Map.of("certificate", cert.certificate().toString(),
                        "privateKey", cert.privateKey().toString())))
                .routes(r -> {
                    r.get("/info", (req, res) -> res.send(req.scheme() + " "
                            + Tls.session(req).map(SSLSession::getProtocol).orElse("none") + " " + req.protocol()
                            + " client-certificates=" + Tls.clientCertificates(req).size()));
                    r.post("/echo", (req, res) -> {
                        byte[] body = req.body().readAllBytes();
                        res.headers().set("X-Sha256", sha256(body));
                        res.send(body);
                    });
                    r.get("/file", (req, res) -> {
                        try (FileChannel channel = FileChannel.open(file)) {
                            res.send(channel, 5, channel.size() - 5);
                        }
                    });
                }));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static URI https(String path) {
        return URI.create("https://localhost:" + server.port() + path);
    }

    static HttpClient client(HttpClient.Version version) {
        return HttpClient.newBuilder().sslContext(trusting).version(version).connectTimeout(Duration.ofSeconds(10))
                .build();
    }

    @Test
    void requestsOverTlsHaveTheHttpsSchemeAndASession() throws Exception {
        try (HttpClient client = client(HttpClient.Version.HTTP_1_1)) {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(https("/info"))
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode());
            assertEquals("https TLSv1.3 HTTP/1.1 client-certificates=0", response.body());
        }
    }

    @Test
    void aClientOfferingH2FallsBackToHttp11WithoutAnH2Handler() throws Exception {
        try (HttpClient client = client(HttpClient.Version.HTTP_2)) {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(https("/info"))
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(HttpClient.Version.HTTP_1_1, response.version());
            assertTrue(response.body().startsWith("https "), response.body());
        }
    }

    @Test
    void fiveMegabytesGoBothWaysIntact() throws Exception {
        byte[] body = new byte[5 * 1024 * 1024 + 3];
        new Random(42).nextBytes(body);
        try (HttpClient client = client(HttpClient.Version.HTTP_1_1)) {
            HttpResponse<byte[]> response = client.send(HttpRequest.newBuilder(https("/echo"))
                    .timeout(Duration.ofSeconds(60)).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, response.statusCode());
            assertEquals(sha256(body), response.headers().firstValue("X-Sha256").orElseThrow());
            assertEquals(sha256(body), sha256(response.body()));
        }
    }

    @Test
    void fileBodiesAreCopiedThroughTls() throws Exception {
        try (HttpClient client = client(HttpClient.Version.HTTP_1_1)) {
            HttpResponse<byte[]> response = client.send(HttpRequest.newBuilder(https("/file"))
                    .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, response.statusCode());
            assertArrayEquals(java.util.Arrays.copyOfRange(fileBytes, 5, fileBytes.length), response.body());
        }
    }

    static SSLSocket connect(List<String> alpn) throws IOException {
        SSLSocket socket = (SSLSocket) trusting.getSocketFactory().createSocket();
        socket.connect(new InetSocketAddress("127.0.0.1", server.port()), 10_000);
        socket.setSoTimeout(10_000);
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setApplicationProtocols(alpn.toArray(new String[0]));
        socket.setSSLParameters(parameters);
        socket.startHandshake();
        return socket;
    }

    /** Reads one response framed by Content-Length; returns its head and body. */
    static String[] readResponse(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("end of stream in the response head");
            }
            head.write(b);
            matched = (b == '\r' && matched % 2 == 0) || (b == '\n' && matched % 2 == 1) ? matched + 1 : 0;
        }
        String text = head.toString(StandardCharsets.ISO_8859_1);
        int length = 0;
        for (String line : text.split("\r\n")) {
            if (line.regionMatches(true, 0, "Content-Length:", 0, 15)) {
                length = Integer.parseInt(line.substring(15).strip());
            }
        }
        return new String[] {text, new String(in.readNBytes(length), StandardCharsets.ISO_8859_1)};
    }

    @Test
    void oneConnectionServesSeveralRequestsAndNegotiatesHttp11() throws Exception {
        try (SSLSocket socket = connect(List.of("h2", "http/1.1"))) {
            assertEquals("http/1.1", socket.getApplicationProtocol());
            OutputStream out = socket.getOutputStream();
            for (int i = 0; i < 5; i++) {
                out.write(("GET /info HTTP/1.1\r\nHost: localhost\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                String[] response = readResponse(socket.getInputStream());
                assertTrue(response[0].startsWith("HTTP/1.1 200"), response[0]);
                assertEquals("https TLSv1.3 HTTP/1.1 client-certificates=0", response[1]);
            }
            // pipelined: both answered, in order
            out.write(("GET /info HTTP/1.1\r\nHost: localhost\r\n\r\nGET /info HTTP/1.1\r\nHost: localhost\r\n"
                    + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertTrue(readResponse(socket.getInputStream())[0].startsWith("HTTP/1.1 200"));
            assertTrue(readResponse(socket.getInputStream())[0].contains("Connection: close"));
            assertEquals(-1, socket.getInputStream().read(), "closed after Connection: close");
        }
    }

    @Test
    void aConnectionIdleLongEnoughToGiveUpItsThreadIsServedAgain() throws Exception {
        try (SSLSocket socket = connect(List.of("http/1.1"))) {
            OutputStream out = socket.getOutputStream();
            out.write(("GET /info HTTP/1.1\r\nHost: localhost\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertTrue(readResponse(socket.getInputStream())[0].startsWith("HTTP/1.1 200"));
            // idle for longer than the second after which the server suspends a waiting connection: the TLS
            // transport holds no input, so the connection gives up its thread and its buffers
            Thread.sleep(2500);
            out.write(("GET /info HTTP/1.1\r\nHost: localhost\r\n\r\nGET /info HTTP/1.1\r\nHost: localhost\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertEquals("https TLSv1.3 HTTP/1.1 client-certificates=0", readResponse(socket.getInputStream())[1]);
            assertEquals("https TLSv1.3 HTTP/1.1 client-certificates=0", readResponse(socket.getInputStream())[1]);
        }
    }

    @Test
    void alpnHandsTheConnectionToTheProtocolThatClaimsTheId() throws Exception {
        try (SSLSocket socket = connect(List.of("x-test", "http/1.1"))) {
            assertEquals("x-test", socket.getApplicationProtocol());
            String greeting = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            assertEquals("x-test over x-test secure=true\n", greeting);
        }
    }

    @Test
    void aClientWithoutAlpnGetsHttp11() throws Exception {
        for (List<String> offer : List.of(List.<String>of(), List.of("spdy/3.1", "h3"))) {
            checkHttp11Without(offer);
        }
    }

    /** No ALPN, or only protocols the server lacks: the handshake goes on without one (no alert). */
    private static void checkHttp11Without(List<String> offer) throws Exception {
        try (SSLSocket socket = connect(offer)) {
            assertTrue(socket.getApplicationProtocol() == null || socket.getApplicationProtocol().isEmpty());
            socket.getOutputStream().write("GET /info HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertTrue(readResponse(socket.getInputStream())[0].startsWith("HTTP/1.1 200"));
        }
    }

    @Test
    void curlVerifiesTheCertificateAndFallsBackFromH2() throws Exception {
        Assumptions.assumeTrue(Curl.available(), "curl is not installed");
        String url = "https://127.0.0.1:" + server.port() + "/info";
        Curl.Result plain = Curl.run("--include", "--http1.1", "--cacert", cert.certificate().toString(), url);
        assertEquals(0, plain.exit(), plain.err());
        assertEquals(200, plain.status());
        assertEquals("https TLSv1.3 HTTP/1.1 client-certificates=0", plain.body());
        // curl offers h2 by default (when built with it); with no h2 handler it gets HTTP/1.1
        Curl.Result negotiated = Curl.run("--cacert", cert.certificate().toString(), "-o", "/dev/null",
                "-w", "%{http_version}", url);
        assertEquals(0, negotiated.exit(), negotiated.err());
        assertEquals("1.1", negotiated.out());
        Curl.Result untrusted = Curl.run(url);
        assertTrue(untrusted.exit() != 0, "curl refuses a certificate it does not trust");
    }

    /** Runs openssl with {@code input} on its standard input; null when openssl cannot be started. */
    static String openssl(String input, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            return null;
        }
        try (OutputStream in = process.getOutputStream()) {
            in.write(input.getBytes(StandardCharsets.US_ASCII));
        }
        java.util.concurrent.CompletableFuture<byte[]> output = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return process.getInputStream().readAllBytes();
            } catch (IOException e) {
                return new byte[0];
            }
        });
        if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("openssl did not finish within 30 s");
        }
        return new String(output.get(10, java.util.concurrent.TimeUnit.SECONDS), StandardCharsets.ISO_8859_1);
    }

    @Test
    void opensslConnectsVerifiesAndNegotiates() throws Exception {
        String out = openssl("GET /info HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n", "s_client",
                "-connect", "127.0.0.1:" + server.port(), "-servername", "localhost", "-alpn", "h2,http/1.1",
                "-CAfile", cert.certificate().toString(), "-verify_return_error", "-ign_eof");
        Assumptions.assumeTrue(out != null, "openssl is not installed");
        assertTrue(out.contains("Verify return code: 0 (ok)"), out);
        assertTrue(out.contains("ALPN protocol: http/1.1"), out);
        assertTrue(out.contains("HTTP/1.1 200"), out);
        assertTrue(out.contains("https TLSv1.3 HTTP/1.1"), out);
    }

    @Test
    void plainHttpToTheTlsPortGetsA400InClearText() throws Exception {
        try (RawClient raw = RawClient.connect(server.port())) {
            RawClient.Response response = raw.send("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n").read();
            assertEquals(400, response.status());
            assertTrue(response.text().contains("HTTPS"), response.text());
            assertEquals("close", response.header("Connection"));
            raw.readToEnd();
            assertTrue(raw.closedByServer());
        }
    }

    @Test
    void garbageIsClosedWithoutAnswer() throws Exception {
        try (RawClient raw = RawClient.connect(server.port())) {
            raw.send(new byte[] {0, 1, 2, 3, (byte) 0xff, 0x16, 3, 1});
            assertEquals("", raw.readToEnd());
            assertTrue(raw.closedByServer());
        }
        assertServerStillWorks();
    }

    @Test
    void aMalformedHandshakeRecordIsClosed() throws Exception {
        try (RawClient raw = RawClient.connect(server.port())) {
            // a handshake record whose ClientHello is nonsense
            raw.send(new byte[] {0x16, 3, 1, 0, 8, 1, 0, 0, 4, 9, 9, 9, 9});
            String answer = raw.readToEnd();
            assertTrue(answer.isEmpty() || answer.charAt(0) == 0x15, "nothing, or an alert record");
            assertTrue(raw.closedByServer());
        }
        assertServerStillWorks();
    }

    @Test
    void aClientClosingMidHandshakeLeavesTheServerWell() throws Exception {
        byte[] hello = clientHello(0x0303);
        for (int cut : new int[] {1, 5, 20, hello.length - 1}) {
            try (Socket socket = new Socket("127.0.0.1", server.port())) {
                socket.getOutputStream().write(hello, 0, cut);
                socket.getOutputStream().flush();
            }
        }
        assertServerStillWorks();
    }

    @Test
    void theHandMadeHelloIsValidForTls12() throws Exception {
        // the control for the test below: the same hello offering TLS 1.2 gets a ServerHello
        try (RawClient raw = RawClient.connect(server.port())) {
            raw.send(clientHello(0x0303));
            assertEquals(0x16, raw.socket().getInputStream().read(), "a handshake record");
        }
    }

    @Test
    void tls12WorksAndRenegotiationIsRefused() throws Exception {
        SSLSocket socket = (SSLSocket) trusting.getSocketFactory().createSocket();
        try (socket) {
            socket.connect(new InetSocketAddress("127.0.0.1", server.port()), 10_000);
            socket.setSoTimeout(10_000);
            socket.setEnabledProtocols(new String[] {"TLSv1.2"});
            socket.startHandshake();
            assertEquals("TLSv1.2", socket.getSession().getProtocol());
            OutputStream out = socket.getOutputStream();
            out.write("GET /info HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertEquals("https TLSv1.2 HTTP/1.1 client-certificates=0", readResponse(socket.getInputStream())[1]);
            boolean refused;
            try {
                socket.startHandshake(); // a renegotiation
                out.write("GET /info HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                refused = socket.getInputStream().read() < 0;
            } catch (IOException e) {
                refused = true;
            }
            assertTrue(refused, "the connection ends instead of renegotiating");
        }
        assertServerStillWorks();
    }

    @Test
    void tls11IsRefused() throws Exception {
        try (RawClient raw = RawClient.connect(server.port())) {
            raw.send(clientHello(0x0302));
            String answer = raw.readToEnd();
            assertFalse(!answer.isEmpty() && answer.charAt(0) == 0x16, "no ServerHello");
            assertTrue(answer.isEmpty() || answer.charAt(0) == 0x15, "nothing, or an alert record");
            assertTrue(raw.closedByServer());
        }
    }

    static void assertServerStillWorks() throws Exception {
        try (HttpClient client = client(HttpClient.Version.HTTP_1_1)) {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(https("/info"))
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode());
        }
    }

    static byte[] clientHello(int version) {
        return Certs.clientHello(version);
    }
}
