package app.tandem.platform;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.OffsetDateTime;
import io.vertx.ext.web.RoutingContext;

/** Writing JSON responses the same way everywhere. */
public final class Json {
  private Json() {}

  public static Future<Void> ok(RoutingContext ctx, JsonObject body) {
    return send(ctx, 200, body);
  }

  public static Future<Void> created(RoutingContext ctx, JsonObject body) {
    return send(ctx, 201, body);
  }

  public static Future<Void> noContent(RoutingContext ctx) {
    return ctx.response().setStatusCode(204).end();
  }

  public static Future<Void> send(RoutingContext ctx, int status, JsonObject body) {
    return ctx.response()
        .setStatusCode(status)
        .putHeader("Content-Type", "application/json")
        .putHeader("Cache-Control", "no-store")
        .end(body.encode());
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
