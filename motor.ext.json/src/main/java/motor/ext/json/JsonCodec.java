package motor.ext.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.CharConversionException;
import java.io.IOException;
import java.util.Arrays;
import java.util.Objects;
import motor.ext.json.internal.CodecSource;
import motor.ext.json.internal.ContentTypes;
import motor.ext.json.internal.Exchanges;
import motor.ext.json.internal.Failures;
import motor.spi.HttpException;
import motor.spi.Middleware;
import motor.spi.Request;
import motor.spi.Response;
import motor.spi.Status;

/**
 * Reads request bodies as JSON and writes responses as JSON, with one configured {@link ObjectMapper}
 * and the checks an HTTP server owes its clients. Thread-safe; make one and share it.
 *
 * <p>Handlers usually go through {@link Json}, which finds the codec the {@code json} extension
 * configured. An application that wants a codec of its own makes one here and either calls it directly
 * or registers its {@link #middleware()}, after which {@link Json} uses it:
 * <pre>{@code
 * JsonCodec codec = JsonCodec.create(JsonOptions.defaults().withPretty(true),
 *         mapper -> mapper.registerModule(new JavaTimeModule()));
 * Server.builder().middleware(Middleware.DEFAULT, codec.middleware())...
 * }</pre>
 *
 * <p><b>Reading</b> checks, in this order: the {@code Content-Type} is JSON ({@code application/json}
 * or {@code application/*+json}, UTF-8 if a charset is given), else 415; no undecoded
 * {@code Content-Encoding}, else 415; the body fits {@link JsonOptions#maxBodySize()} and the route's
 * limit, else 413; it is not empty, else 400; it is one well-formed JSON value within the depth and
 * length limits, with nothing after it, that binds to the type, else 400 with the reason and the JSON
 * pointer of the place ({@code expected an integer at /items/2/quantity}). A type's constructor may
 * throw {@link HttpException} to choose the answer itself. Messages never repeat the body's values.
 *
 * <p><b>Writing</b> serializes the whole value before sending, so a value that cannot be written gives a
 * clean 500 rather than half a body; its cause, logged by the server, says what to fix (a package not
 * opened to Jackson, a missing module).
 */
public final class JsonCodec {

    /** The content type of written bodies. JSON is UTF-8 by definition (RFC 8259), so no charset. */
    public static final String CONTENT_TYPE = "application/json";

    /** The largest array Java can allocate, less a margin. */
    private static final int MAX_ARRAY = Integer.MAX_VALUE - 16;
    private static final byte[] NEWLINE = {'\n'};

    private final JsonOptions options;
    private final ObjectMapper mapper;
    private final ObjectWriter writer;
    private final CodecSource self = () -> this;
    private final Middleware middleware = (request, response, next) -> Exchanges.handle(self, request, response, next);

    private JsonCodec(JsonOptions options, ObjectMapper mapper) {
        this.options = options;
        this.mapper = mapper;
        this.writer = options.pretty() ? mapper.writerWithDefaultPrettyPrinter() : mapper.writer();
    }

    /**
     * Makes a codec with Jackson's defaults and these options.
     *
     * @param options the limits and features
     * @return the codec
     */
    public static JsonCodec create(JsonOptions options) {
        return create(options, mapper -> { });
    }

