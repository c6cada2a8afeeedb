package motor.ext.websocket.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import motor.ext.websocket.WebSocketOptions;

/**
 * Fuzz tests. In the normal build they run as regression tests over the seeds in
 * {@code src/test/resources/motor/ext/websocket/internal/WebSocketFuzzTestInputs}; with
 * {@code JAZZER_FUZZ=1} Jazzer explores new inputs. The properties: whatever the peer sends, the
 * connection ends with one onClose, the server writes only well-formed frames and a close last, and the
 * outcome does not depend on how the bytes arrive; the UTF-8 check agrees with the JDK's decoder; the
 * extension negotiation never fails and what it agrees to is an acceptable offer itself.
 */
class WebSocketFuzzTest {

    private static final WebSocketOptions SMALL = WebSocketOptions.defaults().withMaxMessageSize(8192)
            .withMaxFrameSize(4096);

    @FuzzTest(maxDuration = "30s")
    void connection(byte[] input) throws IOException {
        boolean deflate = input.length > 0 && (input[0] & 1) == 1;
        DeflateNegotiation.Agreement agreement = deflate
                ? new DeflateNegotiation.Agreement(false, input.length > 1 && (input[1] & 1) == 1, 15, "permessage-deflate")
                : null;
        byte[] uneven = InMemoryConnectionTest.run(input, SMALL, agreement, new InMemoryConnectionTest.Counting());
        byte[] whole = runWhole(input, agreement);
        // the same frames and close code however the bytes arrive; only the wording of the reason may
        // differ, when one message breaks two rules (invalid DEFLATE data that also inflates to invalid
        // UTF-8: which one shows first depends on how much input the inflater had at once)
        assertEquals(summary(InMemoryConnectionTest.parse(uneven)), summary(InMemoryConnectionTest.parse(whole)),
                "the same answer however the bytes arrive");
    }

    private static List<String> summary(List<InMemoryConnectionTest.Out> frames) {
        return frames.stream().map(f -> f.opcode() == FrameReader.CLOSE
                ? "close " + (f.payload().length < 2 ? "none" : ((f.payload()[0] & 0xFF) << 8 | (f.payload()[1] & 0xFF)))
                : f.opcode() + " " + f.rsv1() + " " + java.util.HexFormat.of().formatHex(f.payload())).toList();
    }

    private static byte[] runWhole(byte[] input, DeflateNegotiation.Agreement agreement) {
        InMemoryConnectionTest.ArrayTransport transport = new InMemoryConnectionTest.ArrayTransport(input) {
            @Override
            public int read(byte[] buffer, int offset, int length) {
                int n = in.read(buffer, offset, length);
                return n == 0 ? -1 : n;
            }
        };
        InMemoryConnectionTest.Counting listener = new InMemoryConnectionTest.Counting();
        new WebSocketConnection(InMemoryConnectionTest.connection(transport), SMALL, listener,
                new WebSocketConnection.Handshake("/f", null, agreement, null, java.util.Map.of())).run();
        assertEquals(1, listener.closes.get());
        return transport.out.toByteArray();
    }

    @FuzzTest(maxDuration = "30s")
    void utf8(byte[] input) {
        boolean valid;
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(input));
            valid = true;
        } catch (CharacterCodingException e) {
            valid = false;
        }
        Utf8Validator whole = new Utf8Validator();
        boolean ours = whole.feed(input, 0, input.length) < 0 && whole.complete();
        assertEquals(valid, ours, "agrees with the JDK's decoder");
        Utf8Validator bytewise = new Utf8Validator();
        boolean failed = false;
        for (int i = 0; i < input.length && !failed; i++) {
            failed = bytewise.feed(input, i, 1) >= 0;
        }
        assertEquals(valid, !failed && bytewise.complete(), "byte by byte");
    }

    @FuzzTest(maxDuration = "30s")
    void extensions(byte[] input) {
        String header = new String(input, StandardCharsets.ISO_8859_1);
        DeflateNegotiation.Agreement agreement = DeflateNegotiation.negotiate(List.of(header),
                WebSocketOptions.Deflate.DEFAULTS);
        if (agreement != null) {
            List<DeflateNegotiation.Offer> echoed = DeflateNegotiation.parse(agreement.response());
            assertNotNull(echoed, "the response parses");
            assertEquals(1, echoed.size());
            assertEquals(DeflateNegotiation.NAME, echoed.get(0).name());
        }
    }
}
