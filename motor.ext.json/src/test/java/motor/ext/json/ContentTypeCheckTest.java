package motor.ext.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import motor.ext.json.test.User;
import motor.spi.HttpException;
import motor.spi.Request;
import motor.test.TestRequest;
import org.junit.jupiter.api.Test;

/** The codec's header checks on in-memory requests: the 415 answers and the headers that come with them. */
class ContentTypeCheckTest {

    private final JsonCodec codec = JsonCodec.create(JsonOptions.defaults());
    private static final byte[] BODY = "{\"name\":\"a\",\"age\":1}".getBytes(StandardCharsets.UTF_8);

    /** A request with the body above and these header names and values, in memory. */
    private static Request request(String method, String... headers) {
        return TestRequest.builder(method, "/").headers(headers).body(BODY).build();
    }

    private HttpException refused(String method, String... headers) {
        return assertThrows(HttpException.class, () -> codec.read(request(method, headers), User.class));
    }

    @Test
    void wrongTypeIs415WithAcceptPostOrPatch() {
        HttpException post = refused("POST", "Content-Type", "application/x-www-form-urlencoded");
        assertEquals(415, post.status());
        assertEquals("Content-Type must be application/json or another JSON type (application/*+json)", post.getMessage());
        assertEquals("application/json", post.headers().first("Accept-Post"));
        assertNull(post.headers().first("Accept-Encoding"), "RFC 7694: Accept-Encoding only for a coding problem");
        HttpException patch = refused("PATCH", "Content-Type", "text/plain");
        assertEquals("application/json", patch.headers().first("Accept-Patch"));
        HttpException put = refused("PUT", "Content-Type", "text/plain");
        assertEquals(415, put.status());
        assertEquals(0, put.headers().size());
    }

    @Test
    void missingTypeIs415UnlessAllowed() throws Exception {
        HttpException e = refused("POST");
        assertEquals(415, e.status());
        assertEquals("Content-Type is missing; JSON is expected (application/json)", e.getMessage());
        JsonCodec lenient = JsonCodec.create(JsonOptions.defaults().withAllowMissingContentType(true));
        assertEquals(new User("a", 1), lenient.read(request("POST"), User.class));
        HttpException stillChecked = assertThrows(HttpException.class, () -> lenient.read(
                request("POST", "Content-Type", "text/plain"), User.class));
        assertEquals(415, stillChecked.status());
    }

    @Test
    void charsetOtherThanUtf8Is415() {
        HttpException e = refused("POST", "Content-Type", "application/json; charset=iso-8859-1");
        assertEquals(415, e.status());
        assertEquals("JSON must be encoded as UTF-8; only charset=utf-8 is accepted", e.getMessage());
    }

    @Test
    void malformedTypeIs415AndTwoTypesAre400() {
        HttpException e = refused("POST", "Content-Type", "application/json; charset");
        assertEquals(415, e.status());
        assertEquals("Content-Type is not a valid media type", e.getMessage());
        HttpException two = refused("POST", "Content-Type", "application/json", "Content-Type", "text/plain");
        assertEquals(400, two.status());
    }

    @Test
    void undecodedContentEncodingIs415WithAcceptEncodingIdentity() {
        HttpException e = refused("POST", "Content-Type", "application/json", "Content-Encoding", "gzip");
        assertEquals(415, e.status());
        assertEquals("identity", e.headers().first("Accept-Encoding"));
    }

    @Test
    void plusJsonAndUtf8CharsetAreRead() throws Exception {
        for (String type : new String[] {"application/json; charset=utf-8", "application/merge-patch+json",
                "Application/JSON;Charset=\"UTF-8\""}) {
            assertEquals(new User("a", 1), codec.read(request("PATCH", "Content-Type", type),
                    User.class), type);
        }
    }
}
