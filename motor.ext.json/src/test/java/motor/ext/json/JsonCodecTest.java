package motor.ext.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import motor.ext.json.test.Color;
import motor.ext.json.test.Even;
import motor.ext.json.test.Item;
import motor.ext.json.test.Order;
import motor.ext.json.test.Positive;
import motor.ext.json.test.User;
import motor.ext.json.test.closed.Hidden;
import motor.spi.HttpException;
import motor.spi.Request;
import motor.test.TestRequest;
import org.junit.jupiter.api.Test;

/**
 * The codec on bytes, without sockets: what binds, and for what does not, the status and the message
 * with its reason and JSON pointer.
 */
class JsonCodecTest {

    private final JsonCodec codec = JsonCodec.create(JsonOptions.defaults());

    /** A POST with this body and {@code Content-Type}, in memory. */
    private static TestRequest post(String contentType, String body) {
        return TestRequest.builder("POST", "/").header("Content-Type", contentType).body(body).build();
    }

    /** A JSON POST whose body has no declared length and arrives one byte per read, as a slow client's. */
    private static TestRequest trickled(byte[] body) {
        return TestRequest.builder("POST", "/").header("Content-Type", "application/json")
                .body(new ByteArrayInputStream(body), -1).readSize(1).build();
    }

    private HttpException failure(JsonCodec codec, String json, Class<?> type) {
        return assertThrows(HttpException.class, () -> codec.read(json.getBytes(StandardCharsets.UTF_8), type));
    }

    private void fails(String json, Class<?> type, int status, String message) {
        HttpException e = failure(codec, json, type);
        assertEquals(message, e.getMessage(), json);
        assertEquals(status, e.status(), json);
    }

    @Test
    void bindsRecordsListsEnumsAndNesting() {
        Order order = codec.read("""
                {"customer":{"name":"Ada","age":36},"items":[{"name":"pen","price":1.5,"quantity":2}],
                 "color":"GREEN","express":true}""".getBytes(StandardCharsets.UTF_8), Order.class);
        assertEquals(new Order(new User("Ada", 36), List.of(new Item("pen", 1.5, 2)), Color.GREEN, true), order);
    }

    @Test
    void mistypedFieldGivesPointerAndExpectedKind() {
        fails("{\"customer\":{\"name\":\"a\",\"age\":\"x\"}}", Order.class, 400, "expected an integer at /customer/age");
        fails("{\"items\":[{\"price\":1},{\"price\":2},{\"price\":\"abc\"}]}", Order.class, 400,
                "expected a number at /items/2/price");
        fails("{\"express\":\"maybe\"}", Order.class, 400, "expected true or false at /express");
        fails("{\"items\":{}}", Order.class, 400, "expected an array at /items");
        fails("{\"items\":[[]]}", Order.class, 400, "expected an object at /items/0");
        fails("{\"color\":\"PINK\"}", Order.class, 400, "expected one of RED, GREEN, BLUE at /color");
        fails("{\"customer\":{\"name\":[]}}", Order.class, 400, "expected a string at /customer/name");
        fails("\"zz\"", java.util.UUID.class, 400, "expected a UUID string at the root");
    }

    @Test
    void aFloatIsNotTruncatedIntoAnInteger() {
        fails("{\"customer\":{\"age\":1.5}}", Order.class, 400, "expected an integer at /customer/age");
    }

    @Test
    void numberOutOfRangeNamesTheRange() {
        fails("{\"age\":99999999999}", User.class, 400,
                "number out of range (expected an integer from -2147483648 to 2147483647) at /age");
    }

    @Test
    void missingEndGivesThePlaceWhereInputStopped() {
        fails("{\"customer\":{\"name\":", Order.class, 400, "unexpected end of input at /customer/name (line 1, column 21)");
        fails("{\"name\":\"abc", User.class, 400, "unexpected end of input at /name (line 1, column 13)");
        fails("[1,2", List.class, 400, "unexpected end of input at /1 (line 1, column 5)");
        fails("{", Map.class, 400, "unexpected end of input at the root (line 1, column 2)");
    }

    @Test
    void wrongRootType() {
        fails("[1,2]", Order.class, 400, "expected an object at the root");
        fails("\"x\"", Order.class, 400, "expected an object at the root");
        fails("{}", List.class, 400, "expected an array at the root");
        fails("null", Order.class, 400, "expected an object at the root, not null");
    }

