package motor.bench.load;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Measures the time from launching a server process to its first successful response, JVM start
 * included: records the time, starts the command, then polls {@code GET /plaintext} on the loopback
 * address every 2 ms until a {@code 200} with the expected body arrives. Prints
 * {@code FIRST_RESPONSE_MS <millis>} and stops the process (SIGTERM, then SIGKILL after 5 s).
 *
 * <pre>
 * java motor.bench.load.FirstResponse PORT TIMEOUT_MS LOG_FILE COMMAND...
 * </pre>
 * run.sh pins this probe to the load CPU and the command (through {@code taskset}) to the server CPU.
 * Exit status 0 on success, 1 if no response came in time or the process died, 2 for usage errors.
 */
public final class FirstResponse {

    private static final byte[] EXPECTED = "Hello, World!".getBytes(StandardCharsets.US_ASCII);

    private FirstResponse() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 4) {
            System.err.println("usage: FirstResponse PORT TIMEOUT_MS LOG_FILE COMMAND...");
            System.exit(2);
        }
        int port = Integer.parseInt(args[0]);
        long timeoutNanos = TimeUnit.MILLISECONDS.toNanos(Long.parseLong(args[1]));
        File log = new File(args[2]);
        List<String> command = Arrays.asList(args).subList(3, args.length);
        InetSocketAddress address = new InetSocketAddress("127.0.0.1", port);

        // load this probe's own classes first, and make sure nothing answers on the port yet
        if (poll(address) == Result.OK) {
            System.err.println("FirstResponse: something already answers on port " + port);
            System.exit(2);
        }

        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log));
        long start = System.nanoTime();
        Process process = builder.start();
        // if this probe is killed (by run.sh's time limit), the server goes with it
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
        int status = 1;
        try {
            while (true) {
                Result result = poll(address);
                long now = System.nanoTime();
                if (result == Result.OK) {
                    System.out.printf(Locale.ROOT, "FIRST_RESPONSE_MS %.1f%n", (now - start) / 1e6);
                    status = 0;
                    break;
                }
                if (result == Result.WRONG) {
                    System.out.println("FIRST_RESPONSE_MS wrong-response");
                    break;
                }
                if (!process.isAlive()) {
                    System.out.println("FIRST_RESPONSE_MS process-exited-" + process.exitValue());
                    break;
                }
                if (now - start > timeoutNanos) {
                    System.out.println("FIRST_RESPONSE_MS timeout");
                    break;
                }
                Thread.sleep(2);
            }
        } finally {
            process.destroy();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        }
        System.exit(status);
    }

    enum Result { OK, NOT_YET, WRONG }

    /** One try: connect, send a request, read the response. Refused or reset means not yet. */
    static Result poll(InetSocketAddress address) {
        try (Socket socket = new Socket()) {
            socket.setTcpNoDelay(true);
            socket.connect(address, 1000);
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET /plaintext HTTP/1.1\r\nHost: 127.0.0.1:" + address.getPort()
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            byte[] response = readResponse(socket.getInputStream());
            if (response == null) {
                return Result.NOT_YET;
            }
            return Responses.isOk(response, EXPECTED) ? Result.OK : Result.WRONG;
        } catch (ConnectException e) {
            return Result.NOT_YET;
        } catch (IOException e) {
            return Result.NOT_YET; // reset while starting, or a read timeout
        }
    }

    private static byte[] readResponse(InputStream in) throws IOException {
        byte[] buf = new byte[4096];
        int n = 0;
        while (n < buf.length) {
            int r = in.read(buf, n, buf.length - n);
            if (r < 0) {
                break;
            }
            n += r;
            if (Responses.complete(buf, 0, n) > 0) {
                break;
            }
        }
        return n == 0 ? null : Arrays.copyOf(buf, n);
    }
}
