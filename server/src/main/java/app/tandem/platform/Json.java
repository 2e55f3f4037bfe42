package app.tandem.platform;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Writing JSON responses the same way everywhere. */
public final class Json {
    private Json() {}

    public static Future<Void> ok(RoutingContext ctx, JsonObject body) {
        return send(ctx, 200, body);
    }

    /** 200 with JSON already encoded (an answer this replica keeps as it was sent). */
    public static Future<Void> ok(RoutingContext ctx, io.vertx.core.buffer.Buffer encoded) {
        return send(ctx, 200, encoded);
    }

    /** 200 with what a service answered, turned into JSON here at the edge. */
    public static Future<Void> ok(RoutingContext ctx, Answer answer) {
        return send(ctx, 200, answer.encode());
    }

    /** 201 with what was made, turned into JSON here at the edge. */
    public static Future<Void> created(RoutingContext ctx, Answer answer) {
        return send(ctx, 201, answer.encode());
    }

    public static Future<Void> created(RoutingContext ctx, JsonObject body) {
        return send(ctx, 201, body);
    }

    public static Future<Void> noContent(RoutingContext ctx) {
        return AnswerGate.release(ctx, () -> ctx.response().setStatusCode(204).end());
    }

    public static Future<Void> send(RoutingContext ctx, int status, JsonObject body) {
        return send(ctx, status, body.toBuffer());
    }

    public static Future<Void> send(RoutingContext ctx, int status, io.vertx.core.buffer.Buffer encoded) {
        return AnswerGate.release(ctx, () -> ctx.response()
                .setStatusCode(status)
                .putHeader("Content-Type", "application/json")
                .putHeader("Cache-Control", "no-store")
                .end(encoded));
    }

    /** A reference to someone or something the app shows by name: {@code {id, name}}. */
    public static JsonObject named(UUID id, String name) {
        return new JsonObject().put("id", id.toString()).put("name", name);
    }

    /**
     * A JSON object built by PostgreSQL (`json_build_object`), as the API speaks it: timestamps in
     * UTC with a `Z`. The driver hands JSON over as a JsonObject or as text; null stays null.
     */
    public static JsonObject object(Object fromDb) {
        if (fromDb == null) return null;
        return utcTimes(fromDb instanceof JsonObject j ? j : new JsonObject(fromDb.toString()));
    }

    /** A JSON array built by PostgreSQL (`json_agg`), timestamps in UTC; null is an empty array. */
    public static JsonArray array(Object fromDb) {
        if (fromDb == null) return new JsonArray();
        JsonArray array = fromDb instanceof JsonArray a ? a : new JsonArray(fromDb.toString());
        for (int i = 0; i < array.size(); i++) if (array.getValue(i) instanceof JsonObject o) utcTimes(o);
        return array;
    }

    /** A timestamp column as the API speaks it (UTC, `Z`); null stays null. */
    public static String time(OffsetDateTime at) {
        return at == null ? null : at.toInstant().toString();
    }

    /**
     * JSON built by PostgreSQL writes timestamps with an offset; the API speaks UTC with a `Z`. Rewrites
     * every field whose name ends in `At`, at any depth, in place.
     */
    public static JsonObject utcTimes(JsonObject json) {
        utcTimes(json.getMap());
        return json;
    }

    @SuppressWarnings("unchecked")
    private static void utcTimes(Map<String, Object> json) {
        // Values are replaced in place, never added or removed, so the entries can be walked as they are.
        for (Map.Entry<String, Object> field : json.entrySet()) {
            Object value = field.getValue();
            if (value instanceof String s && field.getKey().endsWith("At") && s.length() > 10) {
                field.setValue(utc(s));
            } else if (value instanceof JsonObject o) {
                utcTimes(o.getMap());
            } else if (value instanceof Map<?, ?> m) {
                utcTimes((Map<String, Object>) m);
            } else if (value instanceof JsonArray a) {
                utcTimesIn(a.getList());
            } else if (value instanceof List<?> l) {
                utcTimesIn(l);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static void utcTimesIn(List<?> array) {
        for (Object item : array) {
            if (item instanceof JsonObject o) utcTimes(o.getMap());
            else if (item instanceof Map<?, ?> m) utcTimes((Map<String, Object>) m);
        }
    }

    /** A timestamp field of JSON text PostgreSQL wrote: its name ends in `At`, its value has an offset. */
    private static final Pattern TIME_FIELD = Pattern.compile(
            "(\"[A-Za-z0-9_]*At\"\\s*:\\s*\")(\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(?:\\.\\d{1,9})?[+-]\\d\\d:\\d\\d)\"");

    /**
     * {@link #utcTimes} on JSON text rather than a tree, for JSON passed through unparsed ({@link
     * RawJson}): the same fields, rewritten the same way. A quote inside a string is escaped, so a
     * match is always a field of the JSON, never text someone wrote.
     */
    public static String utcText(String json) {
        Matcher field = TIME_FIELD.matcher(json);
        if (!field.find()) return json;
        StringBuilder out = new StringBuilder(json.length() + 64);
        int copied = 0;
        do {
            out.append(json, copied, field.start(2));
            appendUtc(out, json.substring(field.start(2), field.end(2)));
            copied = field.end(2);
        } while (field.find());
        return out.append(json, copied, json.length()).toString();
    }

    /**
     * A PostgreSQL timestamp as {@link java.time.Instant#toString} writes it. In a UTC session (the
     * usual case) that is its text with `+00:00` made `Z` and the fraction (PostgreSQL drops its
     * trailing zeros) padded to three or six digits, without parsing a date; otherwise it is parsed.
     */
    static String utc(String time) {
        return appendUtc(new StringBuilder(time.length() + 2), time).toString();
    }

    private static StringBuilder appendUtc(StringBuilder out, String time) {
        int end = time.length() - 6;
        if (!time.endsWith("+00:00") || end < 19 || time.charAt(10) != 'T') {
            return out.append(OffsetDateTime.parse(time).toInstant());
        }
        out.append(time, 0, end);
        int dot = time.indexOf('.', 19);
        if (dot >= 0) for (int digits = end - dot - 1; digits % 3 != 0; digits++) out.append('0');
        return out.append('Z');
    }
}