    @Test
    void unknownPropertyNamesItAndItsObject() {
        fails("{\"customer\":{\"nick\":\"a\"}}", Order.class, 400, "unknown property 'nick' at /customer");
        fails("{\"nick\":\"a\"}", User.class, 400, "unknown property 'nick' at the root");
        User lenient = JsonCodec.create(JsonOptions.defaults().withFailOnUnknownProperties(false))
                .read("{\"name\":\"a\",\"nick\":\"b\"}".getBytes(StandardCharsets.UTF_8), User.class);
        assertEquals(new User("a", 0), lenient);
    }

    @Test
    void tooDeep() {
        JsonCodec shallow = JsonCodec.create(JsonOptions.defaults().withMaxDepth(3));
        assertEquals(List.of(List.of(List.of(1))), shallow.read("[[[1]]]".getBytes(StandardCharsets.UTF_8), List.class));
        HttpException e = failure(shallow, "[[[[1]]]]", List.class);
        assertEquals(400, e.status());
        assertEquals("JSON nested deeper than 3 levels", e.getMessage());
        assertEquals("JSON nested deeper than 3 levels", failure(shallow, "{\"a\":{\"b\":{\"c\":{}}}}", Map.class).getMessage());
        // the default, and the deep document an attacker would send
        String deep = "[".repeat(100_000);
        assertEquals("JSON nested deeper than 100 levels", failure(codec, deep, Object.class).getMessage());
    }

    @Test
    void tooLong() {
        JsonCodec small = JsonCodec.create(JsonOptions.defaults().withMaxStringLength(5).withMaxNumberLength(4)
                .withMaxNameLength(6));
        assertEquals("string longer than 5 characters at /name",
                failure(small, "{\"name\":\"abcdef\"}", User.class).getMessage());
        assertEquals("number longer than 4 characters at /age",
                failure(small, "{\"age\":12345}", User.class).getMessage());
        assertEquals("property name longer than 6 characters at the root",
                failure(small, "{\"abcdefg\":1}", Map.class).getMessage());
        assertEquals(new User("abcde", 1234), small.read("{\"name\":\"abcde\",\"age\":1234}"
                .getBytes(StandardCharsets.UTF_8), User.class));
        // a number long enough to make BigInteger parsing slow is refused before it is parsed
        assertEquals("number longer than 100 characters at the root",
                failure(codec, "1".repeat(100_000), java.math.BigInteger.class).getMessage());
    }

    @Test
    void documentLargerThanTheLimitIs413() {
        JsonCodec tiny = JsonCodec.create(JsonOptions.defaults().withMaxBodySize(10));
        HttpException e = failure(tiny, "[1,2,3,4,5,6]", List.class);
        assertEquals(413, e.status());
        assertEquals("JSON body larger than 10 bytes", e.getMessage());
    }

    @Test
    void syntaxErrors() {
        fails("{\"a\" 1}", Map.class, 400, "expected ':' at /a (line 1, column 6)");
        fails("{\"a\":1 \"b\":2}", Map.class, 400, "expected ',' or '}' at /a (line 1, column 8)");
        fails("[1 2]", List.class, 400, "expected ',' or ']' at /1 (line 1, column 4)");
        fails("{a:1}", Map.class, 400, "expected a property name in double quotes at the root (line 1, column 2)");
        fails("[1,]", List.class, 400, "expected a value at /1 (line 1, column 4)");
        fails("[1,2,tru]", List.class, 400,
                "invalid token; expected a value (an object, array, string, number, true, false or null) at /2 (line 1, column 6)");
        fails("[1}", List.class, 400, "closing bracket does not match the opening one at /0 (line 1, column 3)");
        fails("\"a\u0001b\"", String.class, 400, "control character in a string; it must be escaped at the root (line 1, column 3)");
        fails("\"a\\qb\"", String.class, 400, "invalid escape sequence in a string at the root (line 1, column 4)");
        fails("[NaN]", List.class, 400, "NaN and Infinity are not JSON numbers at /0 (line 1, column 5)");
        fails("[01]", List.class, 400, "invalid number at /0 (line 1, column 3)");
        fails("[1.]", List.class, 400, "invalid number at /0 (line 1, column 4)");
        fails("{'a':1}", Map.class, 400, "expected a property name in double quotes at the root (line 1, column 2)");
        fails("[1] // comment", List.class, 400, "unexpected content after the JSON value");
    }

    @Test
    void invalidUtf8() {
        byte[] json = {'"', (byte) 0xff, '"'};
        HttpException e = assertThrows(HttpException.class, () -> codec.read(json, String.class));
        assertEquals(400, e.status());
        assertTrue(e.getMessage().startsWith("invalid UTF-8 at the root"), e.getMessage());
    }

