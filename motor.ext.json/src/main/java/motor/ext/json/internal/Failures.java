package motor.ext.json.internal;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.IgnoredPropertyException;
import com.fasterxml.jackson.databind.exc.InvalidDefinitionException;
import com.fasterxml.jackson.databind.exc.InvalidNullException;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.PropertyBindingException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.reflect.InaccessibleObjectException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import motor.spi.HttpException;
import motor.spi.Status;

/**
 * Turns Jackson's failures into HTTP answers that say where and what, without repeating the body.
 *
 * <p>Jackson's own messages quote the input ({@code Cannot deserialize value of type `int` from String
 * "<script>"}), so they never reach the client. A client error becomes a 400 (413 for the document
 * length) whose message is a reason in plain words and the JSON pointer (RFC 6901) of the place:
 * {@code expected an integer at /items/2/quantity}. The reason comes from the exception's type, the
 * target type, and for syntax errors a fixed phrase of Jackson's message mapped to one of ours; an
 * unrecognised phrase gives a generic reason rather than an echo. Pointer segments are the property
 * names of the document, so they are escaped, stripped of control characters and cut short.
 *
 * <p>A failure that is the server's (a type Jackson cannot bind, a package not opened to Jackson)
 * becomes a 500 whose cause, which the server logs, says what to fix.
 */
public final class Failures {

    /** The longest pointer segment quoted, in characters; longer ones are cut with an ellipsis. */
    static final int MAX_SEGMENT = 64;
    /** The longest pointer quoted, in characters. */
    static final int MAX_POINTER = 256;
    /** The most enum constants listed in a message. */
    static final int MAX_CONSTANTS = 10;

    private Failures() {
    }

    /**
     * Describes a failure to read a request body.
     *
     * @param failure what Jackson threw
     * @param target  the type the body was bound to, for the reason and for hints
     * @param parser  the parser that read the body: where it stands and what its limits are, when the
     *                failure does not say
     * @return the exception to throw: 400 or 413 for the client's mistakes, 500 for the server's
     */
    public static HttpException read(JsonProcessingException failure, Class<?> target, JsonParser parser) {
        HttpException server = serverSide(failure, target, "bind a request body to");
        if (server != null) {
            return server;
        }
        if (failure instanceof JsonMappingException mapping) {
            return mapping(mapping, target, parser);
        }
        return streaming(failure, parser);
    }

    /**
     * Describes a failure to write a response body: always the server's; a 500 whose logged cause says
     * what to fix.
     *
     * @param failure what Jackson threw
     * @param value   the value being written
     * @return the exception to throw
     */
    public static HttpException write(JsonProcessingException failure, Object value) {
        Class<?> type = value == null ? Object.class : value.getClass();
        HttpException server = serverSide(failure, type, "write");
        if (server != null) {
            return server;
        }
        return new HttpException(Status.INTERNAL_SERVER_ERROR, null,
                new IllegalStateException("cannot write " + type.getName() + " as JSON: " + failure.getOriginalMessage(),
                        failure));
    }

    /** A failure of the server's making, or null when the client's. */
    private static HttpException serverSide(JsonProcessingException failure, Class<?> type, String doing) {
        String inaccessible = inaccessiblePackage(failure);
        if (inaccessible != null) {
            String pkg = inaccessible.isEmpty() ? type.getPackageName() : inaccessible;
            String module = type.getModule().isNamed() ? type.getModule().getName() : "the application's module";
            return new HttpException(Status.INTERNAL_SERVER_ERROR, null, new IllegalStateException(
                    "Jackson may not reflect on the classes of package " + pkg + ", so it cannot " + doing + " "
                    + type.getName() + ". Add 'opens " + pkg + " to com.fasterxml.jackson.databind;' to the"
                    + " module-info of " + module + " (see docs/json.md)", failure));
        }
        if (failure instanceof InvalidDefinitionException definition) {
            String hint = definition.getOriginalMessage();
            if (hint != null && hint.contains("jackson-datatype-jsr310")) {
                hint = hint + " (register it with a JsonCustomizer: mapper.registerModule(new JavaTimeModule()))";
            }
            return new HttpException(Status.INTERNAL_SERVER_ERROR, null, new IllegalStateException(
                    "Jackson cannot " + doing + " " + type.getName() + ": " + hint, failure));
        }
        return null;
    }

