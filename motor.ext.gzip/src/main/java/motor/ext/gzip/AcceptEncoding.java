package motor.ext.gzip;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import motor.spi.Headers;

/**
 * The content codings a client accepts, from its {@code Accept-Encoding} fields (RFC 9110 section 12.5.3),
 * and the choice among the codings a server can produce.
 *
 * <p>The field is a list of codings, each with an optional weight: {@code gzip;q=1.0, identity;q=0.5,
 * *;q=0}. The rules applied:
 * <ul>
 *   <li>a coding listed with a weight above 0 is acceptable at that weight; {@code q=0} refuses it;</li>
 *   <li>{@code *} stands for every coding not listed by name, {@code identity} included;</li>
 *   <li>{@code identity} (no coding) is acceptable unless refused by {@code identity;q=0}, or by
 *       {@code *;q=0} without {@code identity} listed; when not listed it ranks below every coding the
 *       client did list;</li>
 *   <li>{@code x-gzip} means {@code gzip} (section 8.4.1.3); names are case-insensitive;</li>
 *   <li>an empty field accepts {@code identity} only;</li>
 *   <li>a member that breaks the grammar (a weight that is not a qvalue, say) is ignored rather than
 *       failing the request: negotiation should degrade, not refuse.</li>
 * </ul>
 * Among equally weighted codings the server's order of preference decides; {@code identity} loses a tie.
 *
 * <p>Instances are immutable.
 */
public final class AcceptEncoding {

    /** The name of "no content coding". */
    public static final String IDENTITY = "identity";

    /** The most members considered; the rest of an absurdly long field is ignored. */
    static final int MAX_MEMBERS = 64;

    private static final int UNLISTED = -1;

    private final List<String> names;
    private final int[] weights; // thousandths
    private final int star;      // weight of "*", or UNLISTED

    private AcceptEncoding(List<String> names, int[] weights, int star) {
        this.names = names;
        this.weights = weights;
        this.star = star;
    }

    /**
     * Reads every {@code Accept-Encoding} field of a request.
     *
     * @param headers the request's header fields
     * @return what the client accepts, or {@code null} if it sent no {@code Accept-Encoding}
     */
    public static AcceptEncoding of(Headers headers) {
        List<String> values = headers.all("Accept-Encoding");
        if (values.isEmpty()) {
            return null;
        }
        return parse(values.size() == 1 ? values.get(0) : String.join(",", values));
    }

    /**
     * Parses a field value.
     *
     * @param value the value of {@code Accept-Encoding}, possibly several fields joined with commas
     * @return what the client accepts
     */
    public static AcceptEncoding parse(String value) {
        List<String> names = new ArrayList<>(4);
        int[] weights = new int[4];
        int star = UNLISTED;
        int i = 0;
        int n = value.length();
        while (i < n && names.size() < MAX_MEMBERS) {
            int end = value.indexOf(',', i);
            if (end < 0) {
                end = n;
            }
            int semicolon = indexOf(value, ';', i, end);
            int nameEnd = semicolon >= 0 ? semicolon : end;
            String name = trim(value, i, nameEnd).toLowerCase(Locale.ROOT);
            int weight = semicolon >= 0 ? weight(value, semicolon + 1, end) : 1000;
            i = end + 1;
            if (name.isEmpty() || weight < 0 || !(name.equals("*") || Headers.isToken(name))) {
                continue;
            }
            if (name.equals("x-gzip")) {
                name = "gzip";
            }
            if (name.equals("*")) {
                star = Math.max(star, weight);
                continue;
            }
            int existing = names.indexOf(name);
            if (existing >= 0) {
                // listed twice (gzip and x-gzip, say): the more generous weight counts
                weights[existing] = Math.max(weights[existing], weight);
                continue;
            }
            if (names.size() == weights.length) {
                weights = java.util.Arrays.copyOf(weights, weights.length * 2);
            }
            weights[names.size()] = weight;
            names.add(name);
        }
        return new AcceptEncoding(List.copyOf(names), java.util.Arrays.copyOf(weights, names.size()), star);
    }

