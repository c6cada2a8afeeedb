package motor.ext.security.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Map;
import motor.spi.Headers;
import org.junit.jupiter.api.Test;

/** Preflight decisions and the headers of actual responses, without a server. */
class CorsPolicyTest {

    private static final String APP = "https://app.example.com";

    private static CorsPolicy policy(Map<String, ?> cors) {
        return SecuritySettings.read(new MapConfig("security", Map.of("cors", cors))).root().cors();
    }

    private static CorsPolicy credentialed() {
        return policy(Map.of("allowedOrigins", List.of(APP, "https://*.example.org"),
                "allowedMethods", List.of("GET", "POST", "PUT", "DELETE"),
                "allowedHeaders", List.of("Content-Type", "X-Requested-With"),
                "exposedHeaders", List.of("X-Total-Count", "ETag"),
                "allowCredentials", true, "maxAge", "1h"));
    }

    @Test
    void allowedPreflight() {
        Headers answer = new Headers();
        assertNull(credentialed().preflight(APP, "PUT", "content-type,x-requested-with", false, answer));
        assertEquals(APP, answer.first("Access-Control-Allow-Origin"));
        assertEquals("true", answer.first("Access-Control-Allow-Credentials"));
        assertEquals("GET, POST, PUT, DELETE", answer.first("Access-Control-Allow-Methods"));
        assertEquals("Content-Type, X-Requested-With", answer.first("Access-Control-Allow-Headers"));
        assertEquals("3600", answer.first("Access-Control-Max-Age"));
        assertFalse(answer.contains("Access-Control-Expose-Headers"), "exposed headers belong to actual responses");
        assertFalse(answer.contains("Access-Control-Allow-Private-Network"));
    }

    @Test
    void headerNamesCompareWithoutCase() {
        CorsPolicy cors = credentialed();
        assertNull(cors.preflight(APP, "PUT", "Content-Type, X-REQUESTED-WITH", false, new Headers()));
        assertNull(cors.preflight(APP, "PUT", " content-type ,, x-requested-with ", false, new Headers()));
        assertEquals(CorsPolicy.Refusal.HEADERS, cors.preflight(APP, "PUT", "content-type,x-other", false, new Headers()));
        assertEquals(CorsPolicy.Refusal.HEADERS, cors.preflight(APP, "PUT", "authorization", false, new Headers()));
        assertEquals(CorsPolicy.Refusal.HEADERS, cors.preflight(APP, "PUT", "content type", false, new Headers()));
    }

    @Test
    void methodsCompareExactly() {
        CorsPolicy cors = credentialed();
        assertEquals(CorsPolicy.Refusal.METHOD, cors.preflight(APP, "PATCH", null, false, new Headers()));
        assertEquals(CorsPolicy.Refusal.METHOD, cors.preflight(APP, "put", null, false, new Headers()),
                "methods are case-sensitive, as browsers compare them");
        assertEquals(CorsPolicy.Refusal.METHOD, cors.preflight(APP, "PU T", null, false, new Headers()));
        assertEquals(CorsPolicy.Refusal.METHOD, cors.preflight(APP, "", null, false, new Headers()));
        CorsPolicy getOnly = policy(Map.of("allowedOrigins", APP, "allowedMethods", List.of("GET")));
        assertNull(getOnly.preflight(APP, "POST", "content-type", false, new Headers()),
                "a CORS-safelisted method needs no listing");
    }

    @Test
    void refusedPreflightsAddNothing() {
        for (String origin : List.of("https://evil.example", "null", "", "https://app.example.com.evil.net")) {
            Headers answer = new Headers();
            assertEquals(CorsPolicy.Refusal.ORIGIN, credentialed().preflight(origin, "PUT", null, false, answer), origin);
            assertEquals(0, answer.size(), origin);
        }
        Headers answer = new Headers();
        credentialed().preflight(APP, "PATCH", null, false, answer);
        assertEquals(0, answer.size());
    }

