package motor.core.internal.routing;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import motor.spi.Handler;
import motor.spi.HttpException;
import motor.spi.Method;
import motor.spi.Request;
import motor.spi.RequestWrapper;
import motor.spi.Response;
import motor.spi.Route;
import motor.spi.Routes;
import motor.spi.Status;

/**
 * Maps method and decoded path segments to handlers: a tree with one level per segment, whose nodes hold
 * literal children, one capture child and one wildcard child.
 *
 * <p>Lookup walks the tree preferring literals, then captures, then the wildcard, backtracking when a
 * branch dead-ends, and takes the first node that has a route for the method; so
 * {@code POST /users/me} reaches {@code POST /users/{id}} even when {@code GET /users/me} exists. When
 * the path matches but no node has the method the answer is 405 with the methods of every matching
 * node in {@code Allow}; when nothing matches, 404. Methods the server knows nothing of get 501.
 *
 * <p>Routes are added before the server starts; the tree is then read by many threads and never
 * changed.
 */
public final class Router implements Routes, Handler {

    private final Node root = new Node();
    /** Nodes of templates without captures, by their path: most requests are routed with one lookup. */
    private final Map<String, Node> literalPaths = new HashMap<>();
    private final Set<String> methods = new TreeSet<>();
    private final long defaultBodyLimit;
    private volatile boolean frozen;

    /**
     * Creates an empty router.
     *
     * @param defaultBodyLimit the body limit of routes that set none
     */
    public Router(long defaultBodyLimit) {
        this.defaultBodyLimit = defaultBodyLimit;
    }

    /** Stops further registration; called when the server starts. */
    public void freeze() {
        frozen = true;
    }

    @Override
    public synchronized Route add(String method, String pattern, Handler handler) {
        if (frozen) {
            throw new IllegalStateException("routes cannot be added once the server has started");
        }
        if (!motor.spi.Headers.isToken(method)) {
            throw new IllegalArgumentException("not a valid method: " + method);
        }
        if (handler == null) {
            throw new IllegalArgumentException("null handler for " + method + " " + pattern);
        }
        Template template = Template.parse(pattern);
        Node node = root;
        for (Template.Part part : template.parts()) {
            node = switch (part.kind()) {
                case LITERAL -> node.literals.computeIfAbsent(part.text(), k -> new Node());
                case CAPTURE -> node.capture != null ? node.capture : (node.capture = new Node());
                case WILDCARD -> node.wildcard != null ? node.wildcard : (node.wildcard = new Node());
            };
        }
        if (node.routes.containsKey(method)) {
            throw new IllegalArgumentException("route already registered: " + method + " " + pattern
                    + " (as " + node.routes.get(method).pattern() + ")");
        }
        RouteEntry entry = new RouteEntry(method, pattern, template.names(), handler);
        node.routes.put(method, entry);
        if (template.names().isEmpty()) {
            literalPaths.put(template.path(), node);
        }
        methods.add(method);
        return entry;
    }

    /** {@return every method some route answers} */
    public Set<String> methods() {
        return Collections.unmodifiableSet(methods);
    }

    @Override
    public void handle(Request request, Response response) throws Exception {
        String method = request.method();
        String path = request.path();
        if (path.equals("*")) {
            // OPTIONS * (the parser lets no other method use the asterisk-form): about the server as a whole
            allow(response, Set.copyOf(methods));
            return;
        }
        if (!methods.contains(method) && (!Method.isStandard(method) || method == Method.CONNECT)) {
            throw new HttpException(Status.NOT_IMPLEMENTED, "method not implemented");
        }
        RouteEntry literal = literal(path, method);
        if (literal != null) {
            dispatch(literal, request, response);
            return;
        }
        List<String> segments = request.pathSegments();
        String[] captured = new String[segments.size() + 1];
        Lookup lookup = new Lookup(method, segments, captured);
        RouteEntry route = lookup.find(root, 0, 0);
        if (route == null && method == Method.HEAD) {
            lookup = new Lookup(Method.GET, segments, captured);
            route = lookup.find(root, 0, 0);
        }
        if (route == null) {
            Set<String> allowed = new TreeSet<>();
            collectAllowed(root, segments, 0, allowed);
            if (allowed.isEmpty()) {
                throw new HttpException(Status.NOT_FOUND, "no resource at this path");
            }
            if (method == Method.OPTIONS) {
                allow(response, allowed);
                return;
            }
            HttpException e = new HttpException(Status.METHOD_NOT_ALLOWED, "method not allowed here");
            e.header("Allow", allowHeader(allowed));
            throw e;
        }
        Request routed = route.names().isEmpty() ? request : new RoutedRequest(request, route.names(), captured,
                lookup.wildcardFrom, segments);
        dispatch(route, routed, response);
    }

