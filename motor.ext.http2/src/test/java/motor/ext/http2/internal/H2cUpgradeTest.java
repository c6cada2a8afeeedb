package motor.ext.http2.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import motor.ext.http2.internal.frame.Http2;
import motor.test.TestRequest;
import org.junit.jupiter.api.Test;

/** Which HTTP/1.1 requests may switch to HTTP/2 (RFC 7540 3.2), without a socket. */
class H2cUpgradeTest {

    private static final String SETTINGS = "AAMAAABkAAQAAP__"; // MAX_CONCURRENT_STREAMS 100, INITIAL_WINDOW 65535

    private static TestRequest.Builder upgrade() {
        return TestRequest.builder("GET", "/").header("Host", "localhost")
                .header("Connection", "Upgrade, HTTP2-Settings").header("Upgrade", "h2c")
                .header("HTTP2-Settings", SETTINGS);
    }

    @Test
    void aProperRequestUpgrades() {
        var settings = H2cUpgrade.upgradeSettings(upgrade().build());
        assertNotNull(settings);
        assertEquals(100L, settings.get(Http2.SETTINGS_MAX_CONCURRENT_STREAMS));
        assertNotNull(H2cUpgrade.upgradeSettings(upgrade().method("POST").body("small").build()),
                "a small body is read and handed over");
    }

    @Test
    void tlsRequestsNeverUpgrade() {
        assertNull(H2cUpgrade.upgradeSettings(upgrade().scheme("https").build()), "RFC 7540 3.2: h2c is cleartext");
    }

    @Test
    void incompleteOrOddRequestsStayOnHttp11() {
        assertNull(H2cUpgrade.upgradeSettings(upgrade().protocol("HTTP/1.0").build()));
        assertNull(H2cUpgrade.upgradeSettings(TestRequest.builder("GET", "/").header("Host", "x")
                .header("Connection", "Upgrade").header("Upgrade", "h2c").header("HTTP2-Settings", SETTINGS).build()),
                "HTTP2-Settings must be named in Connection");
        assertNull(H2cUpgrade.upgradeSettings(TestRequest.builder("GET", "/").header("Host", "x")
                .header("Connection", "Upgrade, HTTP2-Settings").header("Upgrade", "h2c").build()),
                "no HTTP2-Settings");
        assertNull(H2cUpgrade.upgradeSettings(upgrade().header("HTTP2-Settings", SETTINGS).build()),
                "two HTTP2-Settings");
        assertNull(H2cUpgrade.upgradeSettings(TestRequest.builder("GET", "/").header("Host", "x")
                .header("Connection", "Upgrade, HTTP2-Settings").header("Upgrade", "websocket")
                .header("HTTP2-Settings", SETTINGS).build()), "another protocol");
        assertNull(H2cUpgrade.upgradeSettings(upgrade().method("POST").body(new byte[100_000]).build()),
                "a body too large to hold in memory");
    }
}
