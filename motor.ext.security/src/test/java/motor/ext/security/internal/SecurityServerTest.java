package motor.ext.security.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import motor.core.Server;
import motor.spi.Headers;
import motor.spi.HttpException;
import motor.spi.Middleware;
import motor.spi.Request;
import motor.spi.RequestWrapper;
import motor.test.Curl;
import motor.test.RawClient;
import motor.test.TestServer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The extension in a real server on a loopback port, called with the JDK HttpClient, raw sockets and
 * curl: default headers on every kind of response, errors included; per-path settings; HSTS over TLS
 * only; the CORS matrix; and a preflight sent byte for byte as Chromium sends it.
 */
class SecurityServerTest {

    static final String DEFAULT_CSP =
            "default-src 'self'; base-uri 'self'; form-action 'self'; frame-ancestors 'self'; object-src 'none'";
    static final String API_CSP = "default-src 'none'; frame-ancestors 'none'";
    static final String APP = "http://localhost:3000";

    @RegisterExtension
    static final TestServer server = TestServer.with(SecurityServerTest::setUp);

    private static void setUp(Server.Builder builder) {
        Map<String, Object> security = Map.of(
                "headers", Map.of("extra", Map.of("Permissions-Policy", "camera=()")),
                "paths", List.of(
                        Map.of("prefix", "/api",
                                "headers", Map.of("contentSecurityPolicy", API_CSP, "frameOptions", "DENY"),
                                "cors", Map.of(
                                        "allowedOrigins", List.of(APP, "https://*.example.com"),
                                        "allowedMethods", List.of("GET", "POST", "PUT", "DELETE"),
                                        "allowedHeaders", List.of("Content-Type", "X-Requested-With"),
                                        "exposedHeaders", List.of("X-Total-Count"),
                                        "allowCredentials", true,
                                        "maxAge", "1h")),
                        Map.of("prefix", "/api/public", "cors", Map.of("allowedOrigins", "*", "allowCredentials", false)),
                        Map.of("prefix", "/api/sandbox", "cors", Map.of("allowedOrigins", List.of("null"))),
                        Map.of("prefix", "/api/open", "cors", Map.of("allowCredentials", false)),
                        Map.of("prefix", "/legacy", "headers", Map.of("enabled", false))));
        builder.discoverExtensions(false)
                .extension(new SecurityExtension())
                .config(Map.of("security", security))
                // stands in for the TLS extension: a request marked so reports the https scheme
                .middleware(Middleware.OUTERMOST, (request, response, next) -> next.handle(
                        "1".equals(request.header("X-Test-Tls")) ? new RequestWrapper(request) {
                            @Override
                            public String scheme() {
                                return "https";
                            }
                        } : request, response))
                .routes(routes -> {
                    routes.get("/page", (request, response) -> {
                        response.headers().set("Content-Type", "text/html; charset=utf-8");
                        response.send("<h1>hello</h1>");
                    });
                    routes.get("/own", (request, response) -> {
                        response.headers().set("Content-Security-Policy", "default-src 'none'");
                        response.headers().set("X-Frame-Options", "DENY");
                        response.headers().set("Vary", "Accept-Encoding");
                        response.send("own");
                    });
                    routes.get("/stream", (request, response) -> {
                        try (OutputStream out = response.output()) {
                            out.write("first ".getBytes(StandardCharsets.UTF_8));
                            out.flush();
                            out.write("second".getBytes(StandardCharsets.UTF_8));
                        }
                    });
                    routes.get("/file", (request, response) -> {
                        java.nio.file.Path file = java.nio.file.Files.createTempFile("security", ".txt");
                        try {
                            java.nio.file.Files.writeString(file, "file body");
                            try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(file)) {
                                response.send(channel, 0, channel.size());
                            }
                        } finally {
                            java.nio.file.Files.delete(file);
                        }
                    });
                    routes.get("/empty", (request, response) -> response.status(204));
                    routes.get("/boom", (request, response) -> {
                        throw new IllegalStateException("secret detail");
                    });
                    routes.get("/denied", (request, response) -> {
                        throw new HttpException(403, "not for you");
                    });
                    routes.get("/legacy/page", (request, response) -> response.send("legacy"));
                    routes.get("/api/items/{id}", (request, response) -> {
                        response.headers().set("X-Total-Count", "1");
                        response.headers().set("Content-Type", "application/json");
                        response.send("{\"id\":\"" + request.pathParameter("id") + "\"}");
                    });
                    routes.put("/api/items/{id}", (request, response) -> {
                        response.headers().set("Content-Type", "application/json");
                        response.send(request.bodyText());
                    });
                    routes.get("/api/boom", (request, response) -> {
                        throw new IllegalStateException("api failure");
                    });
                    routes.get("/api/public/data", (request, response) -> response.send("public"));
                    routes.get("/api/sandbox/data", (request, response) -> response.send("sandbox"));
                    routes.get("/api/open/data", (request, response) -> response.send("open"));
                });
    }

    private static HttpResponse<String> get(String path, String... headers) throws Exception {
        return send("GET", path, headers);
    }

    private static HttpResponse<String> send(String method, String path, String... headers) throws Exception {
        HttpRequest.Builder request = server.request(path).method(method, HttpRequest.BodyPublishers.noBody());
        if (headers.length > 0) {
            request.headers(headers);
        }
        return server.send(request);
    }

    private static void assertDefaultHeaders(HttpHeaders headers) {
        assertEquals(List.of(DEFAULT_CSP), headers.allValues("Content-Security-Policy"));
        assertEquals(List.of("nosniff"), headers.allValues("X-Content-Type-Options"));
        assertEquals(List.of("SAMEORIGIN"), headers.allValues("X-Frame-Options"));
        assertEquals(List.of("strict-origin-when-cross-origin"), headers.allValues("Referrer-Policy"));
        assertEquals(List.of("same-origin"), headers.allValues("Cross-Origin-Opener-Policy"));
        assertEquals(List.of("same-origin"), headers.allValues("Cross-Origin-Resource-Policy"));
        assertEquals(List.of("camera=()"), headers.allValues("Permissions-Policy"));
        assertTrue(headers.firstValue("Cross-Origin-Embedder-Policy").isEmpty(), "COEP is off by default");
        assertTrue(headers.firstValue("Strict-Transport-Security").isEmpty(), "no HSTS over plain HTTP");
    }

    private static void assertNoCors(HttpHeaders headers) {
        for (String name : List.of("Access-Control-Allow-Origin", "Access-Control-Allow-Credentials",
                "Access-Control-Allow-Methods", "Access-Control-Allow-Headers", "Access-Control-Expose-Headers",
                "Access-Control-Max-Age")) {
            assertTrue(headers.firstValue(name).isEmpty(), name + " in " + headers.map());
        }
    }

    private static boolean varyHasOrigin(HttpHeaders headers) {
        return headers.allValues("Vary").stream().flatMap(v -> List.of(v.split(",")).stream())
                .anyMatch(v -> v.strip().equalsIgnoreCase("Origin"));
    }

    // ---------------------------------------------------------------- security headers

    @Test
    void everyDefaultHeaderOnAPage() throws Exception {
        HttpResponse<String> response = get("/page");
        assertEquals(200, response.statusCode());
        assertEquals("<h1>hello</h1>", response.body());
        assertDefaultHeaders(response.headers());
        assertNoCors(response.headers());
        assertTrue(response.headers().firstValue("Vary").isEmpty(), "CORS is off at the top level: no Vary");
    }

    @Test
    void headRequestsGetThemToo() throws Exception {
        HttpResponse<String> response = send("HEAD", "/page");
        assertEquals(200, response.statusCode());
        assertDefaultHeaders(response.headers());
    }

    @Test
    void strictTransportSecurityOnlyOverTls() throws Exception {
        HttpResponse<String> tls = get("/page", "X-Test-Tls", "1");
        assertEquals(List.of("max-age=31536000; includeSubDomains"), tls.headers().allValues("Strict-Transport-Security"));
        HttpResponse<String> tlsError = get("/nowhere", "X-Test-Tls", "1");
        assertEquals(404, tlsError.statusCode());
        assertEquals(List.of("max-age=31536000; includeSubDomains"),
                tlsError.headers().allValues("Strict-Transport-Security"));
        assertTrue(get("/page").headers().firstValue("Strict-Transport-Security").isEmpty());
    }

    @Test
    void headersTheHandlerSetAreNotOverwritten() throws Exception {
        HttpHeaders headers = get("/own").headers();
        assertEquals(List.of("default-src 'none'"), headers.allValues("Content-Security-Policy"));
        assertEquals(List.of("DENY"), headers.allValues("X-Frame-Options"));
        assertEquals(List.of("nosniff"), headers.allValues("X-Content-Type-Options"), "the others are added");
        assertEquals(List.of("Accept-Encoding"), headers.allValues("Vary"));
    }

    @Test
    void streamedResponses() throws Exception {
        HttpResponse<String> response = get("/stream");
        assertEquals("first second", response.body());
        assertEquals("chunked", response.headers().firstValue("Transfer-Encoding").orElse(""));
        assertDefaultHeaders(response.headers());
    }

    @Test
    void fileBodies() throws Exception {
        HttpResponse<String> response = get("/file");
        assertEquals("file body", response.body());
        assertDefaultHeaders(response.headers());
    }

    @Test
    void aHandlerThatSendsNothing() throws Exception {
        HttpResponse<String> response = get("/empty");
        assertEquals(204, response.statusCode());
        assertDefaultHeaders(response.headers());
    }

    @Test
    void errorResponses() throws Exception {
        HttpResponse<String> notFound = get("/nowhere");
        assertEquals(404, notFound.statusCode());
        assertDefaultHeaders(notFound.headers());

        HttpResponse<String> failure = get("/boom");
        assertEquals(500, failure.statusCode());
        assertDefaultHeaders(failure.headers());
        assertFalse(failure.body().contains("secret detail"), "the failure is logged, not sent: " + failure.body());

        HttpResponse<String> forbidden = get("/denied");
        assertEquals(403, forbidden.statusCode());
        assertTrue(forbidden.body().contains("not for you"));
        assertDefaultHeaders(forbidden.headers());

        HttpResponse<String> wrongMethod = send("DELETE", "/page");
        assertEquals(405, wrongMethod.statusCode());
        assertTrue(wrongMethod.headers().firstValue("Allow").orElse("").contains("GET"), "the router's header stays");
        assertDefaultHeaders(wrongMethod.headers());
    }

    @Test
    void undecodablePathGetsTheTopLevelHeaders() throws Exception {
        // the parser lets %ff through (valid percent-encoding); decoding it as UTF-8 fails later, in pathSegments()
        try (RawClient raw = server.raw()) {
            RawClient.Response response = raw.send("GET /api/%ff HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Origin: " + APP + "\r\n\r\n").read();
            assertEquals(400, response.status());
            assertEquals(DEFAULT_CSP, response.headers().first("Content-Security-Policy"));
            assertNull(response.headers().first("Access-Control-Allow-Origin"));
        }
    }

    @Test
    void errorsTheParserWritesGetTheTopLevelHeaders() throws Exception {
        for (String malformed : List.of("GET /a HTTP/1.1\r\nHost: 127.0.0.1\r\nBad Name: x\r\n\r\n",
                "GET /a HTTP/1.1\r\n\r\n", "GET /a HTTP/9.9\r\nHost: 127.0.0.1\r\n\r\n")) {
            try (RawClient raw = server.raw()) {
                RawClient.Response response = raw.send(malformed).read();
                assertTrue(response.status() == 400 || response.status() == 505, malformed + ": " + response.status());
                assertEquals(DEFAULT_CSP, response.headers().first("Content-Security-Policy"), malformed);
                assertEquals("nosniff", response.headers().first("X-Content-Type-Options"), malformed);
                assertEquals(1, response.headers().count("X-Content-Type-Options"), "not repeated");
                assertNull(response.headers().first("Strict-Transport-Security"), "not known to be TLS");
            }
        }
    }

    @Test
    void settingsPerPathPrefix() throws Exception {
        HttpHeaders api = get("/api/items/1").headers();
        assertEquals(List.of(API_CSP), api.allValues("Content-Security-Policy"));
        assertEquals(List.of("DENY"), api.allValues("X-Frame-Options"));
        assertEquals(List.of("nosniff"), api.allValues("X-Content-Type-Options"), "inherited");
        assertEquals(List.of("camera=()"), api.allValues("Permissions-Policy"), "inherited");

        HttpHeaders apiError = get("/api/nothing/here").headers();
        assertEquals(List.of(API_CSP), apiError.allValues("Content-Security-Policy"));

        HttpHeaders legacy = get("/legacy/page").headers();
        for (String name : List.of("Content-Security-Policy", "X-Content-Type-Options", "X-Frame-Options",
                "Referrer-Policy", "Cross-Origin-Opener-Policy", "Cross-Origin-Resource-Policy", "Permissions-Policy")) {
            assertTrue(legacy.firstValue(name).isEmpty(), name);
        }
        assertTrue(get("/legacy/page", "X-Test-Tls", "1").headers().firstValue("Strict-Transport-Security").isEmpty());

        assertDefaultHeaders(get("/apix").headers());
        assertEquals(List.of(API_CSP), get("/x/../api/items/1").headers().allValues("Content-Security-Policy"),
                "matched on the normalised path");
        assertEquals(List.of(API_CSP), get("/%61pi/items/1").headers().allValues("Content-Security-Policy"),
                "matched on the decoded path");
    }

    // ---------------------------------------------------------------- CORS

    @Test
    void allowedOriginWithCredentials() throws Exception {
        HttpResponse<String> response = get("/api/items/7", "Origin", APP);
        assertEquals(200, response.statusCode());
        HttpHeaders headers = response.headers();
        assertEquals(List.of(APP), headers.allValues("Access-Control-Allow-Origin"), "echoed, never * with credentials");
        assertEquals(List.of("true"), headers.allValues("Access-Control-Allow-Credentials"));
        assertEquals(List.of("X-Total-Count"), headers.allValues("Access-Control-Expose-Headers"));
        assertTrue(varyHasOrigin(headers));
        assertTrue(headers.firstValue("Access-Control-Allow-Methods").isEmpty(), "only preflights list methods");
    }

    @Test
    void allowedOriginWithoutCredentials() throws Exception {
        HttpHeaders headers = get("/api/open/data", "Origin", APP).headers();
        assertEquals(List.of(APP), headers.allValues("Access-Control-Allow-Origin"), "a listed origin is echoed");
        assertTrue(headers.firstValue("Access-Control-Allow-Credentials").isEmpty());
        assertTrue(varyHasOrigin(headers));
        HttpResponse<String> preflight = preflight("/api/open/data", APP, "DELETE", "x-requested-with");
        assertEquals(204, preflight.statusCode());
        assertTrue(preflight.headers().firstValue("Access-Control-Allow-Credentials").isEmpty());
        Headers answer = new Headers();
        preflight.headers().map().forEach((name, values) -> values.forEach(v -> answer.add(name, v)));
        assertTrue(BrowserCheck.preflightPasses(204, answer, APP, false, "DELETE", List.of("x-requested-with")));
        assertFalse(BrowserCheck.preflightPasses(204, answer, APP, true, "DELETE", List.of("x-requested-with")),
                "a credentialed fetch would be blocked");
        assertNoCors(get("/api/open/data", "Origin", "https://evil.example").headers());
    }

    @Test
    void patternOrigin() throws Exception {
        HttpHeaders headers = get("/api/items/7", "Origin", "https://shop.example.com").headers();
        assertEquals(List.of("https://shop.example.com"), headers.allValues("Access-Control-Allow-Origin"));
        assertNoCors(get("/api/items/7", "Origin", "https://example.com.evil.net").headers());
    }

    @Test
    void disallowedOriginGetsTheResponseWithoutCorsButWithVary() throws Exception {
        HttpResponse<String> response = get("/api/items/7", "Origin", "https://evil.example");
        assertEquals(200, response.statusCode(), "a simple request is not blocked by the server; the browser hides it");
        assertNoCors(response.headers());
        assertTrue(varyHasOrigin(response.headers()));

        HttpResponse<String> noOrigin = get("/api/items/7");
        assertNoCors(noOrigin.headers());
        assertTrue(varyHasOrigin(noOrigin.headers()), "the answer depends on Origin even when none came");
    }

    @Test
    void nullOriginOnlyWhereConfigured() throws Exception {
        HttpHeaders refused = get("/api/items/7", "Origin", "null").headers();
        assertNoCors(refused);
        HttpHeaders allowed = get("/api/sandbox/data", "Origin", "null").headers();
        assertEquals(List.of("null"), allowed.allValues("Access-Control-Allow-Origin"));
    }

    @Test
    void anyOriginWithoutCredentials() throws Exception {
        HttpHeaders headers = get("/api/public/data", "Origin", "https://anyone.example").headers();
        assertEquals(List.of("*"), headers.allValues("Access-Control-Allow-Origin"));
        assertTrue(headers.firstValue("Access-Control-Allow-Credentials").isEmpty());
        assertFalse(varyHasOrigin(headers), "the same answer for everyone");
        assertEquals(List.of("*"), get("/api/public/data").headers().allValues("Access-Control-Allow-Origin"));
    }

    @Test
    void corsHeadersOnErrors() throws Exception {
        HttpResponse<String> notFound = get("/api/missing", "Origin", APP);
        assertEquals(404, notFound.statusCode());
        assertEquals(List.of(APP), notFound.headers().allValues("Access-Control-Allow-Origin"));
        assertTrue(varyHasOrigin(notFound.headers()));

        HttpResponse<String> failure = get("/api/boom", "Origin", APP);
        assertEquals(500, failure.statusCode());
        assertEquals(List.of(APP), failure.headers().allValues("Access-Control-Allow-Origin"));
        assertEquals(List.of("true"), failure.headers().allValues("Access-Control-Allow-Credentials"));
        assertEquals(List.of(API_CSP), failure.headers().allValues("Content-Security-Policy"));
        assertFalse(failure.body().contains("api failure"));

        HttpResponse<String> refused = get("/api/boom", "Origin", "https://evil.example");
        assertNoCors(refused.headers());
        assertTrue(varyHasOrigin(refused.headers()));
    }

    private static HttpResponse<String> preflight(String path, String origin, String method, String headers)
            throws Exception {
        return headers == null
                ? send("OPTIONS", path, "Origin", origin, "Access-Control-Request-Method", method)
                : send("OPTIONS", path, "Origin", origin, "Access-Control-Request-Method", method,
                "Access-Control-Request-Headers", headers);
    }

    @Test
    void allowedPreflight() throws Exception {
        HttpResponse<String> response = preflight("/api/items/7", APP, "PUT", "content-type,x-requested-with");
        assertEquals(204, response.statusCode());
        HttpHeaders headers = response.headers();
        assertEquals(List.of(APP), headers.allValues("Access-Control-Allow-Origin"));
        assertEquals(List.of("true"), headers.allValues("Access-Control-Allow-Credentials"));
        assertEquals(List.of("GET, POST, PUT, DELETE"), headers.allValues("Access-Control-Allow-Methods"));
        assertEquals(List.of("Content-Type, X-Requested-With"), headers.allValues("Access-Control-Allow-Headers"));
        assertEquals(List.of("3600"), headers.allValues("Access-Control-Max-Age"));
        assertTrue(varyHasOrigin(headers));
        assertEquals(List.of(API_CSP), headers.allValues("Content-Security-Policy"), "security headers too");
        assertEquals("", response.body());
    }

    @Test
    void preflightHeaderNamesInAnyCase() throws Exception {
        assertEquals(204, preflight("/api/items/7", APP, "PUT", "Content-Type, X-REQUESTED-WITH").statusCode());
        assertEquals(204, preflight("/api/items/7", "https://a.example.com", "DELETE", null).statusCode());
        assertEquals(204, preflight("/api/whatever/path", APP, "POST", "content-type").statusCode(),
                "a preflight does not need a route");
    }

    @Test
    void refusedPreflights() throws Exception {
        for (HttpResponse<String> response : List.of(
                preflight("/api/items/7", "https://evil.example", "PUT", "content-type"),
                preflight("/api/items/7", "null", "PUT", null),
                preflight("/api/items/7", APP, "PATCH", null),
                preflight("/api/items/7", APP, "put", null),
                preflight("/api/items/7", APP, "PUT", "content-type,authorization"))) {
            assertEquals(403, response.statusCode(), response.request() + " " + response.headers().map());
            assertNoCors(response.headers());
            assertTrue(varyHasOrigin(response.headers()));
            assertEquals(List.of(API_CSP), response.headers().allValues("Content-Security-Policy"));
            assertFalse(response.body().contains("evil"), "the refusal does not echo the request");
        }
    }

    @Test
    void optionsWithoutPreflightHeadersGoesToTheApplication() throws Exception {
        HttpResponse<String> response = send("OPTIONS", "/api/items/7", "Origin", APP);
        assertEquals(204, response.statusCode());
        assertTrue(response.headers().firstValue("Allow").orElse("").contains("PUT"), "the router answered");
        assertEquals(List.of(APP), response.headers().allValues("Access-Control-Allow-Origin"));
    }

    @Test
    void preflightWhereCorsIsOffGoesToTheApplication() throws Exception {
        HttpResponse<String> response = preflight("/page", APP, "PUT", null);
        assertEquals(204, response.statusCode());
        assertTrue(response.headers().firstValue("Allow").isPresent(), "the router answered");
        assertNoCors(response.headers());
        assertDefaultHeaders(response.headers());
    }

    @Test
    void repeatedOriginIsNotAllowed() throws Exception {
        try (RawClient raw = server.raw()) {
            RawClient.Response response = raw.send("GET /api/items/1 HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: " + APP
                    + "\r\nOrigin: https://evil.example\r\n\r\n").read();
            assertEquals(200, response.status());
            assertNull(response.headers().first("Access-Control-Allow-Origin"));
        }
    }

    /**
     * A cross-origin {@code fetch(url, {method: 'PUT', credentials: 'include', headers: {'Content-Type':
     * 'application/json', 'X-Requested-With': 'XMLHttpRequest'}})} from a page on localhost:3000, as
     * Chromium puts it on the wire: the preflight (lower-case, sorted, comma-joined request headers;
     * Sec-Fetch-*), then on the same connection the actual request, each checked as the browser checks it.
     */
    @Test
    void chromiumPreflightThenRequestOverARawSocket() throws Exception {
        String host = "127.0.0.1:" + server.port();
        String userAgent = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
                + "Chrome/131.0.0.0 Safari/537.36";
        try (RawClient raw = server.raw()) {
            RawClient.Response preflight = raw.send(String.join("\r\n",
                    "OPTIONS /api/items/42 HTTP/1.1",
                    "Host: " + host,
                    "Connection: keep-alive",
                    "Accept: */*",
                    "Access-Control-Request-Method: PUT",
                    "Access-Control-Request-Headers: content-type,x-requested-with",
                    "Origin: " + APP,
                    "User-Agent: " + userAgent,
                    "Sec-Fetch-Mode: cors",
                    "Sec-Fetch-Site: cross-site",
                    "Sec-Fetch-Dest: empty",
                    "Referer: " + APP + "/",
                    "Accept-Encoding: gzip, deflate, br, zstd",
                    "Accept-Language: en-US,en;q=0.9",
                    "", "")).read();
            assertTrue(BrowserCheck.preflightPasses(preflight.status(), preflight.headers(), APP, true, "PUT",
                    List.of("content-type", "x-requested-with")), preflight.toString());

            String body = "{\"name\":\"demo\"}";
            RawClient.Response actual = raw.send(String.join("\r\n",
                    "PUT /api/items/42 HTTP/1.1",
                    "Host: " + host,
                    "Connection: keep-alive",
                    "Content-Length: " + body.length(),
                    "sec-ch-ua-platform: \"Linux\"",
                    "X-Requested-With: XMLHttpRequest",
                    "User-Agent: " + userAgent,
                    "sec-ch-ua: \"Chromium\";v=\"131\", \"Not_A Brand\";v=\"24\"",
                    "Content-Type: application/json",
                    "sec-ch-ua-mobile: ?0",
                    "Accept: */*",
                    "Origin: " + APP,
                    "Sec-Fetch-Site: cross-site",
                    "Sec-Fetch-Mode: cors",
                    "Sec-Fetch-Dest: empty",
                    "Referer: " + APP + "/",
                    "Accept-Encoding: gzip, deflate, br, zstd",
                    "Accept-Language: en-US,en;q=0.9",
                    "Cookie: session=abc",
                    "", body)).read();
            assertEquals(200, actual.status());
            assertEquals(body, actual.text());
            assertTrue(BrowserCheck.responsePasses(actual.headers(), APP, true), actual.toString());
            assertTrue(actual.headers().containsToken("Vary", "Origin"));
        }
    }

    // ---------------------------------------------------------------- curl

    @Test
    void curlSeesTheHeaders() throws Exception {
        Assumptions.assumeTrue(Curl.available(), "curl is not installed");
        Curl.Result page = Curl.run("--include", server.uri("/page").toString());
        assertEquals(0, page.exit(), page.err());
        String head = page.out().toLowerCase(java.util.Locale.ROOT);
        assertTrue(head.contains("content-security-policy: " + DEFAULT_CSP.toLowerCase(java.util.Locale.ROOT)), head);
        assertTrue(head.contains("x-content-type-options: nosniff"), head);
        assertFalse(head.contains("strict-transport-security"), head);

        Curl.Result preflight = Curl.run("--include", "--request", "OPTIONS", "--header", "Origin: " + APP,
                "--header", "Access-Control-Request-Method: PUT",
                "--header", "Access-Control-Request-Headers: content-type", server.uri("/api/items/1").toString());
        assertEquals(0, preflight.exit(), preflight.err());
        assertTrue(preflight.out().startsWith("HTTP/1.1 204"), preflight.out());
        assertTrue(preflight.out().contains("Access-Control-Allow-Origin: " + APP), preflight.out());
        assertTrue(preflight.out().contains("Access-Control-Allow-Methods: GET, POST, PUT, DELETE"), preflight.out());

        Curl.Result refused = Curl.run("--include", "--request", "OPTIONS", "--header", "Origin: https://evil.example",
                "--header", "Access-Control-Request-Method: PUT", server.uri("/api/items/1").toString());
        assertTrue(refused.out().startsWith("HTTP/1.1 403"), refused.out());
        assertFalse(refused.out().contains("Access-Control-Allow-Origin"), refused.out());

        Curl.Result put = Curl.run("--include", "--request", "PUT", "--header", "Origin: " + APP, "--header",
                "Content-Type: application/json", "--data", "{\"a\":1}", server.uri("/api/items/1").toString());
        assertTrue(put.out().contains("Access-Control-Allow-Origin: " + APP), put.out());
        assertTrue(put.out().contains("Access-Control-Allow-Credentials: true"), put.out());
        assertTrue(put.out().endsWith("{\"a\":1}"), put.out());
    }
}
