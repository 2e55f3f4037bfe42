package app.tandem.push;

import static app.tandem.platform.Operation.answers;
import static app.tandem.platform.Operation.noContent;
import static app.tandem.platform.Operation.ok;

import app.tandem.platform.Caller;
import app.tandem.platform.Items;
import app.tandem.platform.Json;
import app.tandem.platform.Operation;
import io.vertx.core.json.JsonObject;
import java.time.LocalTime;
import java.util.Map;

/**
 * Devices and quiet hours: operationId → handler. JSON is turned into typed requests here and typed
 * answers back into JSON; the contract has already checked each body's shape.
 */
record PushRoutes(Devices devices) {
    Map<String, Operation> operations() {
        return Map.ofEntries(
                answers("registerDevice", ctx -> {
                    Caller caller = Caller.of(ctx);
                    return devices.register(caller, newDevice(ctx.body().asJsonObject()))
                            .compose(r -> Json.send(ctx, r.created() ? 201 : 200, json(r.device(), caller)));
                }),
                ok("listDevices", c -> {
                    Caller caller = c.caller();
                    return devices.list(caller).map(list -> new Items<>(list, d -> json(d, caller)));
                }),
                noContent("deleteDevice", c -> devices.delete(c.caller(), c.id("deviceId"))),
                answers("getQuietHours", ctx -> devices.quietHours(Caller.of(ctx))
                        .compose(q -> Json.ok(ctx, json(q)))),
                answers("setQuietHours", ctx -> {
                    JsonObject body = ctx.body().asJsonObject();
                    return devices.setQuietHours(
                                    Caller.of(ctx),
                                    LocalTime.parse(body.getString("from")),
                                    LocalTime.parse(body.getString("to")))
                            .compose(q -> Json.ok(ctx, json(q)));
                }),
                noContent("clearQuietHours", c -> devices.clearQuietHours(c.caller())));
    }

    static Devices.NewDevice newDevice(JsonObject body) {
        return new Devices.NewDevice(
                body.getString("token"),
                Devices.Platform.of(body.getString("platform")),
                body.getString("appVersion"),
                body.getString("locale"));
    }

    static JsonObject json(Devices.Device d, Caller caller) {
        JsonObject json = new JsonObject()
                .put("id", d.id().toString())
                .put("platform", d.platform().wire());
        if (d.appVersion() != null) json.put("appVersion", d.appVersion());
        if (d.locale() != null) json.put("locale", d.locale());
        return json.put("current", d.sessionId().equals(caller.sessionId()))
                .put("registeredAt", d.registeredAt().toString())
                .put("updatedAt", d.updatedAt().toString());
    }

    static JsonObject json(Devices.QuietHours q) {
        JsonObject json = new JsonObject().put("timeZone", q.timeZone());
        if (q.from() != null) json.put("from", q.from().toString()).put("to", q.to().toString());
        return json;
    }
}
