package motor.example.hello.internal;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import java.nio.charset.StandardCharsets;
import motor.spi.HttpException;
import motor.spi.Status;
import motor.spi.extension.Extension;
import motor.spi.extension.ExtensionContext;

/**
 * Serves {@code GET /hello?name=World} with {@code {"greeting":"Hello, World!"}}. The greeting word comes
 * from the {@code hello.greeting} setting ({@code Hello} by default).
 */
public final class HelloExtension implements Extension {

    private static final int MAX_NAME = 100;

    private final Gson gson = new Gson();

    @Override
    public String name() {
        return "hello";
    }

    @Override
    public void install(ExtensionContext context) {
        String greeting = context.config().string("greeting", "Hello");
        context.routes().get("/hello", (request, response) -> {
            String name = request.query().first("name", "World");
            if (name.length() > MAX_NAME) {
                throw new HttpException(Status.BAD_REQUEST, "name longer than " + MAX_NAME + " characters");
            }
            JsonObject body = new JsonObject();
            body.addProperty("greeting", greeting + ", " + name + "!");
            response.headers().set("Content-Type", "application/json");
            response.send(gson.toJson(body).getBytes(StandardCharsets.UTF_8));
        });
    }
}