    /**
     * Finds whether a failure comes from the module system refusing Jackson access: the package named
     * in the JDK's message, "" when it names none, or null when access was not the problem. Jackson
     * sometimes keeps the {@link InaccessibleObjectException} as a cause and sometimes only its message.
     */
    static String inaccessiblePackage(Throwable failure) {
        int depth = 0;
        for (Throwable t = failure; t != null && depth < 16; t = t.getCause(), depth++) {
            String message = t.getMessage();
            // only the message of a failure about types, never of one about the input: an unknown
            // property's message quotes the property's name, which a client chooses
            boolean aboutTypes = t instanceof InvalidDefinitionException
                    || t instanceof IllegalArgumentException && !(t instanceof HttpException);
            if (t instanceof InaccessibleObjectException || t instanceof IllegalAccessException
                    || aboutTypes && message != null && message.contains("InaccessibleObjectException")) {
                String named = quotedPackage(message, "\"opens ");
                if (named == null) {
                    named = quotedPackage(message, "\"exports ");
                }
                return named == null ? "" : named;
            }
        }
        return null;
    }

    private static String quotedPackage(String message, String marker) {
        if (message == null) {
            return null;
        }
        int at = message.indexOf(marker);
        if (at < 0) {
            return null;
        }
        int start = at + marker.length();
        int end = message.indexOf('"', start);
        return end < 0 ? null : message.substring(start, end);
    }

    /** Failures of binding: the parser read fine, the value did not fit the type. */
    private static HttpException mapping(JsonMappingException failure, Class<?> target, JsonParser parser) {
        List<JsonMappingException.Reference> path = failure.getPath();
        if (failure instanceof PropertyBindingException property) {
            // the path ends with the property itself; the place is the object that holds it
            String where = at(pointer(path.subList(0, Math.max(0, path.size() - 1))));
            String name = quote(property.getPropertyName());
            return bad(property instanceof IgnoredPropertyException
                    ? "property " + name + " is not accepted " + where
                    : "unknown property " + name + " " + where);
        }
        String where = at(pointer(path));
        if (failure instanceof InvalidNullException) {
            return bad("null is not allowed " + where);
        }
        if (failure instanceof InvalidTypeIdException) {
            return bad("missing or unknown type id " + where);
        }
        if (failure instanceof ValueInstantiationException instantiation) {
            if (instantiation.getCause() instanceof HttpException chosen) {
                return chosen; // the type's constructor chose its own answer
            }
            return bad("value not accepted " + where);
        }
        if (failure instanceof MismatchedInputException mismatch) {
            String message = String.valueOf(mismatch.getOriginalMessage());
            if (message.startsWith("Trailing token")) {
                return bad("unexpected content after the JSON value");
            }
            if (message.startsWith("No content to map")) {
                return empty();
            }
            if (message.startsWith("Missing required creator property")) {
                return bad("missing property " + quote(between(message, '\'')) + " " + where);
            }
            Class<?> type = mismatch.getTargetType();
            return bad("expected " + expected(type == null ? target : type) + " " + where);
        }
        Throwable cause = failure.getCause();
        if (cause instanceof HttpException chosen) {
            return chosen;
        }
        if (cause instanceof JsonProcessingException processing && !(cause instanceof JsonMappingException)) {
            return streaming(processing, parser); // a parser failure met while binding
        }
        // a setter or a custom deserializer refused the value
        return bad("value not accepted " + where);
    }

    /** Failures of the parser: syntax, limits, number ranges. */
    private static HttpException streaming(JsonProcessingException failure, JsonParser reader) {
        JsonParser parser = failure instanceof StreamReadException read && read.getProcessor() instanceof JsonParser p
                ? p : reader;
        String where = " " + at(pointer(parser.getParsingContext()));
        String message = String.valueOf(failure.getOriginalMessage());
        if (failure instanceof StreamConstraintsException) {
            StreamReadConstraints limits = parser.streamReadConstraints();
            if (message.startsWith("Document nesting depth")) {
                return bad("JSON nested deeper than " + limits.getMaxNestingDepth() + " levels");
            }
            if (message.startsWith("String value length")) {
                return bad("string longer than " + limits.getMaxStringLength() + " characters" + where);
            }
            if (message.startsWith("Number value length")) {
                return bad("number longer than " + limits.getMaxNumberLength() + " characters" + where);
            }
            if (message.startsWith("Name length")) {
                return bad("property name longer than " + limits.getMaxNameLength() + " characters" + where);
            }
            if (message.startsWith("Document length")) {
                return new HttpException(Status.CONTENT_TOO_LARGE,
                        "JSON document larger than " + limits.getMaxDocumentLength() + " bytes");
            }
            if (message.startsWith("Token count")) {
                return bad("JSON document has more than " + limits.getMaxTokenCount() + " tokens");
            }
            return bad("number out of range" + where); // BigInteger/BigDecimal scale limits
        }
        if (failure instanceof InputCoercionException coercion) {
            return bad("number out of range" + range(coercion.getTargetType()) + where);
        }
        String reason = failure instanceof JsonEOFException ? "unexpected end of input" : syntax(message);
        return bad(reason + where + location(failure.getLocation()));
    }

