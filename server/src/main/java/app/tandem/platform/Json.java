package app.tandem.platform;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
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
}