    @Test
    void utf16AndUtf32AreRefusedEvenThoughJacksonCouldGuessThem() {
        for (java.nio.charset.Charset charset : List.of(StandardCharsets.UTF_16, StandardCharsets.UTF_16LE,
                StandardCharsets.UTF_16BE, java.nio.charset.Charset.forName("UTF-32"))) {
            byte[] json = "{\"name\":\"a\"}".getBytes(charset);
            HttpException e = assertThrows(HttpException.class, () -> codec.read(json, User.class), charset.name());
            assertEquals(400, e.status());
            assertEquals("the body is not UTF-8; JSON must be UTF-8", e.getMessage());
        }
        byte[] bom = {(byte) 0xef, (byte) 0xbb, (byte) 0xbf, '[', '1', ']'};
        assertEquals(List.of(1), codec.read(bom, List.class), "a UTF-8 byte order mark is ignored (RFC 8259 section 8.1)");
    }

    @Test
    void trailingContentAfterTheValue() {
        fails("{} x", Order.class, 400, "unexpected content after the JSON value");
        fails("{}{}", Map.class, 400, "unexpected content after the JSON value");
        fails("1 2", Integer.class, 400, "unexpected content after the JSON value");
        assertEquals(Map.of(), codec.read("\n {} \r\n\t ".getBytes(StandardCharsets.UTF_8), Map.class));
    }

    @Test
    void emptyBody() {
        fails("", Order.class, 400, "request body is empty; a JSON value is expected");
        fails(" \r\n\t", Order.class, 400, "request body is empty; a JSON value is expected");
    }

    @Test
    void duplicateKeysAreRefusedUnlessAllowed() {
        fails("{\"a\":1,\"a\":2}", Map.class, 400, "duplicate property at /a (line 1, column 11)");
        fails("{\"customer\":{\"name\":\"x\",\"name\":\"y\"}}", Order.class, 400,
                "duplicate property at /customer/name (line 1, column 31)");
        JsonCodec lenient = JsonCodec.create(JsonOptions.defaults().withRejectDuplicateKeys(false));
        assertEquals(Map.of("a", 2), lenient.read("{\"a\":1,\"a\":2}".getBytes(StandardCharsets.UTF_8), Map.class));
    }

    @Test
    void messagesNeverRepeatValues() {
        String secret = "<script>s3cr3t</script>";
        for (String json : List.of("{\"age\":\"" + secret + "\"}", "{\"name\":\"" + secret, "[\"" + secret + "\" x]",
                "{\"color\":\"" + secret + "\"}", secret, "\"" + secret + "\u0001\"")) {
            HttpException e = failure(codec, json, json.startsWith("{\"color") ? Order.class : User.class);
            assertFalse(e.getMessage().contains("s3cr3t"), e.getMessage());
            assertFalse(e.getMessage().contains("<"), e.getMessage());
        }
        HttpException e = failure(codec, "{\"value\":31337}", Even.class);
        assertEquals("value not accepted at the root", e.getMessage());
    }

    @Test
    void namesFromTheDocumentAreEscapedAndCut() {
        assertEquals("unknown property '\\u0000a/~\\u000a\\u2028' at the root",
                failure(codec, "{\"\\u0000a/~\\n\\u2028\":1}", User.class).getMessage());
        HttpException inMap = assertThrows(HttpException.class, () -> codec.read(
                "{\"a/b~c\":{\"age\":\"x\"}}".getBytes(StandardCharsets.UTF_8), new TypeReference<Map<String, User>>() { }));
        assertEquals("expected an integer at /a~1b~0c/age", inMap.getMessage());
        String longName = "n".repeat(500);
        String message = failure(codec, "{\"" + longName + "\":1}", User.class).getMessage();
        assertEquals("unknown property '" + "n".repeat(64) + "...' at the root", message);
    }

    @Test
    void typeMayChooseItsOwnAnswer() {
        fails("{\"value\":0}", Positive.class, 422, "value must be more than 0");
        assertEquals(new Positive(3), codec.read("{\"value\":3}".getBytes(StandardCharsets.UTF_8), Positive.class));
    }

    @Test
    void packageNotOpenedToJacksonIs500WithAHint() {
        HttpException e = failure(codec, "{\"name\":\"x\"}", Hidden.class);
        assertEquals(500, e.status());
        assertNull(e.getMessage(), "nothing about the server's classes goes to the client");
        String hint = e.getCause().getMessage();
        assertTrue(hint.contains("opens motor.ext.json.test.closed to com.fasterxml.jackson.databind"), hint);
        HttpException write = assertThrows(HttpException.class, () -> codec.bytes(new Hidden("x")));
        assertEquals(500, write.status());
        assertTrue(write.getCause().getMessage().contains("opens motor.ext.json.test.closed to com.fasterxml.jackson.databind"),
                write.getCause().getMessage());
    }