    @Test
    void wildcardsEchoWhatWasAsked() {
        CorsPolicy cors = policy(Map.of("allowedOrigins", List.of(APP), "allowedMethods", "*", "allowedHeaders", "*",
                "allowCredentials", true));
        Headers answer = new Headers();
        assertNull(cors.preflight(APP, "PATCH", "X-Custom,Authorization", false, answer));
        assertEquals("PATCH", answer.first("Access-Control-Allow-Methods"));
        assertEquals("x-custom, authorization", answer.first("Access-Control-Allow-Headers"));
        assertEquals("600", answer.first("Access-Control-Max-Age"), "ten minutes by default");
    }

    @Test
    void anyOriginWithoutCredentials() {
        CorsPolicy cors = policy(Map.of("allowedOrigins", "*"));
        assertFalse(cors.varies());
        Headers answer = new Headers();
        assertNull(cors.preflight("null", "GET", null, false, answer));
        assertEquals("*", answer.first("Access-Control-Allow-Origin"));
        assertFalse(answer.contains("Access-Control-Allow-Credentials"));
        Headers actual = new Headers();
        cors.applyActual(actual, cors.allowOrigin(null));
        assertEquals("*", actual.first("Access-Control-Allow-Origin"));
        assertFalse(actual.contains("Vary"), "the answer does not depend on the origin");
    }

    @Test
    void privateNetworkOnlyWhenAllowed() {
        Headers answer = new Headers();
        assertNull(credentialed().preflight(APP, "GET", null, true, answer));
        assertFalse(answer.contains("Access-Control-Allow-Private-Network"));
        CorsPolicy cors = policy(Map.of("allowedOrigins", APP, "allowPrivateNetwork", true));
        Headers allowed = new Headers();
        assertNull(cors.preflight(APP, "GET", null, true, allowed));
        assertEquals("true", allowed.first("Access-Control-Allow-Private-Network"));
        Headers notAsked = new Headers();
        assertNull(cors.preflight(APP, "GET", null, false, notAsked));
        assertFalse(notAsked.contains("Access-Control-Allow-Private-Network"));
    }

    @Test
    void actualResponses() {
        CorsPolicy cors = credentialed();
        Headers allowed = Headers.of("Vary", "Accept-Encoding");
        cors.applyActual(allowed, cors.allowOrigin("https://x.example.org"));
        assertEquals("https://x.example.org", allowed.first("Access-Control-Allow-Origin"));
        assertEquals("true", allowed.first("Access-Control-Allow-Credentials"));
        assertEquals("X-Total-Count, ETag", allowed.first("Access-Control-Expose-Headers"));
        assertEquals(List.of("Accept-Encoding, Origin"), allowed.all("Vary"));

        Headers refused = new Headers();
        cors.applyActual(refused, cors.allowOrigin("https://evil.example"));
        assertEquals("[Vary: Origin]", refused.toString(), "only Vary, so caches keep answers apart");

        Headers none = new Headers();
        cors.applyActual(none, cors.allowOrigin(null));
        assertEquals("[Vary: Origin]", none.toString());

        Headers handlerSet = Headers.of("Access-Control-Allow-Origin", "https://own.example", "vary", "origin");
        cors.applyActual(handlerSet, cors.allowOrigin(APP));
        assertEquals("[Access-Control-Allow-Origin: https://own.example, vary: origin]", handlerSet.toString(),
                "what the handler set stays");
    }

    @Test
    void varyIsMergedOnce() {
        Headers headers = Headers.of("Vary", "Accept-Encoding", "Vary", "Accept-Language");
        CorsPolicy.addVary(headers, "Origin");
        CorsPolicy.addVary(headers, "Origin");
        assertEquals(List.of("Accept-Encoding, Accept-Language, Origin"), headers.all("Vary"));
        Headers star = Headers.of("Vary", "*");
        CorsPolicy.addVary(star, "Origin");
        assertEquals(List.of("*"), star.all("Vary"));
    }
}
