package motor.ext.json.internal;

import motor.ext.json.JsonCodec;

/** Where an exchange gets its codec: a codec itself, or the extension's, made on first use. */
@FunctionalInterface
public interface CodecSource {

    /** {@return the codec} */
    JsonCodec codec();
}
