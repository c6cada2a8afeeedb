package motor.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import motor.spi.Middleware;
import motor.spi.Response;
import motor.spi.ResponseWrapper;
import motor.spi.extension.Extension;
import motor.spi.extension.ExtensionContext;
import org.junit.jupiter.api.Test;

/** The chain runs in its documented order, and middleware can answer or wrap. */
class MiddlewareTest {

    @Test
    void orderIsByOrderValueThenRegistration() throws Exception {
        List<String> calls = new ArrayList<>();
        Extension extension = new Extension() {
            @Override
            public String name() {
                return "tracer";
            }

            @Override
            public void install(ExtensionContext context) {
                context.addMiddleware(Middleware.SECURITY, (req, res, next) -> {
                    calls.add("security");
                    next.handle(req, res);
                });
                context.addMiddleware(Middleware.OUTERMOST, (req, res, next) -> {
                    calls.add("outermost");
                    next.handle(req, res);
                    calls.add("outermost-after");
                });
            }
        };
        Server server = Server.builder()
                .listen("127.0.0.1", 0)
                .discoverExtensions(false)
                .extension(extension)
                .middleware(Middleware.DEFAULT, (req, res, next) -> {
                    calls.add("app-1");
                    next.handle(req, res);
                })
                .middleware(Middleware.DEFAULT, (req, res, next) -> {
                    calls.add("app-2");
                    next.handle(req, res);
                })
                .routes(r -> r.get("/x", (req, res) -> {
                    calls.add("handler");
                    res.send("x");
                }))
                .build()
                .start();
        try (RawClient raw = new RawClient(server.port())) {
            raw.send("GET /x HTTP/1.1\r\nHost: x\r\n\r\n");
            assertEquals("x", raw.read().text());
        } finally {
            server.stop(Duration.ofSeconds(1));
        }
        assertEquals(List.of("outermost", "security", "app-1", "app-2", "handler", "outermost-after"), calls);
    }

    @Test
    void middlewareCanAnswerAndWrap() throws Exception {
        Server server = Server.builder()
                .listen("127.0.0.1", 0)
                .discoverExtensions(false)
                .middleware(Middleware.SECURITY, (req, res, next) -> {
                    if (req.header("X-Token") == null) {
                        res.status(401).headers().set("WWW-Authenticate", "Token");
                        res.send("no token");
                        return;
                    }
                    next.handle(req, new ResponseWrapper(res) {
                        @Override
                        public void send(byte[] body) throws IOException {
                            super.send(new String(body, StandardCharsets.UTF_8).toUpperCase()
                                    .getBytes(StandardCharsets.UTF_8));
                        }

                        @Override
                        public Response status(int status) {
                            return super.status(status);
                        }

                        @Override
                        public OutputStream output() throws IOException {
                            return super.output();
                        }
                    });
                })
                .routes(r -> r.get("/x", (req, res) -> res.send("quiet")))
                .build()
                .start();
        try (RawClient raw = new RawClient(server.port())) {
            raw.send("GET /x HTTP/1.1\r\nHost: x\r\n\r\n");
            RawClient.Response refused = raw.read();
            assertEquals(401, refused.status());
            assertEquals("Token", refused.header("WWW-Authenticate"));
            raw.send("GET /x HTTP/1.1\r\nHost: x\r\nX-Token: t\r\n\r\n");
            assertEquals("QUIET", raw.read().text());
        } finally {
            server.stop(Duration.ofSeconds(1));
        }
    }

    @Test
    void developmentModeShowsTheStackTrace() throws Exception {
        Server server = Server.builder()
                .listen("127.0.0.1", 0)
                .discoverExtensions(false)
                .developmentMode(true)
                .routes(r -> r.get("/fail", (req, res) -> {
                    throw new IllegalStateException("visible in development");
                }))
                .build()
                .start();
        try (RawClient raw = new RawClient(server.port())) {
            raw.send("GET /fail HTTP/1.1\r\nHost: x\r\n\r\n");
            RawClient.Response response = raw.read();
            assertEquals(500, response.status());
            assertTrue(response.text().contains("IllegalStateException: visible in development"), response.text());
        } finally {
            server.stop(Duration.ofSeconds(1));
        }
    }

    @Test
    void middlewareAddsHeadersToErrorsAndWrappedFailuresKeepTheirTrace() throws Exception {
        Server server = Server.builder()
                .listen("127.0.0.1", 0)
                .discoverExtensions(false)
                .developmentMode(true)
                .middleware(Middleware.SECURITY, (req, res, next) -> {
                    try {
                        next.handle(req, res);
                    } catch (motor.spi.HttpException e) {
                        e.header("X-Always", "yes");
                        throw e;
                    } catch (Exception e) {
                        throw new motor.spi.HttpException(500, null, e).header("X-Always", "yes");
                    }
                })
                .routes(r -> r.get("/fail", (req, res) -> {
                    res.headers().set("X-Handler", "dropped");
                    throw new IllegalStateException("wrapped but still traced");
                }))
                .build()
                .start();
        try (RawClient raw = new RawClient(server.port())) {
            raw.send("GET /fail HTTP/1.1\r\nHost: x\r\n\r\n");
            RawClient.Response failed = raw.read();
            assertEquals(500, failed.status());
            assertEquals("yes", failed.header("X-Always"));
            assertEquals(null, failed.header("X-Handler"), "an error starts from fresh headers");
            assertTrue(failed.text().contains("IllegalStateException: wrapped but still traced"), failed.text());
            raw.send("GET /missing HTTP/1.1\r\nHost: x\r\n\r\n");
            RawClient.Response missing = raw.read();
            assertEquals(404, missing.status());
            assertEquals("yes", missing.header("X-Always"));
        } finally {
            server.stop(Duration.ofSeconds(1));
        }
    }

    @Test
    void middlewareCanLowerTheBodyLimitBelowTheRoutes() throws Exception {
        Server server = Server.builder()
                .listen("127.0.0.1", 0)
                .discoverExtensions(false)
                .middleware(Middleware.DEFAULT, (req, res, next) -> {
                    if (req.header("X-Small") != null) {
                        req.bodyLimit(4);
                    }
                    next.handle(req, res);
                })
                .routes(r -> r.post("/upload", (req, res) -> res.send(req.bodyBytes())).maxBodySize(1000))
                .build()
                .start();
        try (RawClient raw = new RawClient(server.port())) {
            raw.send("POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n0123456789");
            assertEquals("0123456789", raw.read().text(), "the route's limit applies");
        }
        try (RawClient raw = new RawClient(server.port())) {
            raw.send("POST /upload HTTP/1.1\r\nHost: x\r\nX-Small: 1\r\nContent-Length: 10\r\n\r\n0123456789");
            assertEquals(413, raw.read().status(), "the middleware's lower limit holds");
        } finally {
            server.stop(Duration.ofSeconds(1));
        }
    }
}
