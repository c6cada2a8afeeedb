package motor.core.internal.config;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import motor.spi.extension.ConfigException;

/**
 * Reads a configuration file into plain Java values: objects as {@code Map<String, Object>} (in file
 * order), arrays as {@code List<Object>}, strings, numbers ({@code Long}, or {@code Double} for
 * fractions), booleans, and {@code null}. It uses Jackson's streaming parser only, so that starting a
 * server does not pay for Jackson's data binding; a repeated key is refused rather than silently
 * overwritten.
 */
public final class Json {

    private static final JsonFactory FACTORY = JsonFactory.builder().build();

    private Json() {
    }

    /**
     * Parses a JSON object.
     *
     * @param source where the text came from, for messages
     * @param text   the text
     * @return the object
     * @throws ConfigException if the text is not a JSON object, naming the line and column
     */
    public static Map<String, Object> parseObject(String source, String text) {
        try (JsonParser parser = FACTORY.createParser(text)) {
            JsonToken first = parser.nextToken();
            if (first != JsonToken.START_OBJECT) {
                throw new ConfigException(source, "(file)", "the configuration must be a JSON object");
            }
            Map<String, Object> object = object(parser, source);
            if (parser.nextToken() != null) {
                throw new ConfigException(source, "(file)", "not valid JSON: text after the end of the object"
                        + at(parser.currentLocation()));
            }
            return object;
        } catch (JsonParseException e) {
            throw new ConfigException(source, "(file)", "not valid JSON: " + e.getOriginalMessage()
                    + at(e.getLocation()));
        } catch (IOException e) {
            throw new ConfigException(source, "(file)", "cannot be read: " + e);
        }
    }

    private static String at(JsonLocation location) {
        return location == null ? "" : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }

    private static Map<String, Object> object(JsonParser parser, String source) throws IOException {
        Map<String, Object> object = new LinkedHashMap<>();
        for (JsonToken token = parser.nextToken(); token != JsonToken.END_OBJECT; token = parser.nextToken()) {
            String key = parser.currentName();
            JsonLocation where = parser.currentTokenLocation();
            parser.nextToken();
            if (object.containsKey(key)) {
                throw new ConfigException(source, key, "the key appears twice in one object" + at(where));
            }
            object.put(key, value(parser, source));
        }
        return Collections.unmodifiableMap(object);
    }

    private static Object value(JsonParser parser, String source) throws IOException {
        return switch (parser.currentToken()) {
            case START_OBJECT -> object(parser, source);
            case START_ARRAY -> {
                List<Object> list = new ArrayList<>();
                for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
                    list.add(value(parser, source));
                }
                yield Collections.unmodifiableList(list);
            }
            case VALUE_STRING -> parser.getText();
            case VALUE_NUMBER_INT -> parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                    ? parser.getDecimalValue() : (Object) parser.getLongValue();
            case VALUE_NUMBER_FLOAT -> parser.getDoubleValue();
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NULL -> null;
            default -> throw new ConfigException(source, "(file)", "unexpected " + parser.currentToken()
                    + at(parser.currentLocation()));
        };
    }
}
