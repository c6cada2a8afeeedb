package motor.ext.json;

/**
 * The settings of a {@link JsonCodec}: limits on what a request body may hold, and how strict binding
 * is. The {@code json} extension reads them from its configuration section; an application that builds
 * its own codec starts from {@link #defaults()} and changes what it needs:
 * <pre>{@code
 * JsonOptions options = JsonOptions.defaults().withMaxDepth(20).withPretty(true);
 * }</pre>
 *
 * @param maxBodySize             the largest JSON body read, in bytes; the route's body limit applies too,
 *                                and the smaller one wins; past it the answer is 413
 * @param maxDepth                how deeply arrays and objects may nest; deeper is 400
 * @param maxStringLength         the longest string value, in characters; longer is 400
 * @param maxNumberLength         the longest number, in characters (digits, sign, point, exponent); longer
 *                                is 400. Parsing a huge number costs time that grows faster than its
 *                                length, so this stays small
 * @param maxNameLength           the longest property name, in characters; longer is 400
 * @param failOnUnknownProperties whether a property the target type does not have is an error (400)
 *                                rather than ignored
 * @param rejectDuplicateKeys     whether an object that names the same property twice is an error (400);
 *                                otherwise the last one wins, which lets two parsers of one document
 *                                disagree about what it says
 * @param pretty                  whether responses are indented for people rather than compact
 * @param allowMissingContentType whether a body without {@code Content-Type} is read as JSON rather than
 *                                refused with 415
 */
public record JsonOptions(long maxBodySize, int maxDepth, int maxStringLength, int maxNumberLength,
        int maxNameLength, boolean failOnUnknownProperties, boolean rejectDuplicateKeys, boolean pretty,
        boolean allowMissingContentType) {

    /** The default {@link #maxBodySize()}: 1 MiB. */
    public static final long DEFAULT_MAX_BODY_SIZE = 1024 * 1024;
    /** The default {@link #maxDepth()}. */
    public static final int DEFAULT_MAX_DEPTH = 100;
    /** The default {@link #maxStringLength()}: 1 Mi characters. */
    public static final int DEFAULT_MAX_STRING_LENGTH = 1024 * 1024;
    /** The default {@link #maxNumberLength()}. */
    public static final int DEFAULT_MAX_NUMBER_LENGTH = 100;
    /** The default {@link #maxNameLength()}. */
    public static final int DEFAULT_MAX_NAME_LENGTH = 1000;

    /**
     * Checks the limits.
     *
     * @throws IllegalArgumentException if a limit is less than 1
     */
    public JsonOptions {
        positive("maxBodySize", maxBodySize);
        positive("maxDepth", maxDepth);
        positive("maxStringLength", maxStringLength);
        positive("maxNumberLength", maxNumberLength);
        positive("maxNameLength", maxNameLength);
    }

    private static void positive(String name, long value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be at least 1, not " + value);
        }
    }

    /**
     * {@return the defaults: 1 MiB bodies, depth 100, strings of 1 Mi characters, numbers of 100
     * characters, names of 1000 characters, unknown properties and duplicate keys refused, compact
     * output, {@code Content-Type} required}
     */
    public static JsonOptions defaults() {
        return new JsonOptions(DEFAULT_MAX_BODY_SIZE, DEFAULT_MAX_DEPTH, DEFAULT_MAX_STRING_LENGTH,
                DEFAULT_MAX_NUMBER_LENGTH, DEFAULT_MAX_NAME_LENGTH, true, true, false, false);
    }

    /**
     * {@return a copy with another {@link #maxBodySize()}}
     *
     * @param bytes the limit in bytes, 1 or more
     */
    public JsonOptions withMaxBodySize(long bytes) {
        return new JsonOptions(bytes, maxDepth, maxStringLength, maxNumberLength, maxNameLength,
                failOnUnknownProperties, rejectDuplicateKeys, pretty, allowMissingContentType);
    }

    /**
     * {@return a copy with another {@link #maxDepth()}}
     *
     * @param depth the deepest nesting, 1 or more
     */
    public JsonOptions withMaxDepth(int depth) {
        return new JsonOptions(maxBodySize, depth, maxStringLength, maxNumberLength, maxNameLength,
                failOnUnknownProperties, rejectDuplicateKeys, pretty, allowMissingContentType);
    }

    /**
     * {@return a copy with another {@link #maxStringLength()}}
     *
     * @param characters the longest string, 1 or more
     */
    public JsonOptions withMaxStringLength(int characters) {
        return new JsonOptions(maxBodySize, maxDepth, characters, maxNumberLength, maxNameLength,
                failOnUnknownProperties, rejectDuplicateKeys, pretty, allowMissingContentType);
    }

    /**
     * {@return a copy with another {@link #maxNumberLength()}}
     *
     * @param characters the longest number, 1 or more
     */
    public JsonOptions withMaxNumberLength(int characters) {
        return new JsonOptions(maxBodySize, maxDepth, maxStringLength, characters, maxNameLength,
                failOnUnknownProperties, rejectDuplicateKeys, pretty, allowMissingContentType);
    }

    /**
     * {@return a copy with another {@link #maxNameLength()}}
     *
     * @param characters the longest property name, 1 or more
     */
    public JsonOptions withMaxNameLength(int characters) {
        return new JsonOptions(maxBodySize, maxDepth, maxStringLength, maxNumberLength, characters,
                failOnUnknownProperties, rejectDuplicateKeys, pretty, allowMissingContentType);
    }

    /**
     * {@return a copy with another {@link #failOnUnknownProperties()}}
     *
     * @param fail whether unknown properties are refused
     */
    public JsonOptions withFailOnUnknownProperties(boolean fail) {
        return new JsonOptions(maxBodySize, maxDepth, maxStringLength, maxNumberLength, maxNameLength,
                fail, rejectDuplicateKeys, pretty, allowMissingContentType);
    }

    /**
     * {@return a copy with another {@link #rejectDuplicateKeys()}}
     *
     * @param reject whether duplicate keys are refused
     */
    public JsonOptions withRejectDuplicateKeys(boolean reject) {
        return new JsonOptions(maxBodySize, maxDepth, maxStringLength, maxNumberLength, maxNameLength,
                failOnUnknownProperties, reject, pretty, allowMissingContentType);
    }

    /**
     * {@return a copy with another {@link #pretty()}}
     *
     * @param indent whether responses are indented
     */
    public JsonOptions withPretty(boolean indent) {
        return new JsonOptions(maxBodySize, maxDepth, maxStringLength, maxNumberLength, maxNameLength,
                failOnUnknownProperties, rejectDuplicateKeys, indent, allowMissingContentType);
    }

    /**
     * {@return a copy with another {@link #allowMissingContentType()}}
     *
     * @param allow whether a body without {@code Content-Type} is read as JSON
     */
    public JsonOptions withAllowMissingContentType(boolean allow) {
        return new JsonOptions(maxBodySize, maxDepth, maxStringLength, maxNumberLength, maxNameLength,
                failOnUnknownProperties, rejectDuplicateKeys, pretty, allow);
    }
}
