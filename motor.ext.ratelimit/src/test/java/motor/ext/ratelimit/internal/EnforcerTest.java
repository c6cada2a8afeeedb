package motor.ext.ratelimit.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import motor.spi.HttpException;
import motor.spi.Request;
import motor.test.TestRequest;
import motor.test.TestResponse;
import org.junit.jupiter.api.Test;

/** The enforcer on a clock that stands still, without a server. */
class EnforcerTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000_000L);

    private Rule rule(String name, long limit, Duration window) {
        return new Rule(name, List.of(), Set.of(), Rule.Key.IP, null, 64, limit,
                Math.max(1, (window.toMillis() + 999) / 1000), window,
                new Limiter(limit, window, limit, 100, now::get));
    }

    private static Request request() {
        return TestRequest.builder("GET", "/").remoteAddress(new InetSocketAddress("192.0.2.1", 1)).build();
    }

    @Test
    void windowsShorterThanASecondAreAdvertisedAsTheirRatePerSecond() {
        Enforcer enforcer = new Enforcer(List.of(rule("fast", 5, Duration.ofMillis(100))), Settings.Fields.DRAFT);
        for (int i = 0; i < 5; i++) {
            TestResponse response = new TestResponse();
            enforcer.admit(request(), response);
            // 5 per 100 ms is 50 per second: "q=5;w=1" would tell clients a tenth of the real rate
            assertEquals("\"fast\";q=50;w=1", response.headers().first("RateLimit-Policy"));
        }
        HttpException refused = assertThrows(HttpException.class, () -> enforcer.admit(request(), new TestResponse()));
        assertEquals(429, refused.status());
        assertTrue(refused.getMessage().contains("5 requests per 100 ms"), refused.getMessage());
    }

    @Test
    void windowsOfWholeSecondsAreAdvertisedAsConfigured() {
        Enforcer enforcer = new Enforcer(List.of(rule("slow", 3, Duration.ofMillis(1500)), rule("min", 60,
                Duration.ofMinutes(1))), Settings.Fields.DRAFT);
        TestResponse response = new TestResponse();
        enforcer.admit(request(), response);
        // 3 per 1.5 s advertised over the 2 s window it is rounded up to: 4, never more than admitted
        assertEquals("\"slow\";q=4;w=2, \"min\";q=60;w=60", response.headers().first("RateLimit-Policy"));
        enforcer.admit(request(), new TestResponse());
        enforcer.admit(request(), new TestResponse());
        HttpException refused = assertThrows(HttpException.class, () -> enforcer.admit(request(), new TestResponse()));
        assertTrue(refused.getMessage().contains("3 requests per 1500 ms"), refused.getMessage());
    }
}
