package motor.test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import motor.spi.Headers;
import motor.spi.transport.Upgrade;
import org.junit.jupiter.api.Test;

/** The in-memory response keeps what was done to it and enforces the server's rules. */
class TestResponseTest {

    @Test
    void sendCommitsAndKeepsTheBody() throws IOException {
        TestResponse response = new TestResponse();
        assertEquals(200, response.status());
        assertFalse(response.committed());
        assertNull(response.committedHeaders());
        assertFalse(response.complete());
        response.send(201, "caf\u00e9");
        assertTrue(response.committed());
        assertTrue(response.complete());
        assertEquals(201, response.status());
        assertEquals("caf\u00e9", response.text());
        assertArrayEquals("caf\u00e9".getBytes(StandardCharsets.UTF_8), response.body());
        assertEquals("text/plain; charset=utf-8", response.headers().first("Content-Type"));
        assertThrows(IllegalStateException.class, () -> response.status(500));
        assertThrows(IllegalStateException.class, () -> response.send(new byte[0]));
        assertThrows(IllegalStateException.class, response::output);
    }

    @Test
    void committedHeadersAreWhatWouldHaveGoneOut() throws IOException {
        TestResponse response = new TestResponse();
        response.headers().set("A", "1");
        response.send(new byte[0]);
        response.headers().set("B", "2");
        assertEquals("2", response.headers().first("B"), "the live headers change");
        Headers sent = response.committedHeaders();
        assertEquals("1", sent.first("A"));
        assertFalse(sent.contains("B"), "too late for the client");
        sent.set("C", "3");
        assertFalse(response.committedHeaders().contains("C"), "a copy");
    }

    @Test
    void outputCommitsOnFlushOrClose() throws IOException {
        TestResponse response = new TestResponse();
        OutputStream out = response.output();
        assertSame(out, response.output());
        out.write('a');
        out.write("bc".getBytes(StandardCharsets.US_ASCII), 0, 2);
        assertFalse(response.committed(), "buffered until flushed");
        response.status(202);
        out.flush();
        assertTrue(response.committed());
        assertFalse(response.complete());
        assertThrows(IllegalStateException.class, () -> response.status(200));
        assertThrows(IllegalStateException.class, () -> response.send(new byte[1]));
        out.close();
        assertTrue(response.complete());
        assertEquals("abc", response.text());
        assertThrows(IOException.class, () -> out.write('d'));
        assertEquals(202, response.status());

        TestResponse closed = new TestResponse();
        closed.output().close();
        assertTrue(closed.committed());
        assertEquals(0, closed.body().length);
    }

    @Test
    void statusRange() {
        TestResponse response = new TestResponse();
        for (int bad : new int[] {0, 100, 102, 199, 600}) {
            assertThrows(IllegalArgumentException.class, () -> response.status(bad), Integer.toString(bad));
        }
        response.status(101);
        assertThrows(IllegalStateException.class, () -> response.send(new byte[0]), "101 has no body");
        response.status(599).status(200);
        assertEquals(200, response.status());
    }

    @Test
    void interimResponses() throws IOException {
        TestResponse response = new TestResponse();
        Headers link = Headers.of("Link", "</style.css>; rel=preload");
        response.interim(103, link);
        link.add("Link", "</late.js>; rel=preload");
        assertEquals(1, response.interims().size());
        assertEquals(103, response.interims().get(0).status());
        assertEquals(List.of("</style.css>; rel=preload"), response.interims().get(0).headers().all("Link"));
        assertThrows(IllegalArgumentException.class, () -> response.interim(101, new Headers()));
        assertThrows(IllegalArgumentException.class, () -> response.interim(200, new Headers()));
        assertFalse(response.committed(), "interim responses do not commit");
        response.send("done");
        assertThrows(IllegalStateException.class, () -> response.interim(103, new Headers()));
    }

    @Test
    void upgrade() {
        Upgrade protocol = connection -> { };
        TestResponse response = new TestResponse();
        assertThrows(IllegalStateException.class, () -> response.upgrade(protocol), "needs 101 first");
        response.status(101).headers().set("Upgrade", "websocket");
        response.upgrade(protocol);
        assertSame(protocol, response.upgrade());

        TestResponse streaming = new TestResponse();
        streaming.status(101);
        streaming.output();
        assertThrows(IllegalStateException.class, () -> streaming.upgrade(protocol));
        assertNull(streaming.upgrade());
    }
}
