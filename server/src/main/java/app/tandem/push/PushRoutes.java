package app.tandem.push;

import app.tandem.platform.Caller;
import app.tandem.platform.Json;
import app.tandem.platform.Operation;
import app.tandem.platform.Requests;
import java.util.Map;

/** Devices and quiet hours: operationId → handler. */
record PushRoutes(Devices devices) {
    Map<String, Operation> operations() {
        return Map.of(
                "registerDevice",
                        ctx -> devices.register(Caller.of(ctx), ctx.body().asJsonObject())
                                .compose(r -> Json.send(ctx, r.created() ? 201 : 200, r.device())),
                "listDevices", Operation.ok(ctx -> devices.list(Caller.of(ctx))),
                "deleteDevice",
                        Operation.noContent(ctx -> devices.delete(Caller.of(ctx), Requests.pathId(ctx, "deviceId"))),
                "getQuietHours", Operation.ok(ctx -> devices.quietHours(Caller.of(ctx))),
                "setQuietHours",
                        Operation.ok(ctx ->
                                devices.setQuietHours(Caller.of(ctx), ctx.body().asJsonObject())),
                "clearQuietHours", Operation.noContent(ctx -> devices.clearQuietHours(Caller.of(ctx))));
    }
}