    /**
     * Finds a route of a template without captures for a path that needs no decoding (no {@code %}, no
     * dot segments): then the path as sent is the template. Null when the tree must decide.
     */
    private RouteEntry literal(String path, String method) {
        if (path.indexOf('%') >= 0 || path.contains("/.")) {
            return null;
        }
        Node node = literalPaths.get(path);
        if (node == null) {
            return null;
        }
        RouteEntry route = node.routes.get(method);
        if (route == null && method == Method.HEAD) {
            route = node.routes.get(Method.GET);
        }
        return route;
    }

    private void dispatch(RouteEntry route, Request request, Response response) throws Exception {
        long limit = route.maxBodySize() >= 0 ? route.maxBodySize() : defaultBodyLimit;
        Request core = request;
        while (core instanceof RequestWrapper wrapper) {
            core = wrapper.unwrap();
        }
        if (core instanceof RouteLimited limited) {
            limited.routeLimit(limit); // keeps a lower limit that middleware set
            limit = core.bodyLimit();
        } else {
            request.bodyLimit(limit);
        }
        if (request.contentLength() > limit) {
            throw new HttpException(Status.CONTENT_TOO_LARGE, "request body larger than " + limit + " bytes");
        }
        route.handler().handle(request, response);
    }

    private static void allow(Response response, Set<String> methods) throws java.io.IOException {
        response.status(Status.NO_CONTENT);
        response.headers().set("Allow", allowHeader(methods));
        response.send(new byte[0]);
    }

    private static String allowHeader(Set<String> registered) {
        Set<String> all = new TreeSet<>(registered);
        if (all.contains(Method.GET)) {
            all.add(Method.HEAD);
        }
        all.add(Method.OPTIONS);
        return String.join(", ", all);
    }

    private static void collectAllowed(Node node, List<String> segments, int index, Set<String> into) {
        if (index == segments.size()) {
            into.addAll(node.routes.keySet());
            if (node.wildcard != null) {
                into.addAll(node.wildcard.routes.keySet());
            }
            return;
        }
        String segment = segments.get(index);
        Node literal = node.literals.get(segment);
        if (literal != null) {
            collectAllowed(literal, segments, index + 1, into);
        }
        if (node.capture != null && !segment.isEmpty()) {
            collectAllowed(node.capture, segments, index + 1, into);
        }
        if (node.wildcard != null) {
            into.addAll(node.wildcard.routes.keySet());
        }
    }

    /** One lookup: walks the tree for a method, filling captured values by position. */
    private static final class Lookup {
        private final String method;
        private final List<String> segments;
        private final String[] captured;
        private int wildcardFrom = -1;

        Lookup(String method, List<String> segments, String[] captured) {
            this.method = method;
            this.segments = segments;
            this.captured = captured;
        }

        RouteEntry find(Node node, int index, int captures) {
            if (index == segments.size()) {
                RouteEntry here = node.routes.get(method);
                if (here != null) {
                    return here;
                }
                return node.wildcard != null ? wildcard(node.wildcard, index, captures) : null;
            }
            String segment = segments.get(index);
            Node literal = node.literals.get(segment);
            if (literal != null) {
                RouteEntry found = find(literal, index + 1, captures);
                if (found != null) {
                    return found;
                }
            }
            if (node.capture != null && !segment.isEmpty()) {
                captured[captures] = segment;
                RouteEntry found = find(node.capture, index + 1, captures + 1);
                if (found != null) {
                    return found;
                }
            }
            return node.wildcard != null ? wildcard(node.wildcard, index, captures) : null;
        }

        private RouteEntry wildcard(Node node, int index, int captures) {
            RouteEntry route = node.routes.get(method);
            if (route != null) {
                wildcardFrom = index;
                captured[captures] = null;
            }
            return route;
        }
    }

