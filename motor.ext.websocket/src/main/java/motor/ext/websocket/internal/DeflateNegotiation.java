package motor.ext.websocket.internal;

import java.util.ArrayList;
import java.util.List;
import motor.ext.websocket.WebSocketOptions;

/**
 * Parses {@code Sec-WebSocket-Extensions} (RFC 6455 section 9.1) and agrees on permessage-deflate
 * (RFC 7692 section 7). The client may make several offers, in its order of preference; the first one the
 * server can accept wins. An offer is declined (never an error) when it has an unknown parameter, a
 * parameter twice, or a parameter with an invalid value (section 7 of the RFC); a header that does not
 * parse is ignored as a whole.
 */
final class DeflateNegotiation {

    static final String NAME = "permessage-deflate";

    /**
     * What was agreed.
     *
     * @param serverNoContextTakeover whether the server resets its compressor after each message
     * @param clientNoContextTakeover whether the client resets its compressor after each message (so the
     *                                server may reset its decompressor)
     * @param serverMaxWindowBits     the window the server's compressor may use; below 15 the server
     *                                compresses without back-references (Huffman only), since the JDK's
     *                                Deflater always uses a 15-bit window
     * @param response                the value of the response's {@code Sec-WebSocket-Extensions}
     */
    record Agreement(boolean serverNoContextTakeover, boolean clientNoContextTakeover, int serverMaxWindowBits,
                     String response) {
    }

    /** One extension offer: its name and parameters (value {@code null} when absent). */
    record Offer(String name, List<String[]> parameters) {
    }

    private DeflateNegotiation() {
    }

    /**
     * Chooses the first acceptable permessage-deflate offer.
     *
     * @param headerValues every {@code Sec-WebSocket-Extensions} value of the request
     * @param settings     the server's settings
     * @return the agreement, or {@code null} if compression is off or no offer is acceptable
     */
    static Agreement negotiate(List<String> headerValues, WebSocketOptions.Deflate settings) {
        if (!settings.enabled() || headerValues.isEmpty()) {
            return null;
        }
        for (String value : headerValues) {
            List<Offer> offers = parse(value);
            if (offers == null) {
                continue;
            }
            for (Offer offer : offers) {
                if (offer.name().equalsIgnoreCase(NAME)) {
                    Agreement agreement = accept(offer, settings);
                    if (agreement != null) {
                        return agreement;
                    }
                }
            }
        }
        return null;
    }

    /** {@return the agreement for one offer, or {@code null} to decline it} */
    static Agreement accept(Offer offer, WebSocketOptions.Deflate settings) {
        boolean serverNoContext = false;
        boolean clientNoContext = false;
        int serverBits = -1;
        int clientBits = -1; // -1 absent, 0 present without a value
        for (String[] parameter : offer.parameters()) {
            String name = parameter[0];
            String value = parameter[1];
            switch (name.toLowerCase(java.util.Locale.ROOT)) {
                case "server_no_context_takeover" -> {
                    if (serverNoContext || value != null) {
                        return null;
                    }
                    serverNoContext = true;
                }
                case "client_no_context_takeover" -> {
                    if (clientNoContext || value != null) {
                        return null;
                    }
                    clientNoContext = true;
                }
                case "server_max_window_bits" -> {
                    if (serverBits != -1 || value == null) {
                        return null;
                    }
                    serverBits = windowBits(value);
                    if (serverBits < 0) {
                        return null;
                    }
                }
                case "client_max_window_bits" -> {
                    if (clientBits != -1) {
                        return null;
                    }
                    clientBits = value == null ? 0 : windowBits(value);
                    if (clientBits < 0) {
                        return null;
                    }
                }
                default -> {
                    return null;
                }
            }
        }
        StringBuilder response = new StringBuilder(NAME);
        boolean serverReset = serverNoContext || settings.serverNoContextTakeover();
        boolean clientReset = clientNoContext || settings.clientNoContextTakeover();
        if (serverReset) {
            response.append("; server_no_context_takeover");
        }
        if (clientReset) {
            response.append("; client_no_context_takeover");
        }
        if (serverBits > 0) {
            response.append("; server_max_window_bits=").append(serverBits);
        }
        if (clientBits >= 0) {
            int offered = clientBits == 0 ? 15 : clientBits;
            int bits = Math.min(offered, settings.clientMaxWindowBits());
            if (bits < 15 || clientBits > 0) {
                response.append("; client_max_window_bits=").append(bits);
            }
        }
        return new Agreement(serverReset, clientReset, serverBits > 0 ? serverBits : 15, response.toString());
    }