    /**
     * Makes a codec and lets {@code customizer} adjust its mapper after the options are applied.
     *
     * <p>The mapper starts from Jackson's defaults with these changes: the {@link JsonOptions} limits
     * (nesting, string, number, name and document length); unknown properties and duplicate keys as
     * the options say; a float is not silently truncated into an integer property
     * ({@code ACCEPT_FLOAT_AS_INT} off); parse errors do not quote the source.
     *
     * @param options    the limits and features
     * @param customizer adjusts the mapper; runs once, now
     * @return the codec
     */
    public static JsonCodec create(JsonOptions options, JsonCustomizer customizer) {
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(customizer, "customizer");
        StreamReadConstraints limits = StreamReadConstraints.builder()
                .maxNestingDepth(options.maxDepth())
                .maxStringLength(options.maxStringLength())
                .maxNumberLength(options.maxNumberLength())
                .maxNameLength(options.maxNameLength())
                .maxDocumentLength(options.maxBodySize())
                .build();
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(limits)
                .configure(StreamReadFeature.STRICT_DUPLICATE_DETECTION, options.rejectDuplicateKeys())
                .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
                .build();
        ObjectMapper mapper = JsonMapper.builder(factory)
                .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, options.failOnUnknownProperties())
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .build();
        customizer.customize(mapper);
        return new JsonCodec(options, mapper);
    }

    /** {@return the options this codec was made with} */
    public JsonOptions options() {
        return options;
    }

    /**
     * {@return the codec's mapper, for what the codec does not do itself (converting values, streaming a
     * large response)}; treat it as read-only, since it is shared by every request
     */
    public ObjectMapper mapper() {
        return mapper;
    }

    /**
     * Reads the request body as JSON and binds it to a type.
     *
     * @param request the request
     * @param type    the type: a record, a class, {@code Map}, {@code List}, {@code String}...
     * @param <T>     the type
     * @return the value; never {@code null} (a JSON {@code null} body is a 400)
     * @throws HttpException 415, 413 or 400 as the class documentation lists; 500 if Jackson cannot bind
     *                       the type
     * @throws IOException   if reading the body fails
     */
    public <T> T read(Request request, Class<T> type) throws IOException {
        Objects.requireNonNull(type, "type");
        return parse(body(request), type, false, (m, p) -> m.readValue(p, type));
    }

    /**
     * Reads the request body as JSON and binds it to a generic type, such as
     * {@code new TypeReference<List<Item>>() {}}.
     *
     * @param request the request
     * @param type    the type
     * @param <T>     the type
     * @return the value; never {@code null}
     * @throws HttpException 415, 413 or 400 as the class documentation lists; 500 if Jackson cannot bind
     *                       the type
     * @throws IOException   if reading the body fails
     */
    public <T> T read(Request request, TypeReference<T> type) throws IOException {
        Objects.requireNonNull(type, "type");
        Class<?> raw = mapper.getTypeFactory().constructType(type).getRawClass();
        return parse(body(request), raw, false, (m, p) -> m.readValue(p, type));
    }

    /**
     * Reads the request body as a JSON tree, for documents without a fixed shape.
     *
     * @param request the request
     * @return the tree; a {@code NullNode} for the body {@code null}
     * @throws HttpException 415, 413 or 400 as the class documentation lists
     * @throws IOException   if reading the body fails
     */
    public JsonNode tree(Request request) throws IOException {
        return parse(body(request), JsonNode.class, true, ObjectMapper::readTree);
    }

    /**
     * Binds a JSON document that is already in memory, with the same checks and answers as the body
     * readers after the headers: 413 past the size limit, 400 for an empty, malformed or mistyped one.
     *
     * @param json the document, UTF-8
     * @param type the type
     * @param <T>  the type
     * @return the value; never {@code null}
     * @throws HttpException 413 or 400; 500 if Jackson cannot bind the type
     */
    public <T> T read(byte[] json, Class<T> type) {
        Objects.requireNonNull(type, "type");
        if (json.length > options.maxBodySize()) {
            throw tooLarge(options.maxBodySize());
        }
        return parse(json, type, false, (m, p) -> m.readValue(p, type));
    }

    /**
     * Binds a JSON document that is already in memory to a generic type; see {@link #read(byte[], Class)}.
     *
     * @param json the document, UTF-8
     * @param type the type
     * @param <T>  the type
     * @return the value; never {@code null}
     * @throws HttpException 413 or 400; 500 if Jackson cannot bind the type
     */
    public <T> T read(byte[] json, TypeReference<T> type) {
        Objects.requireNonNull(type, "type");
        if (json.length > options.maxBodySize()) {
            throw tooLarge(options.maxBodySize());
        }
        Class<?> raw = mapper.getTypeFactory().constructType(type).getRawClass();
        return parse(json, raw, false, (m, p) -> m.readValue(p, type));
    }

    /**
     * Sends {@code value} as a JSON body with the response's current status (200 unless set). The
     * {@code Content-Type} is {@value #CONTENT_TYPE} unless the handler set one already (a
     * {@code +json} type, say).
     *
     * @param response the response
     * @param value    the value; {@code null} is written as {@code null}
     * @throws HttpException 500 if Jackson cannot write the value; the cause says why
     * @throws IOException   if sending fails
     */
    public void write(Response response, Object value) throws IOException {
        byte[] body = bytes(value);
        response.headers().setIfAbsent("Content-Type", CONTENT_TYPE);
        response.send(body);
    }

    /**
     * Sets the status and sends {@code value} as a JSON body; see {@link #write(Response, Object)}.
     *
     * @param response the response
     * @param status   the status, such as 201
     * @param value    the value
     * @throws HttpException 500 if Jackson cannot write the value
     * @throws IOException   if sending fails
     */
    public void write(Response response, int status, Object value) throws IOException {
        byte[] body = bytes(value);
        response.status(status);
        response.headers().setIfAbsent("Content-Type", CONTENT_TYPE);
        response.send(body);
    }

    /**
     * Serializes a value as this codec writes it into a response.
     *
     * @param value the value
     * @return the JSON, UTF-8
     * @throws HttpException 500 if Jackson cannot write the value
     */
    public byte[] bytes(Object value) {
        try {
            byte[] json = writer.writeValueAsBytes(value);
            if (options.pretty()) {
                byte[] lined = Arrays.copyOf(json, json.length + NEWLINE.length);
                lined[json.length] = NEWLINE[0];
                return lined;
            }
            return json;
        } catch (JsonProcessingException e) {
            throw Failures.write(e, value);
        }
    }

    /**
     * {@return middleware that makes this codec the one {@link Json} uses for the requests it passes}
     * Register it with an order after the {@code json} extension's (which is
     * {@code Middleware.OUTERMOST + 100}), {@code Middleware.DEFAULT} say, so that it wins.
     */
    public Middleware middleware() {
        return middleware;
    }

    private byte[] body(Request request) throws IOException {
        ContentTypes.require(request, options.allowMissingContentType());
        long limit = Math.min(Math.min(options.maxBodySize(), request.bodyLimit()), MAX_ARRAY);
        if (request.contentLength() > limit) {
            throw tooLarge(limit);
        }
        byte[] body = request.body().readNBytes((int) limit + 1);
        if (body.length > limit) {
            throw tooLarge(limit);
        }
        return body;
    }

    private static HttpException tooLarge(long limit) {
        return new HttpException(Status.CONTENT_TOO_LARGE, "JSON body larger than " + limit + " bytes");
    }

    /** One way of binding a positioned parser. */
    @FunctionalInterface
    private interface Binding<T> {
        T bind(ObjectMapper mapper, JsonParser parser) throws IOException;
    }

    private <T> T parse(byte[] json, Class<?> target, boolean nullAllowed, Binding<T> binding) {
        if (!utf8(json)) {
            throw new HttpException(Status.BAD_REQUEST, "the body is not UTF-8; JSON must be UTF-8");
        }
        JsonParser parser;
        try {
            parser = mapper.createParser(json);
        } catch (IOException e) {
            throw new HttpException(Status.INTERNAL_SERVER_ERROR, null, e);
        }
        try (parser) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw Failures.empty();
            }
            if (first == JsonToken.VALUE_NULL && !nullAllowed) {
                throw new HttpException(Status.BAD_REQUEST, "expected " + Failures.expected(target)
                        + " at the root, not null");
            }
            T value = binding.bind(mapper, parser);
            if (value == null && !nullAllowed) {
                throw new HttpException(Status.BAD_REQUEST, "expected " + Failures.expected(target) + " at the root");
            }
            trailing(parser);
            return value;
        } catch (JsonProcessingException e) {
            throw Failures.read(e, target, parser);
        } catch (CharConversionException e) {
            throw new HttpException(Status.BAD_REQUEST, "invalid UTF-8");
        } catch (IOException e) {
            // a byte array does not fail to read; keep the cause for the log all the same
            throw new HttpException(Status.INTERNAL_SERVER_ERROR, null, e);
        }
    }

    /**
     * Tells whether a body may be UTF-8 by its first bytes. Jackson guesses UTF-16 and UTF-32 from a
     * byte order mark or from NUL bytes among the first four (RFC 4627 section 3) and would decode such a
     * body; RFC 8259 section 8.1 allows only UTF-8, and a UTF-8 JSON text never holds a raw NUL.
     */
    private static boolean utf8(byte[] json) {
        if (json.length >= 2 && ((json[0] & 0xff) == 0xfe && (json[1] & 0xff) == 0xff
                || (json[0] & 0xff) == 0xff && (json[1] & 0xff) == 0xfe)) {
            return false;
        }
        for (int i = 0; i < json.length && i < 4; i++) {
            if (json[i] == 0) {
                return false;
            }
        }
        return true;
    }

    /** Refuses anything but whitespace after the value: a second value, or garbage. */
    private static void trailing(JsonParser parser) {
        JsonToken next;
        try {
            next = parser.nextToken();
        } catch (IOException e) {
            next = JsonToken.NOT_AVAILABLE;
        }
        if (next != null) {
            throw new HttpException(Status.BAD_REQUEST, "unexpected content after the JSON value");
        }
    }
}
