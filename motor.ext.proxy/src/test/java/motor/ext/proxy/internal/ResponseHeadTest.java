package motor.ext.proxy.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResponseHeadTest {

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void aHandshakeAnswerIsParsedWholeAndAtEverySplit() throws Exception {
        String text = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Accept:s3pPLMBiTxaQ9kYGzzhZRbK+xOo=  \r\nX-Empty:\r\n\r\nframes";
        byte[] all = bytes(text);
        int headLength = text.indexOf("frames");
        for (int split = 0; split <= all.length; split++) {
            ResponseHead partial = ResponseHead.parse(all, split);
            if (split < headLength) {
                assertNull(partial, "incomplete at " + split);
            } else {
                assertNotNull(partial, "complete at " + split);
                assertEquals(101, partial.status());
                assertEquals(headLength, partial.length());
                assertEquals("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", partial.fields().first("Sec-WebSocket-Accept"));
                assertEquals("", partial.fields().first("X-Empty"));
                assertEquals(List.of("Upgrade", "Connection", "Sec-WebSocket-Accept", "X-Empty"),
                        partial.fields().names().stream().toList());
            }
        }
    }

    @Test
    void statusLinesWithoutReasonAndHttp10AreFine() throws Exception {
        assertEquals(403, ResponseHead.parse(bytes("HTTP/1.0 403\r\n\r\n"), 16).status());
        assertEquals(200, ResponseHead.parse(bytes("HTTP/1.1 200 \r\n\r\n"), 17).status());
    }

    @Test
    void malformedHeadsAreRefused() {
        for (String bad : List.of("garbage\r\n\r\n", "HTTP/1.1 2000 OK\r\n\r\n", "HTTP/1.1 20 OK\r\n\r\n",
                "HTTP/2 200 OK\r\n\r\n", "HTTP/1.1 099 Low\r\n\r\n", "HTTP/1.1 200 OK\nX: y\r\n\r\n",
                "HTTP/1.1 200 OK\r\nno colon here\r\n\r\n", "HTTP/1.1 200 OK\r\nX : y\r\n\r\n",
                "HTTP/1.1 200 OK\r\n: y\r\n\r\n", "HTTP/1.1 200 OK\r\nX: a\r\n folded\r\n\r\n",
                "HTTP/1.1 200 OK\r\nX: a\u0001b\r\n\r\n", "HTTP/1.1 200 OK\r\nX: a\rb\r\n\r\n",
                "HTTP/1.1 200 O\u0000K\r\n\r\n", "\r\n\r\n")) {
            byte[] b = bytes(bad);
            assertThrows(ResponseHead.MalformedHead.class, () -> ResponseHead.parse(b, b.length), bad);
        }
    }

    @Test
    void headsOverTheLimitsAreRefused() {
        byte[] huge = new byte[ResponseHead.MAX_HEAD + 10];
        byte[] start = bytes("HTTP/1.1 200 OK\r\nX: ");
        System.arraycopy(start, 0, huge, 0, start.length);
        java.util.Arrays.fill(huge, start.length, huge.length, (byte) 'a');
        assertThrows(ResponseHead.MalformedHead.class, () -> ResponseHead.parse(huge, huge.length));
        StringBuilder many = new StringBuilder("HTTP/1.1 200 OK\r\n");
        for (int i = 0; i <= ResponseHead.MAX_FIELDS; i++) {
            many.append("X-").append(i).append(": v\r\n");
        }
        byte[] b = bytes(many.append("\r\n").toString());
        assertThrows(ResponseHead.MalformedHead.class, () -> ResponseHead.parse(b, b.length));
        assertFalse(b.length > ResponseHead.MAX_HEAD);
    }
}
