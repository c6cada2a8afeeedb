package motor.ext.sse.internal;

import java.time.Duration;
import java.util.Optional;
import motor.ext.sse.Sse;
import motor.ext.sse.SseEvent;
import motor.spi.HttpException;
import motor.spi.Request;
import motor.spi.Response;
import motor.spi.Status;

/**
 * {@code GET /sse/count?n=N&interval_ms=I}: events {@code id: i, data: i} for i from 1 (or k+1 after
 * {@code Last-Event-ID: k}) to N, I ms apart, then the end of the stream; 204 when nothing is left, which
 * tells a browser to stop reconnecting. A copy of the showcase's route (motor.example.showcase, which
 * this module cannot depend on), to test the API as an application uses it; the showcase's own route is
 * tested there.
 */
final class CountRoute {

    static final int MAX_COUNT = 1000;
    static final int MAX_INTERVAL_MS = 10_000;

    private CountRoute() {
    }

    static void handle(Request request, Response response) throws Exception {
        int n = number(request.query().first("n"), 10, 1, MAX_COUNT, "query parameter 'n'");
        int interval = number(request.query().first("interval_ms"), 1000, 0, MAX_INTERVAL_MS,
                "query parameter 'interval_ms'");
        Optional<String> last = Sse.lastEventId(request);
        int first = last.isEmpty() ? 1 : number(last.get(), 0, 0, n, "Last-Event-ID") + 1;
        if (first > n) {
            response.status(Status.NO_CONTENT).send(new byte[0]);
            return;
        }
        Sse.stream(request, response, emitter -> {
            for (int i = first; i <= n; i++) {
                if (i > first && emitter.awaitClose(Duration.ofMillis(interval))) {
                    return; // the pause: ends at once if the client goes away or the server stops
                }
                String text = Integer.toString(i);
                if (!emitter.send(new SseEvent(null, text, text, null))) {
                    return; // the client went away
                }
            }
        });
    }

    /** A whole number from min to max, 400 otherwise; digits only, so no sign, space or exponent. */
    static int number(String text, int defaultValue, int min, int max, String what) {
        if (text == null) {
            return defaultValue;
        }
        if (!text.isEmpty() && text.length() <= 9 && text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            int value = Integer.parseInt(text);
            if (value >= min && value <= max) {
                return value;
            }
        }
        throw new HttpException(Status.BAD_REQUEST, what + " must be a whole number from " + min + " to " + max);
    }
}
