package motor.example.showcase.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.Principal;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import motor.ext.auth.Auth;
import motor.ext.auth.Authenticator;
import motor.ext.auth.PasswordVerifier;
import motor.ext.auth.Passwords;
import motor.ext.auth.TokenVerifier;
import motor.ext.auth.Tokens;
import motor.ext.cookies.CookieSigner;
import motor.ext.cookies.Cookies;
import motor.ext.cookies.Session;
import motor.ext.cookies.Sessions;
import motor.ext.cookies.SetCookie;
import motor.ext.json.Json;
import motor.ext.multipart.FilePart;
import motor.ext.multipart.Form;
import motor.ext.multipart.Forms;
import motor.ext.multipart.Part;
import motor.ext.multipart.PartReader;
import motor.ext.security.Encode;
import motor.spi.HttpException;
import motor.spi.Request;
import motor.spi.Response;
import motor.spi.Routes;
import motor.spi.Status;
import motor.spi.extension.ExtensionContext;

/**
 * The showcase routes that exercise the everyday extensions: compression, cookies and sessions, JSON
 * bodies, forms and uploads, authentication, and output encoding with the security headers and CORS
 * (the distribution's conf/motor.json configures CORS for {@code /api/}). The module README lists them
 * with curl commands.
 */
final class FeatureRoutes {

    /** Uploads up to this size. */
    static final long UPLOAD_LIMIT = 64L * 1024 * 1024;

    /** Demo accounts, demo:demo and admin:admin, as PBKDF2 hashes made with motor.ext.auth.Passwords. */
    private static final Map<String, String> USERS = Map.of(
            "demo", "pbkdf2-sha256$10000$7nGc5jgDJk09N/FVDkSDNA==$xFioOPK16Nla1cF2E2tt9uW9Lq4MgcfWZpD9bjKTDNI=",
            "admin", "pbkdf2-sha256$10000$+c92mq6deeZ+2Z7IHnSD0w==$LBGWQU+egQ+XW2sxZsW46f9+MAGS50jlniFsxPaI+Os=");
    /** A demo bearer token, {@code showcase-token}, as its SHA-256. */
    private static final Map<String, String> TOKENS = Map.of(
            "demo-token", "sha256$f0cb99a10a6457405e4d1a1548fd0c488ad5aab309a5e8457ba6ff097a969a80");

    /** An item of an order (/json/orders). */
    public record Item(String name, double price, int quantity) {
    }

    /** The body of POST /json/orders. */
    public record Order(String customer, List<Item> items) {
        /** Checks what Jackson bound. */
        public Order {
            if (customer == null || customer.isBlank()) {
                throw new HttpException(Status.UNPROCESSABLE_CONTENT, "customer is required");
            }
            items = items == null ? List.of() : List.copyOf(items);
        }
    }

    /** The answer of POST /json/orders. */
    public record Receipt(String customer, int lines, double total) {
    }

    private FeatureRoutes() {
    }

    static void install(ExtensionContext context) {
        Routes routes = context.routes();
        routes.get("/gzip/text", FeatureRoutes::text);

        routes.get("/cookies", FeatureRoutes::cookies);
        routes.get("/cookies/signed", FeatureRoutes::signed);
        routes.get("/session/visits", FeatureRoutes::visits);
        routes.post("/session/login", FeatureRoutes::login);
        routes.get("/session/whoami", (request, response) -> {
            Object user = Sessions.of(request).get("user");
            response.send(user == null ? "anonymous" : user.toString());
        });
        routes.post("/session/logout", (request, response) -> {
            Sessions.of(request).invalidate();
            response.send("bye");
        });

        routes.post("/json/orders", FeatureRoutes::order).maxBodySize(64 * 1024);
        routes.post("/json/tree", (request, response) -> {
            JsonNode tree = Json.tree(request);
            Json.write(response, Map.of("type", tree.getNodeType().toString(), "size", tree.size()));
        });

        routes.post("/form", FeatureRoutes::form).maxBodySize(UPLOAD_LIMIT);
        routes.post("/upload/stream", FeatureRoutes::uploadStream).maxBodySize(UPLOAD_LIMIT);

        PasswordVerifier users = Passwords.verifier(USERS);
        TokenVerifier tokens = Tokens.verifier(TOKENS);
        Authenticator basic = Authenticator.basic("showcase", users);
        // guarded per route rather than by Auth.protect middleware, which would run on every request
        routes.get("/auth/admin/{rest...}", Auth.require(basic, Auth.allowUsers("admin"), (request, response) ->
                response.send("admin area, hello " + request.principal().orElseThrow().getName())));
        routes.get("/auth/whoami", Auth.require(Authenticator.anyOf(basic, Authenticator.bearer("showcase", tokens)),
                (request, response) -> response.send(request.principal().map(Principal::getName).orElseThrow())));

        routes.get("/security/hello", FeatureRoutes::hello);
        routes.get("/security/greeting.js", (request, response) -> {
            response.headers().set("Content-Type", "text/javascript; charset=utf-8");
            response.send("document.title = 'Hello, " + Encode.javaScript(name(request)) + "';");
        });
        routes.get("/api/items/{id}", (request, response) -> {
            response.headers().set("X-Total-Count", "1");
            Json.write(response, Map.of("id", request.pathParameter("id")));
        });
        routes.put("/api/items/{id}", (request, response) -> Json.write(response, Json.tree(request)));
    }

