package motor.core.internal.http1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Set;
import motor.core.Compliance;
import motor.spi.HttpException;

/**
 * Feeds request bytes to a {@link RequestParser} the three ways a socket can deliver them: all at once,
 * one byte at a time, and split in two at every index. Every way must give the same head, or the same
 * status.
 */
final class ParserHarness {

    static final int MAX_TARGET = 1024;
    static final int MAX_HEADERS = 2048;
    static final int MAX_COUNT = 20;

    private ParserHarness() {
    }

    static RequestParser parser(Set<Compliance> compliance) {
        return new RequestParser(MAX_TARGET, MAX_HEADERS, MAX_COUNT, compliance);
    }

    /** Parses with every delivery pattern; asserts they agree and returns the head. */
    static RequestHead parse(String request, Compliance... compliance) {
        byte[] bytes = request.getBytes(StandardCharsets.ISO_8859_1);
        Set<Compliance> allowed = compliance.length == 0 ? EnumSet.noneOf(Compliance.class) : EnumSet.of(compliance[0], compliance);
        RequestHead whole = whole(bytes, allowed);
        assertNotNull(whole, "incomplete head");
        RequestHead single = byteByByte(bytes, allowed);
        assertSame(whole, single, "byte by byte");
        for (int split = 1; split < bytes.length; split++) {
            assertSame(whole, split(bytes, split, allowed), "split at " + split);
        }
        return whole;
    }

    /** Asserts that every delivery pattern fails with {@code status}; returns the message. */
    static String reject(String request, int status, Compliance... compliance) {
        byte[] bytes = request.getBytes(StandardCharsets.ISO_8859_1);
        Set<Compliance> allowed = compliance.length == 0 ? EnumSet.noneOf(Compliance.class) : EnumSet.of(compliance[0], compliance);
        String message = expectFailure(() -> whole(bytes, allowed), status, "whole");
        expectFailure(() -> byteByByte(bytes, allowed), status, "byte by byte");
        for (int split = 1; split < bytes.length; split++) {
            int at = split;
            expectFailure(() -> split(bytes, at, allowed), status, "split at " + split);
        }
        return message;
    }

    /** Asserts that the head is incomplete: the parser wants more bytes. */
    static void incomplete(String request) {
        byte[] bytes = request.getBytes(StandardCharsets.ISO_8859_1);
        assertNull(parser(EnumSet.noneOf(Compliance.class)).parse(bytes, 0, bytes.length));
    }

    private static String expectFailure(Runnable parse, int status, String how) {
        try {
            parse.run();
        } catch (HttpException e) {
            assertEquals(status, e.status(), how + ": " + e.getMessage());
            return e.getMessage();
        }
        fail(how + ": expected " + status + " but the request was accepted or incomplete");
        return null;
    }

    static RequestHead whole(byte[] bytes, Set<Compliance> compliance) {
        // an offset start proves the parser does not assume the request starts at index 0
        byte[] buffer = new byte[bytes.length + 7];
        System.arraycopy(bytes, 0, buffer, 5, bytes.length);
        RequestHead head = parser(compliance).parse(buffer, 5, 5 + bytes.length);
        if (head == null) {
            throw new IncompleteException();
        }
        return head;
    }

    static RequestHead byteByByte(byte[] bytes, Set<Compliance> compliance) {
        RequestParser parser = parser(compliance);
        byte[] buffer = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            buffer[i] = bytes[i];
            RequestHead head = parser.parse(buffer, 0, i + 1);
            if (head != null) {
                return head;
            }
        }
        throw new IncompleteException();
    }

    static RequestHead split(byte[] bytes, int at, Set<Compliance> compliance) {
        RequestParser parser = parser(compliance);
        byte[] buffer = new byte[bytes.length + 3];
        System.arraycopy(bytes, 0, buffer, 0, at);
        RequestHead head = parser.parse(buffer, 0, at);
        if (head != null) {
            return head;
        }
        // move the bytes, as a connection compacting its buffer would
        byte[] moved = new byte[bytes.length + 3];
        System.arraycopy(bytes, 0, moved, 3, bytes.length);
        head = parser.parse(moved, 3, 3 + bytes.length);
        if (head == null) {
            throw new IncompleteException();
        }
        return head;
    }

    private static void assertSame(RequestHead expected, RequestHead actual, String how) {
        assertEquals(expected.method(), actual.method(), how);
        assertEquals(expected.target(), actual.target(), how);
        assertEquals(expected.headers().toString(), actual.headers().toString(), how);
        assertEquals(expected.contentLength(), actual.contentLength(), how);
        assertEquals(expected.keepAlive(), actual.keepAlive(), how);
        assertEquals(expected.length(), actual.length(), how);
    }

    /** The parser wanted more bytes where the test expected an answer. */
    static final class IncompleteException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        IncompleteException() {
            super("incomplete head");
        }
    }
}