    /**
     * {@return how much the client wants {@code coding}, from 0 (not acceptable) to 1000 (the most)}
     * For {@code identity} when not listed: 1 (the least) if acceptable.
     *
     * @param coding a coding name, in any case, or {@code identity}
     */
    public int weight(String coding) {
        String name = coding.toLowerCase(Locale.ROOT);
        if (name.equals("x-gzip")) {
            name = "gzip";
        }
        int index = names.indexOf(name);
        if (index >= 0) {
            return weights[index];
        }
        if (name.equals(IDENTITY)) {
            return star == 0 ? 0 : 1;
        }
        return star == UNLISTED ? 0 : star;
    }

    /**
     * {@return whether the client accepts {@code coding}}
     *
     * @param coding a coding name, or {@code identity}
     */
    public boolean accepts(String coding) {
        return weight(coding) > 0;
    }

    /**
     * Chooses the coding for a response.
     *
     * @param available the codings the server can produce, most preferred first, not including
     *                  {@code identity}
     * @return the chosen coding; {@link #IDENTITY} when no coding is wanted more than none; or
     *         {@code null} when the client refused every coding and {@code identity} too (RFC 9110 then
     *         advises sending the response without a coding anyway rather than a 406)
     */
    public String select(List<String> available) {
        String best = null;
        int bestWeight = 0;
        for (String coding : available) {
            int weight = weight(coding);
            if (weight > bestWeight) {
                best = coding;
                bestWeight = weight;
            }
        }
        int identity = weight(IDENTITY);
        if (identity > bestWeight) {
            return IDENTITY;
        }
        return best;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < names.size(); i++) {
            append(sb, names.get(i), weights[i]);
        }
        if (star != UNLISTED) {
            append(sb, "*", star);
        }
        return sb.toString();
    }

    private static void append(StringBuilder sb, String name, int weight) {
        if (!sb.isEmpty()) {
            sb.append(", ");
        }
        sb.append(name);
        if (weight != 1000) {
            sb.append(";q=").append(weight / 1000).append('.').append(weight / 100 % 10).append(weight / 10 % 10)
                    .append(weight % 10);
        }
    }

    /**
     * Reads the parameters after a coding: only {@code q} is defined (RFC 9110 section 12.4.2), as
     * {@code "0" ["." 0*3DIGIT]} or {@code "1" ["." 0*3"0"]}. Returns thousandths, or -1 when malformed.
     */
    private static int weight(String value, int from, int to) {
        String parameter = trim(value, from, to);
        if (parameter.length() < 3 || (parameter.charAt(0) != 'q' && parameter.charAt(0) != 'Q')) {
            return -1;
        }
        int eq = 1;
        while (eq < parameter.length() && isSpace(parameter.charAt(eq))) {
            eq++;
        }
        if (eq >= parameter.length() || parameter.charAt(eq) != '=') {
            return -1;
        }
        String q = parameter.substring(eq + 1).strip();
        if (q.isEmpty() || q.length() > 5 || (q.charAt(0) != '0' && q.charAt(0) != '1')) {
            return -1;
        }
        int result = (q.charAt(0) - '0') * 1000;
        if (q.length() > 1) {
            if (q.charAt(1) != '.') {
                return -1;
            }
            int scale = 100;
            for (int k = 2; k < q.length(); k++, scale /= 10) {
                char c = q.charAt(k);
                if (c < '0' || c > '9') {
                    return -1;
                }
                result += (c - '0') * scale;
            }
        }
        return result > 1000 ? -1 : result;
    }

    private static int indexOf(String s, char c, int from, int to) {
        for (int i = from; i < to; i++) {
            if (s.charAt(i) == c) {
                return i;
            }
        }
        return -1;
    }

    private static String trim(String s, int from, int to) {
        while (from < to && isSpace(s.charAt(from))) {
            from++;
        }
        while (to > from && isSpace(s.charAt(to - 1))) {
            to--;
        }
        return s.substring(from, to);
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t';
    }
}
