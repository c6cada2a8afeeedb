/**
 * JSON request and response bodies with Jackson: bind a body to a record or class, write an object as
 * JSON, with the errors and limits an HTTP server needs (415 for a body that is not JSON, 400 with the
 * JSON pointer and the reason for a malformed or mistyped one, 413 past the size limit); see
 * {@link motor.ext.json}.
 *
 * <p>Jackson and {@code motor.spi} are required transitively: the exported API hands out and takes their
 * types ({@code JsonNode}, {@code TypeReference}, {@code ObjectMapper}; {@code Request}, {@code Response},
 * {@code Middleware}), so an application that uses it reads them without naming them. An application whose records Jackson binds must still open their package:
 * {@code opens com.example.api to com.fasterxml.jackson.databind;}.
 */
module motor.ext.json {
    requires transitive motor.spi;
    requires transitive com.fasterxml.jackson.databind;

    exports motor.ext.json;

    provides motor.spi.extension.Extension with motor.ext.json.internal.JsonExtension;
}
