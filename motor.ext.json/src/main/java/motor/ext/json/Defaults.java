package motor.ext.json;

/**
 * The codecs {@link Json} uses when no middleware put one on the exchange (the {@code json} extension
 * is not installed): {@link JsonOptions#defaults()}, one codec per class.
 *
 * <p>Not one static codec: a mapper caches what it learnt about every type it met, so a single codec
 * in the boot layer would hold on to the classes of every plugin that used it, and no reloaded plugin
 * could ever be unloaded. A {@link ClassValue} keeps each codec with a class (the type read, or the
 * class that called {@code Json.write}) and lets it go with that class.
 */
final class Defaults {

    private static final ClassValue<JsonCodec> CODECS = new ClassValue<>() {
        @Override
        protected JsonCodec computeValue(Class<?> type) {
            return JsonCodec.create(JsonOptions.defaults());
        }
    };

    private Defaults() {
    }

    /** {@return the default codec kept with {@code owner}} */
    static JsonCodec codec(Class<?> owner) {
        return CODECS.get(owner);
    }
}
