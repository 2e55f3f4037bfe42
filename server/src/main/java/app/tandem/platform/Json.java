package app.tandem.platform;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.OffsetDateTime;
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
        return send(ctx, 200, answer.toJson());
    }

    /** 201 with what was made, turned into JSON here at the edge. */
    public static Future<Void> created(RoutingContext ctx, Answer answer) {
        return send(ctx, 201, answer.toJson());
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

    private static Future<Void> send(RoutingContext ctx, int status, io.vertx.core.buffer.Buffer encoded) {
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
        for (String key : java.util.List.copyOf(json.fieldNames())) {
            Object value = json.getValue(key);
            if (value instanceof String s && key.endsWith("At") && s.length() > 10) {
                json.put(key, OffsetDateTime.parse(s).toInstant().toString());
            } else if (value instanceof JsonObject o) {
                utcTimes(o);
            } else if (value instanceof JsonArray a) {
                for (int i = 0; i < a.size(); i++) if (a.getValue(i) instanceof JsonObject o) utcTimes(o);
            }
        }
        return json;
    }
}
