package motor.ext.http2.internal.hpack;

import java.util.Objects;

/**
 * One field of an HTTP/2 field section, as HPACK carries it (RFC 7541). Strings map to octets as
 * ISO-8859-1, one char per octet, as in Motor's HTTP/1.1 parser: the decoder never fails on obs-text, and
 * the encoder writes the low 8 bits of each char (callers validate values before they get here).
 *
 * @param name the name, exactly as sent (lowercase in valid HTTP/2; pseudo-headers start with {@code :})
 * @param value the value
 * @param sensitive whether the field must never be added to a dynamic table, here or by an intermediary:
 *        set by the decoder for a field sent as "never indexed" (6.2.3); when encoding, forces that
 *        representation (use it for secrets such as tokens)
 */
public record HeaderField(String name, String value, boolean sensitive) {

    /**
     * Checks the components.
     *
     * @throws NullPointerException if {@code name} or {@code value} is null
     */
    public HeaderField {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
    }

    /**
     * A field that is not sensitive.
     *
     * @param name the name
     * @param value the value
     */
    public HeaderField(String name, String value) {
        this(name, value, false);
    }

    /**
     * {@return the size the field counts in a dynamic table and against SETTINGS_MAX_HEADER_LIST_SIZE: the
     * octets of name and value plus 32 (RFC 7541 4.1, RFC 9113 6.5.2)}
     */
    public long size() {
        return name.length() + value.length() + 32L;
    }
}
