package motor.bench.peers;

import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.http.PreEncodedHttpField;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty 12 with its core {@link Handler} API (no servlets): one non-blocking handler, so that Jetty may
 * run it on the selector thread that read the request (its fastest invocation strategy), fixed headers
 * pre-encoded once, and the body written with one last write. Idle timeout 60 s (Jetty's default is
 * 30 s), the default thread pool.
 */
public final class JettyServer {

    private static final HttpField TEXT = new PreEncodedHttpField(HttpHeader.CONTENT_TYPE, Common.TEXT_PLAIN);
    private static final HttpField JSON = new PreEncodedHttpField(HttpHeader.CONTENT_TYPE, Common.APPLICATION_JSON);
    private static final HttpField HELLO_LENGTH =
            new PreEncodedHttpField(HttpHeader.CONTENT_LENGTH, String.valueOf(Common.HELLO.length));
    private static final ByteBuffer HELLO = ByteBuffer.wrap(Common.HELLO).asReadOnlyBuffer();

    private JettyServer() {
    }

    public static void main(String[] args) throws Exception {
        int port = Common.port(args);
        Server server = new Server();
        HttpConfiguration config = new HttpConfiguration();
        config.setSendServerVersion(false);
        config.setSendXPoweredBy(false);
        // HTTP/1.1, and cleartext HTTP/2 by prior knowledge (for the h2load figures)
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(config),
                new org.eclipse.jetty.http2.server.HTTP2CServerConnectionFactory(config));
        connector.setHost(Common.HOST);
        connector.setPort(port);
        connector.setAcceptQueueSize(1024);
        connector.setIdleTimeout(Common.IDLE_TIMEOUT_MILLIS);
        server.addConnector(connector);
        server.setHandler(new Routes());
        server.start();
        Common.ready("jetty", port, "jetty " + Server.getVersion() + " core Handler.Abstract.NonBlocking");
        server.join();
    }

    /** The two routes; anything else falls through to Jetty's 404. */
    static final class Routes extends Handler.Abstract.NonBlocking {
        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            String path = request.getHttpURI().getPath();
            boolean plaintext = "/plaintext".equals(path);
            if (!plaintext && !"/json".equals(path)) {
                return false;
            }
            if (!HttpMethod.GET.is(request.getMethod()) && !HttpMethod.HEAD.is(request.getMethod())) {
                response.setStatus(HttpStatus.METHOD_NOT_ALLOWED_405);
                response.getHeaders().put(HttpHeader.ALLOW, "GET, HEAD");
                response.write(true, null, callback);
                return true;
            }
            response.setStatus(HttpStatus.OK_200);
            if (plaintext) {
                response.getHeaders().put(TEXT);
                response.getHeaders().put(HELLO_LENGTH);
                response.write(true, HELLO.slice(), callback);
            } else {
                byte[] body = Common.json();
                response.getHeaders().put(JSON);
                response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
                response.write(true, ByteBuffer.wrap(body), callback);
            }
            return true;
        }
    }
}
