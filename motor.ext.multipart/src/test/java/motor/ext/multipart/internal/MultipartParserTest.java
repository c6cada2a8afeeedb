package motor.ext.multipart.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import motor.spi.Headers;
import motor.spi.HttpException;
import org.junit.jupiter.api.Test;

/**
 * The multipart byte parser on fixtures, each run whole, one byte at a time, and split in two at every
 * index, reading part bodies both in large and in one-byte reads; the outcome must never depend on how
 * the bytes arrive.
 */
class MultipartParserTest {

    private static final String B = "XyZzy-42";

    /** Parses and describes the result: one line per part, headers then the body in braces. */
    static String outcome(InputStream in, String boundary, int maxHeaderSize, int readSize, boolean readBodies) {
        return outcome(in, boundary, maxHeaderSize, readSize, readBodies, true);
    }

    /** As above; with {@code record} false, bodies that are read are left out of the description. */
    static String outcome(InputStream in, String boundary, int maxHeaderSize, int readSize, boolean readBodies,
                          boolean record) {
        MultipartParser parser = new MultipartParser(in, boundary, maxHeaderSize);
        StringBuilder sb = new StringBuilder();
        try {
            for (Headers headers; (headers = parser.next()) != null; ) {
                for (int i = 0; i < headers.size(); i++) {
                    sb.append(headers.name(i)).append('=').append(headers.value(i)).append(';');
                }
                sb.append('{');
                if (readBodies) {
                    byte[] buffer = new byte[readSize];
                    for (int n; (n = parser.read(buffer, 0, readSize)) >= 0; ) {
                        if (record) {
                            sb.append(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
                        }
                    }
                }
                sb.append("}\n");
            }
            assertTrue(parser.done());
            return sb.toString();
        } catch (HttpException e) {
            return sb + "error " + e.status() + ": " + e.getMessage();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Asserts the outcome of {@code body}, however it is split, and that skipping bodies agrees on the rest. */
    static void assertParses(String body, String expected) {
        assertParses(body.getBytes(StandardCharsets.ISO_8859_1), B, 1024, expected);
    }

    static void assertParses(byte[] bytes, String boundary, int maxHeaderSize, String expected) {
        assertEquals(expected, outcome(new ByteArrayInputStream(bytes), boundary, maxHeaderSize, 4096, true), "whole");
        assertEquals(expected, outcome(Pieces.step(bytes, 1), boundary, maxHeaderSize, 4096, true), "byte by byte");
        assertEquals(expected, outcome(Pieces.step(bytes, 1), boundary, maxHeaderSize, 1, true), "byte by byte, 1-byte reads");
        for (int split = 0; split <= bytes.length; split++) {
            assertEquals(expected, outcome(Pieces.split(bytes, split), boundary, maxHeaderSize, 4096, true), "split at " + split);
            assertEquals(expected, outcome(Pieces.split(bytes, split), boundary, maxHeaderSize, 3, true), "split at " + split + ", 3-byte reads");
        }
        // skipping a part finds the same parts and errors; an error inside a part shows when moving past it
        String read = outcome(new ByteArrayInputStream(bytes), boundary, maxHeaderSize, 4096, true, false)
                .replace("{error", "{}\nerror");
        assertEquals(read, outcome(new ByteArrayInputStream(bytes), boundary, maxHeaderSize, 4096, false),
                "bodies skipped");
    }

    private static String crlf(String text) {
        return text.replace("\n", "\r\n");
    }

    @Test
    void twoFieldsAndAFile() {
        assertParses(crlf("""
                --XyZzy-42
                Content-Disposition: form-data; name="a"

                one
                --XyZzy-42
                Content-Disposition: form-data; name="b"

                two words
                --XyZzy-42
                Content-Disposition: form-data; name="f"; filename="x.txt"
                Content-Type: text/plain

                line 1
                line 2

                --XyZzy-42--
                """), """
                Content-Disposition=form-data; name="a";{one}
                Content-Disposition=form-data; name="b";{two words}
                Content-Disposition=form-data; name="f"; filename="x.txt";Content-Type=text/plain;{line 1\r
                line 2\r
                }
                """);
    }

    @Test
    void preambleAndEpilogueAreIgnored() {
        assertParses(crlf("""
                This is the preamble, not a delimiter: --XyZzy-42
                --XyZzy-42
                Content-Disposition: form-data; name="a"

                1
                --XyZzy-42--
                and an epilogue that is never read, --XyZzy-42
                """), "Content-Disposition=form-data; name=\"a\";{1}\n");
    }

    @Test
    void preambleLineThatIsEmpty() {
        assertParses("\r\n--XyZzy-42\r\nA: 1\r\n\r\nx\r\n--XyZzy-42--", "A=1;{x}\n");
    }

    @Test
    void transportPaddingAfterDelimiters() {
        assertParses("--XyZzy-42 \t \r\nA: 1\r\n\r\nx\r\n--XyZzy-42\t\r\nB: 2\r\n\r\ny\r\n--XyZzy-42--  \r\n",
                "A=1;{x}\nB=2;{y}\n");
    }

    @Test
    void partsWithoutHeadersOrContent() {
        assertParses("--XyZzy-42\r\n\r\n\r\n--XyZzy-42\r\nA: 1\r\n\r\n\r\n--XyZzy-42--", "{}\nA=1;{}\n");
    }

    @Test
    void boundaryInsideDataIsData() {
        // not at the start of a line, or only a prefix of the delimiter, or a lone CR / LF before it
        String data = "a--XyZzy-42b\r\n--XyZzy-4\r\n-\r\r\n--XyZzy\n--XyZzy-42\r--XyZzy-42 \r\n";
        assertParses("--XyZzy-42\r\nA: 1\r\n\r\n" + data + "\r\n--XyZzy-42--", "A=1;{" + data + "}\n");
    }

    @Test
    void crAndLfAtTheEndOfContent() {
        assertParses("--XyZzy-42\r\nA: 1\r\n\r\n\r\r\n\r\n\r\n--XyZzy-42--", "A=1;{\r\r\n\r\n}\n");
    }

    @Test
    void nestedMultipartIsOpaqueData() {
        String nested = crlf("""
                --inner
                Content-Disposition: attachment; filename="a.txt"

                inner content
                --inner--""");
        assertParses("--XyZzy-42\r\nContent-Disposition: form-data; name=\"files\"\r\n"
                        + "Content-Type: multipart/mixed; boundary=inner\r\n\r\n" + nested + "\r\n--XyZzy-42--\r\n",
                "Content-Disposition=form-data; name=\"files\";Content-Type=multipart/mixed; boundary=inner;{"
                        + nested + "}\n");
    }

    @Test
    void binaryContentWithEveryByteValue() {
        byte[] data = new byte[512];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) i;
        }
        String content = new String(data, StandardCharsets.ISO_8859_1);
        assertParses("--XyZzy-42\r\nA: 1\r\n\r\n" + content + "\r\n--XyZzy-42--", "A=1;{" + content + "}\n");
    }

    @Test
    void boundaryWithEveryAllowedCharacter() {
        String boundary = "'()+_,-./:=? x";
        String body = "--" + boundary + "\r\nA: 1\r\n\r\nv\r\n--" + boundary + "--";
        assertParses(body.getBytes(StandardCharsets.ISO_8859_1), boundary, 1024, "A=1;{v}\n");
    }

    @Test
    void foldedHeaderLinesAreJoined() {
        assertParses("--XyZzy-42\r\nContent-Disposition: form-data;\r\n name=\"a\"\r\n\r\nx\r\n--XyZzy-42--",
                "Content-Disposition=form-data; name=\"a\";{x}\n");
    }

    @Test
    void headerValuesKeepBytesAboveAscii() {
        byte[] body = "--XyZzy-42\r\nA: na\u00efve\r\n\r\n\r\n--XyZzy-42--".getBytes(StandardCharsets.UTF_8);
        assertParses(body, B, 1024, "A=na\u00c3\u00afve;{}\n");
    }

    @Test
    void missingCloseDelimiterIs400() {
        String truncated = "error 400: the multipart body ended before its close delimiter";
        assertParses("--XyZzy-42\r\nA: 1\r\n\r\nno end", "A=1;{no end" + truncated);
        assertParses("--XyZzy-42\r\nA: 1\r\n\r\nx\r\n--XyZzy-42", "A=1;{x}\n" + truncated);
        assertParses("--XyZzy-42\r\nA: 1\r\n\r\nx\r\n--XyZzy-42-", "A=1;{x}\n" + truncated);
        assertParses("--XyZzy-42\r\nA: 1\r\n\r\nx\r\n--XyZzy-42\r\n", "A=1;{x}\n" + truncated);
        assertParses("--XyZzy-42\r\nA: 1\r\n", truncated);
    }

    @Test
    void noDelimiterAtAllIs400() {
        String none = "error 400: the multipart body has no boundary delimiter line";
        assertParses("", none);
        assertParses("just text", none);
        assertParses("--XyZzy-4", none);
        // not at the start of a line: preamble, and the close delimiter follows, so no parts
        assertParses("x--XyZzy-42\r\nA: 1\r\n\r\n\r\n--XyZzy-42--", "");
    }

    @Test
    void lfOnlyLineEndsAre400() {
        assertParses("--XyZzy-42\nA: 1\n\nx\n--XyZzy-42--\n",
                "error 400: a multipart boundary must be followed by CRLF or by -- at the end of the body");
        assertParses("--XyZzy-42\r\nA: 1\n\nx\r\n--XyZzy-42--",
                "error 400: a part header line must end with CRLF");
        assertParses("--XyZzy-42\r\nA: 1\r\n\nx\r\n--XyZzy-42--",
                "error 400: a part header line must end with CRLF");
        // LF-only delimiters inside content are content, so the body never closes
        assertParses("--XyZzy-42\r\nA: 1\r\n\r\nx\n--XyZzy-42--\n",
                "A=1;{x\n--XyZzy-42--\nerror 400: the multipart body ended before its close delimiter");
    }

    @Test
    void textAfterTheBoundaryIs400() {
        assertParses("--XyZzy-42\r\nA: 1\r\n\r\nx\r\n--XyZzy-42X\r\nB: 2\r\n\r\ny\r\n--XyZzy-42--",
                "A=1;{x}\nerror 400: a multipart boundary must be followed by CRLF or by -- at the end of the body");
        assertParses("--XyZzy-42 x\r\n", "error 400: a multipart boundary must be followed by CRLF or by -- at the end of the body");
    }

    @Test
    void malformedHeadersAre400() {
        assertParses("--XyZzy-42\r\nno colon\r\n\r\n\r\n--XyZzy-42--", "error 400: a part header line has no field name and colon");
        assertParses("--XyZzy-42\r\n: empty name\r\n\r\n\r\n--XyZzy-42--", "error 400: a part header line has no field name and colon");
        assertParses("--XyZzy-42\r\nA B: 1\r\n\r\n\r\n--XyZzy-42--", "error 400: a part header has an invalid field name");
        assertParses("--XyZzy-42\r\nA : 1\r\n\r\n\r\n--XyZzy-42--", "error 400: a part header has an invalid field name");
        assertParses("--XyZzy-42\r\nA: 1\r2\r\n\r\n\r\n--XyZzy-42--", "error 400: a part header has a CR that is not followed by LF");
        assertParses("--XyZzy-42\r\nA: 1\u00002\r\n\r\n\r\n--XyZzy-42--", "error 400: a part header value has a control character");
        assertParses("--XyZzy-42\r\n folded: first\r\n\r\n\r\n--XyZzy-42--", "error 400: a part header section starts with a continuation line");
    }

    @Test
    void hugeHeaderSectionIs413() {
        String header = "X-Big: " + "a".repeat(2000) + "\r\n";
        String expected = "error 413: a part's header section is larger than multipart.maxHeaderSize (1024 bytes)";
        assertParses("--XyZzy-42\r\n" + header + "\r\n\r\n--XyZzy-42--", expected);
        assertParses("--XyZzy-42\r\n" + "A: 1\r\n".repeat(200) + "\r\n\r\n--XyZzy-42--", expected);
        assertParses("--XyZzy-42" + " ".repeat(2000) + "\r\n\r\n\r\n--XyZzy-42--", expected);
        // exactly at the limit: padding, CRLF, the header line and the empty line count
        String line = "A: " + "b".repeat(1024 - 2 - 2 - 3 - 2) + "\r\n";
        assertParses("--XyZzy-42\r\n" + line + "\r\nv\r\n--XyZzy-42--", "A=" + "b".repeat(1015) + ";{v}\n");
        String longer = "A: " + "b".repeat(1016) + "\r\n";
        assertParses("--XyZzy-42\r\n" + longer + "\r\nv\r\n--XyZzy-42--", expected);
    }

    @Test
    void largeContentStreamsThroughASmallBuffer() throws IOException {
        byte[] content = new byte[3 * 1024 * 1024 + 17];
        new java.util.Random(7).nextBytes(content);
        byte[] head = ("--" + B + "\r\nA: 1\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
        byte[] tail = ("\r\n--" + B + "--\r\n").getBytes(StandardCharsets.ISO_8859_1);
        byte[] body = new byte[head.length + content.length + tail.length];
        System.arraycopy(head, 0, body, 0, head.length);
        System.arraycopy(content, 0, body, head.length, content.length);
        System.arraycopy(tail, 0, body, head.length + content.length, tail.length);
        for (int step : new int[] {body.length, 1000, 65536}) {
            MultipartParser parser = new MultipartParser(Pieces.step(body, step), B, 1024);
            assertEquals("1", parser.next().first("A"));
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            byte[] buffer = new byte[7919];
            for (int n; (n = parser.read(buffer, 0, buffer.length)) >= 0; ) {
                out.write(buffer, 0, n);
            }
            assertTrue(java.util.Arrays.equals(content, out.toByteArray()), "step " + step);
            assertEquals(null, parser.next());
            assertTrue(parser.done());
        }
    }

    @Test
    void readWithoutAPartGivesEndOfData() throws IOException {
        MultipartParser parser = new MultipartParser(new ByteArrayInputStream(new byte[0]), B, 1024);
        assertEquals(-1, parser.read(new byte[4], 0, 4));
        assertFalse(parser.done());
        HttpException e = assertThrows(HttpException.class, parser::next);
        assertEquals(400, e.status());
    }
}
