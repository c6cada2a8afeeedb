package motor.ext.json.internal;

import static motor.ext.json.internal.ContentTypes.Verdict.JSON;
import static motor.ext.json.internal.ContentTypes.Verdict.MALFORMED;
import static motor.ext.json.internal.ContentTypes.Verdict.MISSING;
import static motor.ext.json.internal.ContentTypes.Verdict.NOT_JSON;
import static motor.ext.json.internal.ContentTypes.Verdict.NOT_UTF8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import motor.spi.Headers;
import org.junit.jupiter.api.Test;

/** The Content-Type check on strings, without requests. */
class ContentTypesTest {

    @Test
    void jsonAndPlusJsonInAnyCaseWithParameters() {
        for (String value : List.of("application/json", "APPLICATION/JSON", "Application/Json",
                "application/json; charset=utf-8", "application/json;charset=UTF-8", "application/json ; charset=\"utf-8\"",
                "application/json;charset=utf8", "application/json; v=2", "application/json;;", "application/json; ;a=b",
                "application/problem+json", "application/merge-patch+json", "application/vnd.api+json; ext=\"a b\"",
                "application/json-patch+json", "application/JSON\t;\tcharset=utf-8", "application/json; q=\"a\\\"b\"")) {
            assertEquals(JSON, ContentTypes.classify(value), value);
        }
    }

    @Test
    void otherTypesAreNotJson() {
        for (String value : List.of("text/plain", "application/x-www-form-urlencoded", "text/json", "application/jsonp",
                "application/xjson", "application/+json", "multipart/form-data; boundary=x", "json/application",
                "application/json+xml", "text/x+json", "application/octet-stream")) {
            assertEquals(NOT_JSON, ContentTypes.classify(value), value);
        }
    }

    @Test
    void aCharsetOtherThanUtf8IsRefused() {
        for (String value : List.of("application/json; charset=iso-8859-1", "application/json; charset=utf-16",
                "application/json; charset=us-ascii", "application/json; charset=\"latin1\"",
                "application/json; charset=utf-8; charset=utf-16", "application/problem+json;charset=windows-1252")) {
            assertEquals(NOT_UTF8, ContentTypes.classify(value), value);
        }
    }

    @Test
    void malformedValues() {
        for (String value : List.of("", "application", "application/", "/json", "application /json", "application/ json",
                "application/json charset=utf-8", "application/json; charset", "application/json; charset=",
                "application/json; =utf-8", "application/json; charset =utf-8", "application/json; charset=\"utf-8",
                "application/json; a=\"\u0001\"", "application/json; a=\"x\\", "appl\u00e9cation/json", "application/js\u0000on",
                "application/json; a=b c")) {
            assertEquals(MALFORMED, ContentTypes.classify(value), value);
        }
        assertEquals(MISSING, ContentTypes.classify(null));
    }

    @Test
    void contentEncodingOtherThanIdentity() {
        assertFalse(ContentTypes.encoded(new Headers()));
        assertFalse(ContentTypes.encoded(Headers.of("Content-Encoding", "identity")));
        assertFalse(ContentTypes.encoded(Headers.of("Content-Encoding", " Identity , ")));
        assertTrue(ContentTypes.encoded(Headers.of("Content-Encoding", "gzip")));
        assertTrue(ContentTypes.encoded(Headers.of("Content-Encoding", "identity, br")));
        assertTrue(ContentTypes.encoded(Headers.of("Content-Encoding", "identity", "Content-Encoding", "deflate")));
    }

    @Test
    void quotedPairsAndObsTextInsideQuotes() {
        assertEquals(JSON, ContentTypes.classify("application/json; a=\"\\\\\"; b=\"\u00e9\""));
    }
}
