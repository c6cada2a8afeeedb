package motor.ext.proxy.internal;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import motor.ext.proxy.HealthCheck;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Active health checks on one virtual thread: a round of {@code GET path} to every upstream at once,
 * then a pause of one interval. A status below 400 within the timeout is a success; anything else (a
 * refused connection, a timeout, a 5xx) a failure.
 */
final class HealthChecker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HealthChecker.class);

    private final HttpClient client;
    private final List<Upstream> upstreams;
    private final HealthCheck check;
    private final Thread thread;
    private volatile boolean stopped;

    HealthChecker(HttpClient client, List<Upstream> upstreams, HealthCheck check) {
        this.client = client;
        this.upstreams = upstreams;
        this.check = check;
        this.thread = Thread.ofVirtual().name("motor-proxy-health").start(this::loop);
    }

    private void loop() {
        while (!stopped) {
            try {
                round();
                Thread.sleep(check.interval());
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                if (stopped) {
                    return; // the client was shut down under a round in progress
                }
                LOG.warn("a round of proxy health checks failed", e);
            }
        }
    }

    /** Checks every upstream once, all at the same time. */
    void round() throws InterruptedException {
        List<CompletableFuture<HttpResponse<Void>>> answers = new ArrayList<>(upstreams.size());
        for (Upstream upstream : upstreams) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(upstream.origin + upstream.basePath + check.path()))
                    .timeout(check.timeout())
                    .header("User-Agent", "motor-proxy-health")
                    .GET()
                    .build();
            answers.add(client.sendAsync(request, HttpResponse.BodyHandlers.discarding()));
        }
        for (int i = 0; i < upstreams.size(); i++) {
            Upstream upstream = upstreams.get(i);
            boolean ok;
            try {
                // the request's own timeout ends it; the extra second only bounds a client that hangs
                ok = answers.get(i).get(check.timeout().toMillis() + 1000, TimeUnit.MILLISECONDS).statusCode() < 400;
            } catch (ExecutionException | TimeoutException e) {
                ok = false;
                answers.get(i).cancel(true);
            }
            if (upstream.checked(ok, check.unhealthyAfter(), check.healthyAfter())) {
                if (ok) {
                    LOG.info("proxy {} ({}) is healthy again by its health checks", upstream, upstream.uri);
                } else {
                    LOG.warn("proxy {} ({}) is unhealthy by its health checks", upstream, upstream.uri);
                }
            }
        }
    }

    @Override
    public void close() {
        stopped = true;
        thread.interrupt();
    }
}
