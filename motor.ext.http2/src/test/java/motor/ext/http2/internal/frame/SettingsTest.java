package motor.ext.http2.internal.frame;

import static motor.ext.http2.internal.frame.FrameReaderTest.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SettingsTest {

    private static Map<Integer, Long> parse(String payloadHex) throws Http2Exception, IOException {
        byte[] payload = hex(payloadHex);
        byte[] frame = new byte[9 + payload.length];
        FrameWriter.header(frame, 0, payload.length, Http2.SETTINGS, 0, 0);
        System.arraycopy(payload, 0, frame, 9, payload.length);
        return Settings.parseSettings(new FrameReader(new BytesTransport(frame, 1), 16_384).read());
    }

    @Test
    void valuesInOrderLaterWinsUnknownIgnored() throws Exception {
        Map<Integer, Long> settings = parse("0003 00000064 00ff 00000001 0003 000000c8 0005 00004000 0006 ffffffff");
        assertEquals(Map.of(3, 200L, 5, 16_384L, 6, 0xffffffffL), settings);
        assertEquals(java.util.List.of(3, 5, 6), java.util.List.copyOf(settings.keySet()));
    }

    @Test
    void boundaries() throws Exception {
        assertEquals(Map.of(2, 0L, 8, 1L, 4, 0x7fffffffL, 5, 16_777_215L, 1, 0L),
                parse("0002 00000000 0008 00000001 0004 7fffffff 0005 00ffffff 0001 00000000"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            ENABLE_PUSH 2                        | 0002 00000002 | PROTOCOL_ERROR
            ENABLE_PUSH 2^32-1                   | 0002 ffffffff | PROTOCOL_ERROR
            ENABLE_CONNECT_PROTOCOL 2            | 0008 00000002 | PROTOCOL_ERROR
            INITIAL_WINDOW_SIZE 2^31             | 0004 80000000 | FLOW_CONTROL_ERROR
            MAX_FRAME_SIZE 16383                 | 0005 00003fff | PROTOCOL_ERROR
            MAX_FRAME_SIZE 2^24                  | 0005 01000000 | PROTOCOL_ERROR
            MAX_FRAME_SIZE 0                     | 0005 00000000 | PROTOCOL_ERROR
            """)
    void invalidValues(String what, String payload, String error) {
        Http2Exception e = assertThrows(Http2Exception.class, () -> parse(payload));
        assertEquals(error, Http2.errorName(e.errorCode()), what);
        assertTrue(e.isConnectionError());
    }

    @Test
    void payloadOutsideAFrame() throws Http2Exception {
        assertEquals(Map.of(3, 100L), Settings.parseSettings(hex("0003 00000064"), 0, 6));
        Http2Exception e = assertThrows(Http2Exception.class, () -> Settings.parseSettings(new byte[7], 0, 7));
        assertEquals(Http2.FRAME_SIZE_ERROR, e.errorCode());
        assertEquals(Map.of(), Settings.parseSettings(new byte[0], 0, 0));
    }
}
