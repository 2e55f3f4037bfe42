package app.tandem.platform;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

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

    /**
     * {@link #utcTimes} on JSON text rather than a tree, for JSON passed through unparsed ({@link
     * RawJson}): the same fields, rewritten the same way. A field is found by its name's end, `At"`
     * followed by a colon: inside a string a quote is escaped (`\"`), so that is always a field of
     * the JSON, never text someone wrote. A plain scan, not a regular expression, which tried a match
     * at every character of a year of views and cost more than the rest of the request.
     */
    public static String utcText(String json) {
        StringBuilder out = null;
        int copied = 0;
        for (int name = json.indexOf("At\"", 0); name >= 0; name = json.indexOf("At\"", name + 3)) {
            int start = after(json, after(json, name + 3, ':'), '"');
            int end = start < 0 ? -1 : json.indexOf('"', start);
            if (end < 0 || !isTime(json, start, end)) continue;
            if (out == null) out = new StringBuilder(json.length() + 64);
            out.append(json, copied, start);
            appendUtc(out, json.substring(start, end));
            copied = end;
        }
        return out == null ? json : out.append(json, copied, json.length()).toString();
    }

    /** The index just past `c` when only spaces stand before it from `from`; -1 otherwise. */
    private static int after(String json, int from, char c) {
        if (from < 0) return -1;
        int i = from;
        while (i < json.length() && Character.isWhitespace(json.charAt(i))) i++;
        return i < json.length() && json.charAt(i) == c ? i + 1 : -1;
    }

    /** `2026-12-08T01:18:19[.ffffff]+00:00`: a date, a `T`, a time, an offset. */
    private static boolean isTime(String json, int start, int end) {
        int length = end - start;
        return length >= 25
                && length <= 38
                && json.charAt(start + 4) == '-'
                && json.charAt(start + 10) == 'T'
                && json.charAt(end - 3) == ':'
                && (json.charAt(end - 6) == '+' || json.charAt(end - 6) == '-');
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
