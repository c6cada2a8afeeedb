package motor.ext.websocket.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The pieces of the opening handshake that need no server. */
class HandshakeTest {

    @Test
    void acceptKeyOfTheRfcExample() {
        // RFC 6455 section 1.3
        assertEquals("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", EndpointHandler.accept("dGhlIHNhbXBsZSBub25jZQ=="));
    }

    @Test
    void keysMustBeSixteenBytesOfBase64() {
        assertTrue(EndpointHandler.validKey("dGhlIHNhbXBsZSBub25jZQ=="));
        assertFalse(EndpointHandler.validKey("dGhlIHNhbXBsZSBub25jZQ"), "no padding");
        assertFalse(EndpointHandler.validKey("dGhlIHNhbXBsZSBub25jZQ=A"));
        assertFalse(EndpointHandler.validKey("dGhlIHNhbXBsZSBub25j*Q=="), "not base64");
        assertFalse(EndpointHandler.validKey("dGhlIHNhbXBsZSBub25jZSE="), "17 bytes... no, 23 chars of data");
        assertFalse(EndpointHandler.validKey(""));
        assertFalse(EndpointHandler.validKey("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=="));
    }

    @Test
    void subprotocolIsTheServersFirstChoiceAmongTheOffered() {
        assertEquals("v2", EndpointHandler.chooseSubprotocol(List.of("v1, v2"), List.of("v2", "v1")));
        assertEquals("v1", EndpointHandler.chooseSubprotocol(List.of("x", "v1"), List.of("v2", "v1")));
        assertNull(EndpointHandler.chooseSubprotocol(List.of("V1"), List.of("v1")), "case-sensitive");
        assertNull(EndpointHandler.chooseSubprotocol(List.of("v1"), List.of()));
        assertNull(EndpointHandler.chooseSubprotocol(List.of(), List.of("v1")));
        assertNull(EndpointHandler.chooseSubprotocol(List.of("v10"), List.of("v1")));
    }

    @Test
    void sameOriginComparesHostAndPort() {
        assertTrue(Origins.sameOrigin("http://example.com", "example.com"));
        assertTrue(Origins.sameOrigin("http://example.com", "example.com:80"));
        assertTrue(Origins.sameOrigin("https://Example.com", "example.com:443"));
        assertTrue(Origins.sameOrigin("http://127.0.0.1:8080", "127.0.0.1:8080"));
        assertTrue(Origins.sameOrigin("http://[::1]:8080", "[::1]:8080"));
        assertTrue(Origins.sameOrigin("http://[::1]", "[::1]:80"));
        assertFalse(Origins.sameOrigin("http://example.com:8080", "example.com"));
        assertFalse(Origins.sameOrigin("https://example.com", "example.com:80"));
        assertFalse(Origins.sameOrigin("http://evil.com", "example.com"));
        assertFalse(Origins.sameOrigin("http://example.com.evil.com", "example.com"));
        assertFalse(Origins.sameOrigin("null", "example.com"));
        assertFalse(Origins.sameOrigin("file://", "example.com"));
        assertFalse(Origins.sameOrigin("http://user@example.com", "example.com"));
        assertFalse(Origins.sameOrigin("http://example.com", ""));
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://app.example", "HTTPS://APP.EXAMPLE"})
    void listedOriginsAreAllowed(String origin) {
        assertTrue(Origins.allowed(origin, List.of("https://app.example"), "server.example"));
        assertFalse(Origins.allowed("https://other.example", List.of("https://app.example"), "server.example"));
        assertTrue(Origins.allowed("https://other.example", List.of("*"), "server.example"));
    }
}
