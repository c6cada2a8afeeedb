package motor.ext.websocket.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import motor.ext.websocket.WebSocketOptions.Deflate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Parsing of Sec-WebSocket-Extensions and the permessage-deflate agreement (RFC 7692 section 7). */
class DeflateNegotiationTest {

    private static DeflateNegotiation.Agreement negotiate(Deflate settings, String... values) {
        return DeflateNegotiation.negotiate(List.of(values), settings);
    }

    private static String response(String... values) {
        DeflateNegotiation.Agreement a = negotiate(Deflate.DEFAULTS, values);
        return a == null ? null : a.response();
    }

    @Test
    void plainOfferIsAcceptedAsIs() {
        DeflateNegotiation.Agreement a = negotiate(Deflate.DEFAULTS, "permessage-deflate");
        assertEquals("permessage-deflate", a.response());
        assertFalse(a.serverNoContextTakeover());
        assertFalse(a.clientNoContextTakeover());
        assertEquals(15, a.serverMaxWindowBits());
    }

    @Test
    void browserOffersAreAccepted() {
        assertEquals("permessage-deflate", response("permessage-deflate; client_max_window_bits"), "Chrome");
        assertEquals("permessage-deflate", response("PerMessage-Deflate ;client_max_window_bits"), "case and spaces");
    }

    @Test
    void contextTakeoverParametersAreHonoured() {
        DeflateNegotiation.Agreement a = negotiate(Deflate.DEFAULTS,
                "permessage-deflate; server_no_context_takeover; client_no_context_takeover");
        assertTrue(a.serverNoContextTakeover());
        assertTrue(a.clientNoContextTakeover());
        assertEquals("permessage-deflate; server_no_context_takeover; client_no_context_takeover", a.response());
    }

    @Test
    void serverSettingsAddParametersTheClientDidNotAskFor() {
        DeflateNegotiation.Agreement a = negotiate(new Deflate(true, true, true, 15), "permessage-deflate");
        assertEquals("permessage-deflate; server_no_context_takeover; client_no_context_takeover", a.response());
        assertEquals("permessage-deflate; client_max_window_bits=10",
                negotiate(new Deflate(true, false, false, 10), "permessage-deflate; client_max_window_bits").response());
        assertEquals("permessage-deflate", negotiate(new Deflate(true, false, false, 10), "permessage-deflate").response(),
                "client_max_window_bits may only be sent when the client offered it");
    }

    @Test
    void windowBitsAreNegotiated() {
        assertEquals("permessage-deflate; client_max_window_bits=9",
                response("permessage-deflate; client_max_window_bits=9"));
        assertEquals("permessage-deflate; client_max_window_bits=9",
                negotiate(new Deflate(true, false, false, 12), "permessage-deflate; client_max_window_bits=9").response());
        assertEquals("permessage-deflate; client_max_window_bits=12",
                negotiate(new Deflate(true, false, false, 12), "permessage-deflate; client_max_window_bits=14").response());
        DeflateNegotiation.Agreement a = negotiate(Deflate.DEFAULTS, "permessage-deflate; server_max_window_bits=10");
        assertEquals("permessage-deflate; server_max_window_bits=10", a.response());
        assertEquals(10, a.serverMaxWindowBits());
        assertEquals("permessage-deflate; client_max_window_bits=8",
                response("permessage-deflate; client_max_window_bits=\"8\""), "a quoted value");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "permessage-deflate; server_max_window_bits",           // needs a value
        "permessage-deflate; server_max_window_bits=7",
        "permessage-deflate; server_max_window_bits=16",
        "permessage-deflate; server_max_window_bits=010",       // no leading zeros
        "permessage-deflate; client_max_window_bits=abc",
        "permessage-deflate; server_no_context_takeover=1",     // takes no value
        "permessage-deflate; server_no_context_takeover; server_no_context_takeover",
        "permessage-deflate; client_max_window_bits; client_max_window_bits=10",
        "permessage-deflate; mystery",
        "x-webkit-deflate-frame",
        "permessage-deflate; client_max_window_bits=\"10",      // unclosed quote: the header does not parse
        "permessage-deflate;;",
        "permessage-deflate; =5",
        "permessage-deflate x"})
    void invalidOffersAreDeclined(String offer) {
        assertNull(response(offer));
    }

    @Test
    void firstAcceptableOfferWins() {
        assertEquals("permessage-deflate; client_no_context_takeover",
                response("permessage-deflate; mystery, permessage-deflate; client_no_context_takeover, permessage-deflate"));
        assertEquals("permessage-deflate; server_no_context_takeover",
                response("foo; bar=\"a,b\"", "permessage-deflate; server_no_context_takeover"), "over several fields");
        assertEquals("permessage-deflate", response(", , permessage-deflate ,"), "empty list elements");
    }

    @Test
    void disabledDeclinesEverything() {
        assertNull(negotiate(Deflate.DISABLED, "permessage-deflate"));
        assertNull(DeflateNegotiation.negotiate(List.of(), Deflate.DEFAULTS));
    }

    @Test
    void parseKeepsParametersAndQuotedCommas() {
        List<DeflateNegotiation.Offer> offers = DeflateNegotiation.parse("a; x=\"1,2\"; y, b");
        assertNotNull(offers);
        assertEquals(2, offers.size());
        assertEquals("1,2", offers.get(0).parameters().get(0)[1]);
        assertNull(offers.get(0).parameters().get(1)[1]);
        assertEquals("b", offers.get(1).name());
    }
}
