package app.tandem.platform;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.stream.Collectors;

/** What a field allows, in plain words, from its schema: the message a 400 gives for that field. */
final class Allowed {
    private Allowed() {}

    /** The message for a value that broke `keyword`; null when the schema says nothing more useful. */
    static String say(String keyword, JsonObject schema) {
        return switch (keyword) {
            case "maxLength" -> "must be at most " + schema.getValue("maxLength") + " characters.";
            case "minLength" -> schema.getInteger("minLength", 1) <= 1
                    ? "must not be empty."
                    : "must be at least " + schema.getValue("minLength") + " characters.";
            case "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum" -> range(schema);
            case "enum", "const" -> oneOf(schema);
                // A pattern that only spells out a format says best what it means by that format.
            case "format", "pattern" -> format(schema.getString("format"));
            case "type" -> "must be " + kind(schema) + ".";
            case "maxItems" -> "must have at most " + schema.getValue("maxItems") + " items.";
            case "minItems" -> "must have at least " + schema.getValue("minItems") + " item"
                    + (schema.getInteger("minItems", 1) == 1 ? "." : "s.");
            case "multipleOf" -> "must be a multiple of " + schema.getValue("multipleOf") + ".";
            case "uniqueItems" -> "must not list the same item twice.";
            default -> null;
        };
    }

    private static String range(JsonObject schema) {
        Object min = schema.getValue("minimum");
        Object max = schema.getValue("maximum");
        if (min != null && max != null) return "must be between " + min + " and " + max + ".";
        if (min != null) return "must be at least " + min + ".";
        if (max != null) return "must be at most " + max + ".";
        return null;
    }

    private static String oneOf(JsonObject schema) {
        JsonArray values = schema.getJsonArray("enum");
        if (values == null) return schema.containsKey("const") ? "must be " + schema.getValue("const") + "." : null;
        return "must be one of " + values.stream().map(String::valueOf).collect(Collectors.joining(", ")) + ".";
    }

    private static String format(String format) {
        if (format == null) return null;
        return switch (format) {
            case "date" -> "must be a date like 2026-12-31.";
            case "date-time" -> "must be a date and time like 2026-12-31T16:00:00Z.";
            case "email" -> "must be an email address like name@example.org.";
            case "uuid" -> "must be an id like 0d000000-0000-4000-8000-000000000401.";
            case "uri" -> "must be a web address like https://example.org/.";
            default -> "must be in the " + format + " format.";
        };
    }

    private static String kind(JsonObject schema) {
        Object type = schema.getValue("type");
        return switch (String.valueOf(type)) {
            case "integer" -> "a whole number";
            case "number" -> "a number";
            case "boolean" -> "true or false";
            case "array" -> "a list";
            case "object" -> "an object";
            default -> "text";
        };
    }
}
