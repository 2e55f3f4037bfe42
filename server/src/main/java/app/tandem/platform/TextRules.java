package app.tandem.platform;

import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * What characters a string the API takes may hold, decided once for every operation. Long text
 * (a schema with `maxLength` of 500 or more: messages, notice bodies, descriptions, what was agreed)
 * may hold line breaks and tabs; every other string (names, emails, codes, tokens, ids, tags,
 * path and query values) is a single line with no control characters at all. Anything else is a
 * 400 naming the field, before the request reaches a handler or the database (which refuses NUL).
 */
public final class TextRules {
    /** Where long text starts: below this a string is one line. */
    static final int LONG_TEXT = 500;

    private final ContractSchemas schemas;
    private final Map<String, Pattern> patterns = new ConcurrentHashMap<>();

    public TextRules(ContractSchemas schemas) {
        this.schemas = schemas;
    }

    /** The contract's request schemas these rules read. */
    public ContractSchemas schemas() {
        return schemas;
    }

    /** Runs after the contract's own validation, so the body is JSON of the declared shape. */
    public Handler<RoutingContext> forOperation(String operationId) {
        JsonObject schema = schemas.body(operationId);
        return ctx -> {
            List<FieldError> errors = new ArrayList<>();
            ctx.pathParams().forEach((name, value) -> parameter(operationId, "path." + name, value, errors));
            ctx.queryParams().forEach((name, value) -> parameter(operationId, "query." + name, value, errors));
            if (schema != null && ctx.body() != null && !ctx.body().isEmpty()) {
                Object body;
                try {
                    body = ctx.body().asJsonObject();
                } catch (RuntimeException notAnObject) {
                    body = null;
                }
                if (body != null) walk(body, schema, "body", errors);
            }
            if (errors.isEmpty()) ctx.next();
            else ctx.fail(Problem.invalid(errors));
        };
    }

    private void parameter(String operationId, String field, String value, List<FieldError> errors) {
        singleLine(field, value, errors);
        JsonObject s = schemas.parameter(operationId, field);
        format(field, value, s, errors);
        pattern(field, value, s, errors);
        if ("integer".equals(s.getValue("type"))) {
            try {
                Long.parseLong(value);
            } catch (NumberFormatException tooLarge) {
                errors.add(new FieldError(
                        field, "must be a whole number from " + Long.MIN_VALUE + " to " + Long.MAX_VALUE + "."));
            }
        }
    }

    /**
     * The schema's pattern with its end anchor meaning the end of the text. The contract's validator
     * lets `$` match before a final line break (as Java and ECMAScript do), so `x\n` passed a token's
     * `^[\x21-\x7E]+$`; here it does not.
     */
    private void pattern(String field, String text, JsonObject schema, List<FieldError> errors) {
        String pattern = schema.getString("pattern");
        // The validator has matched the pattern already; only a final line terminator can slip past
        // its `$`, so every other value (ids on every path, most text) costs no second match here.
        if (pattern == null || !endsWithLineTerminator(text)) return;
        if (errors.stream().anyMatch(e -> e.field().equals(field))) return;
        Pattern strict = patterns.computeIfAbsent(
                pattern,
                p -> Pattern.compile(
                        p.endsWith("$") && !p.endsWith("\\$") ? p.substring(0, p.length() - 1) + "\\z" : p));
        if (!strict.matcher(text).find())
            errors.add(new FieldError(field, "has characters this field does not take (a line break at the end?)."));
    }

    /** The characters before which Java's `$` also matches at the end of the input. */
    private static boolean endsWithLineTerminator(String text) {
        if (text.isEmpty()) return false;
        char last = text.charAt(text.length() - 1);
        return last == '\n' || last == '\r' || last == '\u0085' || last == '\u2028' || last == '\u2029';
    }

    /**
     * Dates and times as the handlers read them: a date-time always with its offset (RFC 3339), so
     * `2026-12-07T10:00` is a 400 naming the field, never a 500 or a guess at the time zone.
     */
    private static void format(String field, String text, JsonObject schema, List<FieldError> errors) {
        String format = schema.getString("format");
        try {
            if ("date-time".equals(format)) OffsetDateTime.parse(text);
            else if ("date".equals(format)) LocalDate.parse(text);
        } catch (DateTimeParseException ex) {
            errors.add(new FieldError(
                    field,
                    "date-time".equals(format)
                            ? "must be a date and time with its offset, such as 2026-12-07T09:30:00Z or 2026-12-07T09:30:00+00:00."
                            : "must be a date such as 2026-12-07."));
        }
    }

    private void walk(Object value, JsonObject schema, String path, List<FieldError> errors) {
        JsonObject s = schemas.resolve(schema);
        if (value instanceof String text) {
            if (s.getInteger("maxLength", 0) >= LONG_TEXT) longText(path, text, errors);
            else singleLine(path, text, errors);
            format(path, text, s, errors);
            pattern(path, text, s, errors);
        } else if (value instanceof JsonObject object) {
            JsonObject properties = s.getJsonObject("properties", new JsonObject());
            for (String key : object.fieldNames()) {
                Object child = properties.getValue(key);
                walk(
                        object.getValue(key),
                        child instanceof JsonObject c ? c : new JsonObject(),
                        path + "." + key,
                        errors);
            }
        } else if (value instanceof JsonArray array) {
            JsonObject items = s.getJsonObject("items", new JsonObject());
            for (int i = 0; i < array.size(); i++) walk(array.getValue(i), items, path + "[" + i + "]", errors);
        }
    }

    private static void singleLine(String field, String text, List<FieldError> errors) {
        for (int i = 0; i < text.length(); i++) {
            if (control(text.charAt(i))) {
                errors.add(new FieldError(
                        field, "must be a single line with no control characters (such as a line break)."));
                return;
            }
        }
    }

    private static void longText(String field, String text, List<FieldError> errors) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (control(c) && c != '\n' && c != '\r' && c != '\t') {
                errors.add(new FieldError(field, "may hold line breaks and tabs but no other control characters."));
                return;
            }
        }
    }

    private static boolean control(char c) {
        return c < 0x20 || c == 0x7F || (c >= 0x80 && c < 0xA0);
    }
}
