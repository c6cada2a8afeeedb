/**
 * An example plugin: {@code GET /hello?name=...} answers a JSON greeting made with Gson, a library the
 * server does not have. It shows the shape of a third-party extension: it requires {@code motor.spi}
 * (provided by the server) and its own libraries (shipped beside it in its plugin folder), and declares
 * its extension both here and in {@code META-INF/services}.
 */
module motor.example.hello {
    requires motor.spi;
    requires com.google.gson;

    provides motor.spi.extension.Extension with motor.example.hello.internal.HelloExtension;
}
