package motor.bench.peers;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.nio.charset.StandardCharsets;

/**
 * What every server of the harness shares: the routes' bodies, the one Jackson writer, the port argument
 * and the {@code READY} line that run.sh waits for.
 */
public final class Common {

    /** The host every server binds: the harness sends traffic to the loopback address only. */
    public static final String HOST = "127.0.0.1";
    /** The body of {@code GET /plaintext}. */
    public static final byte[] HELLO = "Hello, World!".getBytes(StandardCharsets.US_ASCII);
    /** The text of {@link Message}. */
    public static final String MESSAGE = "Hello, World!";
    /** Content types. */
    public static final String TEXT_PLAIN = "text/plain";
    public static final String APPLICATION_JSON = "application/json";
    /** How long an idle keep-alive connection is kept, where a server lets us choose: Motor's default. */
    public static final int IDLE_TIMEOUT_MILLIS = 60_000;

    /**
     * The shared writer, made on first use (a holder class): every server pays for Jackson when it first
     * serves JSON, not while starting, so that start-up times compare the servers and not Jackson.
     */
    private static final class Json {
        static final ObjectWriter WRITER = new ObjectMapper().writerFor(Message.class);
    }

    private Common() {
    }

    /** {@return a new {@link Message} serialized by the shared writer, as every server does per request} */
    public static byte[] json() {
        try {
            return Json.WRITER.writeValueAsBytes(new Message(MESSAGE));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@return the port from the first argument (8080 when none)} */
    public static int port(String[] args) {
        return args.length > 0 ? Integer.parseInt(args[0]) : 8080;
    }

    /** Prints the line run.sh waits for, once the server accepts connections. */
    public static void ready(String server, int port, String details) {
        System.out.println("READY " + server + " http://" + HOST + ":" + port + "/ " + details
                + " (java " + System.getProperty("java.version") + ", "
                + Runtime.getRuntime().availableProcessors() + " cpu)");
        System.out.flush();
    }
}
