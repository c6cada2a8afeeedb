package motor.ext.json;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Adjusts the {@link ObjectMapper} of a {@link JsonCodec} once, when the codec is made: registers modules
 * (Java time, Kotlin, parameter names), naming strategies, mix-ins, features.
 *
 * <p>The {@code json} extension applies the customizer that an extension or the application provides as
 * a service: {@code context.provide(JsonCustomizer.class, mapper -> mapper.registerModule(...))}. It looks
 * the service up when the first request arrives, so the providing extension may install before or after
 * {@code json}. An application that builds its own codec passes the customizer to
 * {@link JsonCodec#create(JsonOptions, JsonCustomizer)}.
 *
 * <p>The customizer runs after the {@link JsonOptions} are applied, so what it sets wins, the read limits
 * included ({@code mapper.getFactory().setStreamReadConstraints(...)}). It must not keep the mapper for
 * use elsewhere: the mapper is the codec's, and is discarded with it when plugins are reloaded.
 */
@FunctionalInterface
public interface JsonCustomizer {

    /**
     * Adjusts the mapper.
     *
     * @param mapper the codec's mapper, with the options already applied
     */
    void customize(ObjectMapper mapper);
}