    /**
     * Maps a Jackson syntax message to a reason of ours by its fixed opening or phrase; the quoted input
     * that follows in Jackson's text is never used.
     */
    static String syntax(String message) {
        if (message.startsWith("Unexpected end-of-input")) {
            return "unexpected end of input";
        }
        if (message.contains("numeric value") || message.startsWith("Leading zeroes")
                || message.startsWith("Exponent indicator") || message.startsWith("No digit following")
                || message.startsWith("Decimal point not followed") || message.startsWith("Numeric value")) {
            return "invalid number";
        }
        if (message.startsWith("Unexpected character")) {
            if (message.contains("comma to separate Object entries")) {
                return "expected ',' or '}'";
            }
            if (message.contains("comma to separate Array entries")) {
                return "expected ',' or ']'";
            }
            if (message.contains("double-quote to start field name")) {
                return "expected a property name in double quotes";
            }
            if (message.contains("colon to separate field name and value")) {
                return "expected ':'";
            }
            if (message.contains("valid value") || message.contains("expected a value")) {
                return "expected a value";
            }
            if (message.contains("root-level values")) {
                return "unexpected content after the JSON value";
            }
            return "unexpected character";
        }
        if (message.startsWith("Unexpected close marker")) {
            return "closing bracket does not match the opening one";
        }
        if (message.startsWith("Unrecognized token")) {
            return "invalid token; expected a value (an object, array, string, number, true, false or null)";
        }
        if (message.startsWith("Illegal unquoted character")) {
            return "control character in a string; it must be escaped";
        }
        if (message.startsWith("Unrecognized character escape") || message.contains("surrogate")
                || message.contains("escape sequence")) {
            return "invalid escape sequence in a string";
        }
        if (message.contains("Invalid UTF-8") || message.contains("Invalid UTF-16") || message.contains("Invalid UTF-32")) {
            return "invalid UTF-8";
        }
        if (message.startsWith("Duplicate field")) {
            return "duplicate property";
        }
        if (message.startsWith("Non-standard token")) {
            return "NaN and Infinity are not JSON numbers";
        }
        if (message.startsWith("Illegal character")) {
            return "illegal character";
        }
        return "malformed JSON";
    }

    /**
     * {@return a short phrase for what a type expects: "an integer", "an array", "one of RED, GREEN"}
     *
     * @param type the type, or null when unknown
     */
    public static String expected(Class<?> type) {
        if (type == null) {
            return "a different value";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type == int.class || type == long.class || type == short.class || type == byte.class
                || type == Integer.class || type == Long.class || type == Short.class || type == Byte.class
                || type == BigInteger.class) {
            return "an integer";
        }
        if (type == double.class || type == float.class || type == Double.class || type == Float.class
                || type == BigDecimal.class || Number.class.isAssignableFrom(type)) {
            return "a number";
        }
        if (type == char.class || type == Character.class) {
            return "a string of one character";
        }
        if (type == String.class || type == CharSequence.class) {
            return "a string";
        }
        if (type == UUID.class) {
            return "a UUID string";
        }
        if (type == byte[].class) {
            return "a base64 string";
        }
        if (type.isEnum()) {
            Object[] constants = type.getEnumConstants();
            StringBuilder names = new StringBuilder("one of ");
            for (int i = 0; i < constants.length && i < MAX_CONSTANTS; i++) {
                names.append(i == 0 ? "" : ", ").append(((Enum<?>) constants[i]).name());
            }
            return constants.length > MAX_CONSTANTS ? names.append(", ...").toString() : names.toString();
        }
        if (type.isArray() || Collection.class.isAssignableFrom(type) || ArrayNode.class.isAssignableFrom(type)) {
            return "an array";
        }
        if (ObjectNode.class.isAssignableFrom(type)) {
            return "an object";
        }
        if (JsonNode.class.isAssignableFrom(type)) {
            return "a JSON value";
        }
        if (Map.class.isAssignableFrom(type) || !type.getName().startsWith("java.")) {
            return "an object";
        }
        return "a valid " + type.getSimpleName();
    }

