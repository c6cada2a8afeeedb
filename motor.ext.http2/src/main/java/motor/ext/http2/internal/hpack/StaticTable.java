package motor.ext.http2.internal.hpack;

import java.util.HashMap;
import java.util.Map;

/** The static table of RFC 7541 Appendix A, indexes 1 to 61, with a lookup by name for the encoder. */
final class StaticTable {

    static final int LENGTH = 61;

    private static final HeaderField[] ENTRIES = {
        null,
        new HeaderField(":authority", ""),
        new HeaderField(":method", "GET"),
        new HeaderField(":method", "POST"),
        new HeaderField(":path", "/"),
        new HeaderField(":path", "/index.html"),
        new HeaderField(":scheme", "http"),
        new HeaderField(":scheme", "https"),
        new HeaderField(":status", "200"),
        new HeaderField(":status", "204"),
        new HeaderField(":status", "206"),
        new HeaderField(":status", "304"),
        new HeaderField(":status", "400"),
        new HeaderField(":status", "404"),
        new HeaderField(":status", "500"),
        new HeaderField("accept-charset", ""),
        new HeaderField("accept-encoding", "gzip, deflate"),
        new HeaderField("accept-language", ""),
        new HeaderField("accept-ranges", ""),
        new HeaderField("accept", ""),
        new HeaderField("access-control-allow-origin", ""),
        new HeaderField("age", ""),
        new HeaderField("allow", ""),
        new HeaderField("authorization", ""),
        new HeaderField("cache-control", ""),
        new HeaderField("content-disposition", ""),
        new HeaderField("content-encoding", ""),
        new HeaderField("content-language", ""),
        new HeaderField("content-length", ""),
        new HeaderField("content-location", ""),
        new HeaderField("content-range", ""),
        new HeaderField("content-type", ""),
        new HeaderField("cookie", ""),
        new HeaderField("date", ""),
        new HeaderField("etag", ""),
        new HeaderField("expect", ""),
        new HeaderField("expires", ""),
        new HeaderField("from", ""),
        new HeaderField("host", ""),
        new HeaderField("if-match", ""),
        new HeaderField("if-modified-since", ""),
        new HeaderField("if-none-match", ""),
        new HeaderField("if-range", ""),
        new HeaderField("if-unmodified-since", ""),
        new HeaderField("last-modified", ""),
        new HeaderField("link", ""),
        new HeaderField("location", ""),
        new HeaderField("max-forwards", ""),
        new HeaderField("proxy-authenticate", ""),
        new HeaderField("proxy-authorization", ""),
        new HeaderField("range", ""),
        new HeaderField("referer", ""),
        new HeaderField("refresh", ""),
        new HeaderField("retry-after", ""),
        new HeaderField("server", ""),
        new HeaderField("set-cookie", ""),
        new HeaderField("strict-transport-security", ""),
        new HeaderField("transfer-encoding", ""),
        new HeaderField("user-agent", ""),
        new HeaderField("vary", ""),
        new HeaderField("via", ""),
        new HeaderField("www-authenticate", ""),
    };

    /** Name to its first index; entries with the same name are consecutive. */
    private static final Map<String, Integer> FIRST_INDEX = new HashMap<>();

    static {
        for (int i = LENGTH; i >= 1; i--) {
            FIRST_INDEX.put(ENTRIES[i].name(), i);
        }
    }

    private StaticTable() {
    }

    /** {@return entry {@code index}, 1 to 61} */
    static HeaderField get(int index) {
        return ENTRIES[index];
    }

    /**
     * {@return the index of the entry with this name and value, or minus the index of the first entry with
     * this name, or 0 if none has the name}
     */
    static int find(String name, String value) {
        Integer first = FIRST_INDEX.get(name);
        if (first == null) {
            return 0;
        }
        for (int i = first; i <= LENGTH && ENTRIES[i].name().equals(name); i++) {
            if (ENTRIES[i].value().equals(value)) {
                return i;
            }
        }
        return -first;
    }
}
