package motor.ext.json;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import motor.ext.json.internal.Exchanges;
import motor.spi.HttpException;
import motor.spi.Request;
import motor.spi.Response;

/**
 * JSON bodies in handlers, in one line:
 * <pre>{@code
 * routes.post("/orders", (request, response) -> {
 *     Order order = Json.read(request, Order.class);        // 415, 413 or 400 when it is not one
 *     Json.write(response, Status.CREATED, orders.add(order));
 * });
 * }</pre>
 *
 * <p>Each method uses the {@link JsonCodec} that middleware put on the exchange: the {@code json}
 * extension's, configured from its section of the configuration, or one the application registered
 * with {@link JsonCodec#middleware()}. Without either, a codec with {@link JsonOptions#defaults()} is
 * used. See {@link JsonCodec} for the checks, the answers and their messages.
 *
 * <p>The records and classes bound must be reachable by Jackson: a named module opens their package
 * with {@code opens com.example.api to com.fasterxml.jackson.databind;}, or the answer is a 500 whose
 * logged cause says so.
 */
public final class Json {

    private static final StackWalker WALKER = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);

    private Json() {
    }

    /**
     * Reads the request body as JSON and binds it to a type; see {@link JsonCodec#read(Request, Class)}.
     *
     * @param request the request
     * @param type    the type: a record, a class, {@code Map}, {@code String}...
     * @param <T>     the type
     * @return the value; never {@code null}
     * @throws HttpException 415 (not JSON), 413 (too large) or 400 (empty, malformed, mistyped), with a
     *                       message that names the place; 500 if Jackson cannot bind the type
     * @throws IOException   if reading the body fails
     */
    public static <T> T read(Request request, Class<T> type) throws IOException {
        JsonCodec codec = Exchanges.find(request);
        return (codec != null ? codec : Defaults.codec(type)).read(request, type);
    }

    /**
     * Reads the request body as JSON and binds it to a generic type:
     * {@code Json.read(request, new TypeReference<List<Item>>() {})}.
     *
     * @param request the request
     * @param type    the type
     * @param <T>     the type
     * @return the value; never {@code null}
     * @throws HttpException 415, 413 or 400, as for {@link #read(Request, Class)}
     * @throws IOException   if reading the body fails
     */
    public static <T> T read(Request request, TypeReference<T> type) throws IOException {
        JsonCodec codec = Exchanges.find(request);
        return (codec != null ? codec : Defaults.codec(type.getClass())).read(request, type);
    }

    /**
     * Reads the request body as a JSON tree.
     *
     * @param request the request
     * @return the tree
     * @throws HttpException 415, 413 or 400, as for {@link #read(Request, Class)}
     * @throws IOException   if reading the body fails
     */
    public static JsonNode tree(Request request) throws IOException {
        JsonCodec codec = Exchanges.find(request);
        return (codec != null ? codec : Defaults.codec(JsonNode.class)).tree(request);
    }

    /**
     * Sends a value as a JSON body with the response's current status; see
     * {@link JsonCodec#write(Response, Object)}.
     *
     * @param response the response
     * @param value    the value
     * @throws HttpException 500 if Jackson cannot write the value; the logged cause says why
     * @throws IOException   if sending fails
     */
    public static void write(Response response, Object value) throws IOException {
        JsonCodec codec = Exchanges.find(response);
        (codec != null ? codec : Defaults.codec(WALKER.getCallerClass())).write(response, value);
    }

    /**
     * Sets the status and sends a value as a JSON body.
     *
     * @param response the response
     * @param status   the status, such as 201
     * @param value    the value
     * @throws HttpException 500 if Jackson cannot write the value; the logged cause says why
     * @throws IOException   if sending fails
     */
    public static void write(Response response, int status, Object value) throws IOException {
        JsonCodec codec = Exchanges.find(response);
        (codec != null ? codec : Defaults.codec(WALKER.getCallerClass())).write(response, status, value);
    }

    /**
     * {@return the codec in effect for this request: for its mapper, or to read and write in ways the
     * helpers here do not}
     *
     * @param request the request
     */
    public static JsonCodec codec(Request request) {
        JsonCodec codec = Exchanges.find(request);
        return codec != null ? codec : Defaults.codec(WALKER.getCallerClass());
    }
}