    private static final class Node {
        final Map<String, Node> literals = new HashMap<>(4);
        Node capture;
        Node wildcard;
        final Map<String, RouteEntry> routes = new LinkedHashMap<>(2);
    }

    /** A request seen through a route that captured path parameters. */
    private static final class RoutedRequest extends RequestWrapper {
        private final Map<String, String> parameters;

        RoutedRequest(Request request, List<String> names, String[] captured, int wildcardFrom,
                      List<String> segments) {
            super(request);
            Map<String, String> map = new LinkedHashMap<>(names.size() * 2);
            for (int i = 0; i < names.size(); i++) {
                String value = captured[i];
                if (value == null && wildcardFrom >= 0 && i == names.size() - 1) {
                    value = String.join("/", segments.subList(wildcardFrom, segments.size()));
                }
                map.put(names.get(i), value);
            }
            this.parameters = Collections.unmodifiableMap(map);
        }

        @Override
        public String pathParameter(String name) {
            return parameters.get(name);
        }

        @Override
        public Map<String, String> pathParameters() {
            return parameters;
        }
    }

    /** A registered route. */
    static final class RouteEntry implements Route {
        private final String method;
        private final String pattern;
        private final List<String> names;
        private final Handler handler;
        private volatile long maxBodySize = -1;

        RouteEntry(String method, String pattern, List<String> names, Handler handler) {
            this.method = method;
            this.pattern = pattern;
            this.names = List.copyOf(names);
            this.handler = handler;
        }

        @Override
        public String method() {
            return method;
        }

        @Override
        public String pattern() {
            return pattern;
        }

        @Override
        public Route maxBodySize(long bytes) {
            if (bytes < 0) {
                throw new IllegalArgumentException("body limit must be 0 or more: " + bytes);
            }
            maxBodySize = bytes;
            return this;
        }

        @Override
        public long maxBodySize() {
            return maxBodySize;
        }

        List<String> names() {
            return names;
        }

        Handler handler() {
            return handler;
        }
    }

    /**
     * A parsed path template.
     *
     * @param parts the segments
     * @param names the names of captures and wildcard, in order
     * @param path  the template as a path, for templates without captures
     */
    record Template(List<Part> parts, List<String> names, String path) {

        enum Kind { LITERAL, CAPTURE, WILDCARD }

        record Part(Kind kind, String text) {
        }

        static Template parse(String pattern) {
            if (pattern == null || !pattern.startsWith("/")) {
                throw new IllegalArgumentException("a path template starts with '/': " + pattern);
            }
            List<Part> parts = new ArrayList<>();
            List<String> names = new ArrayList<>();
            String[] segments = pattern.substring(1).split("/", -1);
            for (int i = 0; i < segments.length; i++) {
                String segment = segments[i];
                if (segment.startsWith("{") && segment.endsWith("}")) {
                    String name = segment.substring(1, segment.length() - 1);
                    Kind kind = Kind.CAPTURE;
                    if (name.endsWith("...")) {
                        if (i != segments.length - 1) {
                            throw new IllegalArgumentException("a wildcard must be the last segment: " + pattern);
                        }
                        name = name.substring(0, name.length() - 3);
                        kind = Kind.WILDCARD;
                    }
                    if (!isIdentifier(name)) {
                        throw new IllegalArgumentException("invalid parameter name '" + name + "' in " + pattern);
                    }
                    if (names.contains(name)) {
                        throw new IllegalArgumentException("parameter '" + name + "' twice in " + pattern);
                    }
                    names.add(name);
                    parts.add(new Part(kind, name));
                } else if (segment.indexOf('{') >= 0 || segment.indexOf('}') >= 0) {
                    throw new IllegalArgumentException("a parameter must be a whole segment: " + pattern);
                } else {
                    parts.add(new Part(Kind.LITERAL, segment));
                }
            }
            return new Template(List.copyOf(parts), List.copyOf(names), pattern);
        }

        private static boolean isIdentifier(String name) {
            if (name.isEmpty() || !Character.isJavaIdentifierStart(name.charAt(0))) {
                return false;
            }
            for (int i = 1; i < name.length(); i++) {
                char c = name.charAt(i);
                if (!Character.isJavaIdentifierPart(c) && c != '-') {
                    return false;
                }
            }
            return true;
        }
    }
}