    /** {@return the window bits 8 to 15, written without leading zeros, or -1} */
    private static int windowBits(String value) {
        return switch (value) {
            case "8" -> 8;
            case "9" -> 9;
            case "10" -> 10;
            case "11" -> 11;
            case "12" -> 12;
            case "13" -> 13;
            case "14" -> 14;
            case "15" -> 15;
            default -> -1;
        };
    }

    /**
     * Parses one header value: {@code ext ; param ; param=value , ext2 ...} with tokens and quoted strings.
     *
     * @return the offers, or {@code null} if the value does not parse
     */
    static List<Offer> parse(String value) {
        List<Offer> offers = new ArrayList<>(2);
        Scanner s = new Scanner(value);
        while (true) {
            s.skipSpace();
            if (s.atEnd()) {
                break;
            }
            if (s.peek() == ',') { // empty list elements are allowed (RFC 9110 section 5.6.1)
                s.pos++;
                continue;
            }
            String name = s.token();
            if (name == null) {
                return null;
            }
            List<String[]> parameters = new ArrayList<>(2);
            s.skipSpace();
            while (!s.atEnd() && s.peek() == ';') {
                s.pos++;
                s.skipSpace();
                String parameter = s.token();
                if (parameter == null) {
                    return null;
                }
                s.skipSpace();
                String parameterValue = null;
                if (!s.atEnd() && s.peek() == '=') {
                    s.pos++;
                    s.skipSpace();
                    parameterValue = !s.atEnd() && s.peek() == '"' ? s.quoted() : s.token();
                    if (parameterValue == null) {
                        return null;
                    }
                    s.skipSpace();
                }
                parameters.add(new String[] {parameter, parameterValue});
            }
            offers.add(new Offer(name, parameters));
            if (s.atEnd()) {
                break;
            }
            if (s.peek() != ',') {
                return null;
            }
            s.pos++;
        }
        return offers;
    }

    /** A cursor over a header value. */
    private static final class Scanner {
        final String text;
        int pos;

        Scanner(String text) {
            this.text = text;
        }

        boolean atEnd() {
            return pos >= text.length();
        }

        char peek() {
            return text.charAt(pos);
        }

        void skipSpace() {
            while (pos < text.length() && (text.charAt(pos) == ' ' || text.charAt(pos) == '\t')) {
                pos++;
            }
        }

        String token() {
            int start = pos;
            while (pos < text.length() && isTokenChar(text.charAt(pos))) {
                pos++;
            }
            return pos > start ? text.substring(start, pos) : null;
        }

        /** A quoted-string's content with escapes removed, or null if it is not closed. */
        String quoted() {
            StringBuilder out = new StringBuilder();
            pos++;
            while (pos < text.length()) {
                char c = text.charAt(pos++);
                if (c == '"') {
                    return out.toString();
                }
                if (c == '\\') {
                    if (pos >= text.length()) {
                        return null;
                    }
                    c = text.charAt(pos++);
                }
                out.append(c);
            }
            return null;
        }

        private static boolean isTokenChar(char c) {
            return c < 128 && c > 32 && "()<>@,;:\\\"/[]?={}".indexOf(c) < 0 && c != 127;
        }
    }
}