    /** 8 KiB of text, compressed when the client accepts it. */
    private static void text(Request request, Response response) throws IOException {
        StringBuilder sb = new StringBuilder(8192);
        for (int i = 0; sb.length() < 8192; i++) {
            sb.append("Line ").append(i).append(": Motor compresses text it sends when the client accepts it.\n");
        }
        response.headers().set("Content-Type", "text/plain; charset=utf-8");
        response.send(sb.substring(0, 8192));
    }

    private static void cookies(Request request, Response response) throws IOException {
        StringBuilder sb = new StringBuilder();
        Cookies.all(request).forEach(c -> sb.append(c.name()).append('=').append(c.value()).append('\n'));
        response.send(sb.toString());
    }

    private static void signed(Request request, Response response) throws IOException {
        CookieSigner signer = CookieSigner.of(request);
        String value = request.query().first("v");
        if (value == null) {
            String pref = signer.get(request, "pref");
            response.send(pref == null ? "absent" : pref);
            return;
        }
        if (!SetCookie.isCookieValue(value) || value.startsWith("\"")) {
            throw new HttpException(Status.BAD_REQUEST, "v must be cookie-octets");
        }
        Cookies.set(response, signer.sign(SetCookie.builder("pref", value).build()));
        response.send("signed");
    }

    private static void visits(Request request, Response response) throws IOException {
        Session session = Sessions.of(request);
        Integer count = session.get("visits", Integer.class);
        int visits = count == null ? 1 : count + 1;
        session.put("visits", visits);
        response.send(String.valueOf(visits));
    }

    private static void login(Request request, Response response) throws IOException {
        String user = request.query().first("user");
        if (user == null || user.isEmpty() || user.length() > 64) {
            throw new HttpException(Status.BAD_REQUEST, "user must have 1 to 64 characters");
        }
        Session session = Sessions.of(request);
        session.regenerateId();
        session.put("user", user);
        response.send("welcome");
    }

    private static void order(Request request, Response response) throws IOException {
        Order order = Json.read(request, Order.class);
        double total = order.items().stream().mapToDouble(i -> i.price() * i.quantity()).sum();
        Json.write(response, Status.CREATED, new Receipt(order.customer(), order.items().size(), total));
    }

    private static void form(Request request, Response response) throws IOException {
        Form form = Forms.read(request); // its temporary files are removed by the multipart extension
        StringBuilder sb = new StringBuilder();
        form.fields().asMap().forEach((name, values) ->
                values.forEach(v -> sb.append("field ").append(name).append(" = ").append(v).append('\n')));
        for (FilePart file : form.files()) {
            try (InputStream in = file.open()) {
                sb.append("file ").append(file.name()).append(": ").append(file.filename()).append(", ")
                        .append(file.contentType()).append(", ").append(file.size()).append(" bytes, ")
                        .append(file.inMemory() ? "in memory" : "on disk").append(", sha256 ").append(sha256(in))
                        .append('\n');
            }
        }
        response.send(sb.toString());
    }

    private static void uploadStream(Request request, Response response) throws IOException {
        StringBuilder sb = new StringBuilder();
        PartReader reader = Forms.parts(request);
        for (Part part; (part = reader.next()) != null; ) {
            sb.append(part.isFile() ? "file " + part.name() + ": " + part.filename() + ", sha256 " + sha256(part.body())
                    : "field " + part.name() + " = " + part.text()).append('\n');
        }
        response.send(sb.toString());
    }

    private static String name(Request request) {
        String name = request.query().first("name", "world");
        if (name.length() > 100) {
            throw new HttpException(Status.BAD_REQUEST, "name: at most 100 characters");
        }
        return name;
    }

    /** A page that puts request input into HTML, an attribute, a URL and a script, each encoded for it. */
    private static void hello(Request request, Response response) throws IOException {
        String name = name(request);
        response.headers().set("Content-Type", "text/html; charset=utf-8");
        response.send("<!doctype html><title>Hello</title><p>Hello, " + Encode.html(name) + "!</p>"
                + "<a title=" + Encode.attribute(name) + " href=\"/security/hello?name=" + Encode.url(name)
                + "\">again</a><script src=\"/security/greeting.js?name=" + Encode.url(name) + "\"></script>");
    }

    private static String sha256(InputStream in) throws IOException {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            new DigestInputStream(in, digest).transferTo(OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