    private static String range(Class<?> type) {
        if (type == int.class || type == Integer.class) {
            return " (expected an integer from " + Integer.MIN_VALUE + " to " + Integer.MAX_VALUE + ")";
        }
        if (type == long.class || type == Long.class) {
            return " (expected an integer from " + Long.MIN_VALUE + " to " + Long.MAX_VALUE + ")";
        }
        if (type == short.class || type == Short.class) {
            return " (expected an integer from " + Short.MIN_VALUE + " to " + Short.MAX_VALUE + ")";
        }
        if (type == byte.class || type == Byte.class) {
            return " (expected an integer from " + Byte.MIN_VALUE + " to 255)";
        }
        return "";
    }

    /** "at /a/b", or "at the root" for the empty pointer. */
    static String at(String pointer) {
        return pointer.isEmpty() ? "at the root" : "at " + pointer;
    }

    private static String location(JsonLocation location) {
        if (location == null || location.getLineNr() < 1) {
            return "";
        }
        return " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }

    /** The pointer of the place a parser stands: its context's names and indices, outermost first. */
    static String pointer(JsonStreamContext context) {
        Deque<String> segments = new ArrayDeque<>();
        for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
            if (c.inArray() && c.getCurrentIndex() >= 0) {
                segments.addFirst(Integer.toString(c.getCurrentIndex()));
            } else if (c.inObject() && c.getCurrentName() != null) {
                segments.addFirst(c.getCurrentName());
            }
        }
        return join(segments);
    }

    /** The pointer of a binding path. */
    static String pointer(List<JsonMappingException.Reference> path) {
        Deque<String> segments = new ArrayDeque<>();
        for (JsonMappingException.Reference reference : path) {
            if (reference.getFieldName() != null) {
                segments.addLast(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                segments.addLast(Integer.toString(reference.getIndex()));
            }
        }
        return join(segments);
    }

    private static String join(Iterable<String> segments) {
        StringBuilder pointer = new StringBuilder();
        for (String segment : segments) {
            if (pointer.length() >= MAX_POINTER) {
                pointer.append("...");
                break;
            }
            pointer.append('/');
            escape(pointer, segment, true);
        }
        return pointer.toString();
    }

    /** A property name in single quotes, made safe to show. */
    static String quote(String name) {
        StringBuilder out = new StringBuilder().append('\'');
        escape(out, name == null ? "" : name, false);
        return out.append('\'').toString();
    }

    /**
     * Appends a name from the document: as a pointer segment ({@code ~0}, {@code ~1}) when asked,
     * control, format and line-separator characters as {@code \}{@code uXXXX}, cut at
     * {@link #MAX_SEGMENT} characters.
     */
    static void escape(StringBuilder out, String name, boolean segment) {
        int n = Math.min(name.length(), MAX_SEGMENT);
        for (int i = 0; i < n; i++) {
            char c = name.charAt(i);
            if (segment && c == '~') {
                out.append("~0");
            } else if (segment && c == '/') {
                out.append("~1");
            } else if (c < 0x20 || c >= 0x7f && c < 0xa0 || c == '\\' || c == '\'' && !segment
                    || Character.getType(c) == Character.FORMAT || Character.getType(c) == Character.LINE_SEPARATOR
                    || Character.getType(c) == Character.PARAGRAPH_SEPARATOR || Character.isSurrogate(c)) {
                out.append("\\u");
                for (int shift = 12; shift >= 0; shift -= 4) {
                    out.append(Character.forDigit((c >> shift) & 0xf, 16));
                }
            } else {
                out.append(c);
            }
        }
        if (name.length() > n) {
            out.append("...");
        }
    }

    private static String between(String message, char quote) {
        int start = message.indexOf(quote);
        int end = start < 0 ? -1 : message.indexOf(quote, start + 1);
        return end < 0 ? "" : message.substring(start + 1, end);
    }

    /** The answer to a body with no JSON value in it. */
    public static HttpException empty() {
        return bad("request body is empty; a JSON value is expected");
    }

    private static HttpException bad(String message) {
        return new HttpException(Status.BAD_REQUEST, message);
    }
}