    @Test
    void aClientCannotPassForTheServersFailure() {
        fails("{\"InaccessibleObjectException does not \\\"opens x\\\"\":1}", User.class, 400,
                "unknown property 'InaccessibleObjectException does not \"opens x\"' at the root");
    }

    @Test
    void missingJavaTimeModuleIs500WithAHint() {
        HttpException e = failure(codec, "\"2020-01-01\"", java.time.LocalDate.class);
        assertEquals(500, e.status());
        assertTrue(e.getCause().getMessage().contains("JsonCustomizer"), e.getCause().getMessage());
    }

    @Test
    void genericTypesAndTrees() throws Exception {
        List<Item> items = codec.read(post("application/json", "[{\"name\":\"a\",\"price\":1,\"quantity\":2}]"),
                new TypeReference<List<Item>>() { });
        assertEquals(List.of(new Item("a", 1, 2)), items);
        HttpException e = assertThrows(HttpException.class, () -> codec.read(
                post("application/json", "[{\"name\":\"a\"},{\"price\":\"x\"}]"), new TypeReference<List<Item>>() { }));
        assertEquals("expected a number at /1/price", e.getMessage());
        JsonNode tree = codec.tree(post("application/json", "{\"a\":[1,{\"b\":null}]}"));
        assertTrue(tree.at("/a/1/b").isNull());
        assertTrue(codec.tree(post("application/json", "null")).isNull());
        assertEquals("JSON nested deeper than 100 levels", assertThrows(HttpException.class,
                () -> codec.tree(post("application/json", "[".repeat(101) + "]".repeat(101)))).getMessage());
    }

    @Test
    void bodyArrivingOneByteAtATime() throws Exception {
        byte[] body = "{\"name\":\"Ada\",\"age\":36}".getBytes(StandardCharsets.UTF_8);
        Request request = trickled(body);
        assertEquals(new User("Ada", 36), codec.read(request, User.class));
        JsonCodec tiny = JsonCodec.create(JsonOptions.defaults().withMaxBodySize(body.length - 1));
        HttpException e = assertThrows(HttpException.class, () -> tiny.read(
                trickled(body), User.class));
        assertEquals(413, e.status());
    }

    @Test
    void theRouteLimitAppliesWhenSmaller() {
        Request request = post("application/json", "[1,2,3]");
        request.bodyLimit(3);
        HttpException e = assertThrows(HttpException.class, () -> codec.read(request, List.class));
        assertEquals(413, e.status());
        assertEquals("JSON body larger than 3 bytes", e.getMessage());
    }

    @Test
    void customizerRunsLastAndWins() {
        JsonCodec snake = JsonCodec.create(JsonOptions.defaults(), mapper -> mapper
                .setPropertyNamingStrategy(PropertyNamingStrategies.UPPER_CAMEL_CASE));
        assertEquals("{\"Name\":\"a\",\"Age\":1}", new String(snake.bytes(new User("a", 1)), StandardCharsets.UTF_8));
        assertEquals(new User("b", 2), snake.read("{\"Name\":\"b\",\"Age\":2}".getBytes(StandardCharsets.UTF_8), User.class));
    }

    @Test
    void writesCompactOrPretty() {
        assertEquals("{\"name\":\"a\",\"age\":1}", new String(codec.bytes(new User("a", 1)), StandardCharsets.UTF_8));
        String pretty = new String(JsonCodec.create(JsonOptions.defaults().withPretty(true)).bytes(Map.of("a", 1)),
                StandardCharsets.UTF_8);
        assertEquals("{\n  \"a\" : 1\n}\n", pretty);
        assertEquals("null", new String(codec.bytes(null), StandardCharsets.UTF_8));
    }

    @Test
    void optionsRefuseLimitsBelowOne() {
        assertThrows(IllegalArgumentException.class, () -> JsonOptions.defaults().withMaxDepth(0));
        assertThrows(IllegalArgumentException.class, () -> JsonOptions.defaults().withMaxBodySize(-1));
        JsonOptions options = JsonOptions.defaults().withMaxDepth(7).withPretty(true).withAllowMissingContentType(true);
        assertEquals(7, options.maxDepth());
        assertTrue(options.pretty() && options.allowMissingContentType());
        assertEquals(JsonOptions.DEFAULT_MAX_BODY_SIZE, options.maxBodySize());
    }
}
