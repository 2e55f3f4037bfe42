package app.tandem.record;

import app.tandem.platform.Caller;
import app.tandem.platform.Json;
import app.tandem.platform.Operation;
import app.tandem.platform.Requests;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.UUID;

/** The SEND record and home views: operationId → handler. */
final class RecordRoutes {
    private final RecordService record;
    private final OutcomeService outcomes;
    private final ProvisionService provision;
    private final HomeViews homes;

    RecordRoutes(RecordService record, OutcomeService outcomes, ProvisionService provision, HomeViews homes) {
        this.record = record;
        this.outcomes = outcomes;
        this.provision = provision;
        this.homes = homes;
    }

    Map<String, Operation> operations() {
        return Map.ofEntries(
                Map.entry("getSendRecord", ctx -> record.record(Caller.of(ctx), pupil(ctx))
                        .compose(json -> Json.ok(ctx, json))),
                Map.entry("listRecordChanges", ctx -> record.changes(
                                Caller.of(ctx),
                                pupil(ctx),
                                Requests.limit(ctx),
                                ctx.queryParams().get("cursor"))
                        .compose(json -> Json.ok(ctx, json))),
                Map.entry("setSenStatus", ctx -> record.setStatus(
                                Caller.of(ctx), pupil(ctx), ctx.body().asJsonObject())
                        .compose(json -> Json.ok(ctx, json))),
                Map.entry("addNeed", ctx -> record.addNeed(
                                Caller.of(ctx), pupil(ctx), ctx.body().asJsonObject())
                        .compose(json -> Json.created(ctx, json))),
                Map.entry("endNeed", ctx -> record.endNeed(Caller.of(ctx), pupil(ctx), id(ctx, "needId"))
                        .compose(json -> Json.ok(ctx, json))),
                Map.entry("listOutcomes", ctx -> outcomes.outcomes(Caller.of(ctx), pupil(ctx))
                        .compose(json -> Json.ok(ctx, json))),
                Map.entry("addOutcome", ctx -> outcomes.addOutcome(
                                Caller.of(ctx), pupil(ctx), ctx.body().asJsonObject())
                        .compose(json -> Json.created(ctx, json))),
                Map.entry("closeOutcome", ctx -> outcomes.closeOutcome(
                                Caller.of(ctx),
                                pupil(ctx),
                                id(ctx, "outcomeId"),
                                ctx.body().asJsonObject())
                        .compose(json -> Json.ok(ctx, json))),
                Map.entry("addProgress", ctx -> outcomes.addProgress(
                                Caller.of(ctx),
                                pupil(ctx),
                                id(ctx, "outcomeId"),
                                ctx.body().asJsonObject())
                        .compose(json -> Json.created(ctx, json))),
                Map.entry("commentOnProgress", ctx -> outcomes.comment(
                                Caller.of(ctx),
                                pupil(ctx),
                                id(ctx, "outcomeId"),
                                id(ctx, "progressId"),
                                ctx.body().asJsonObject().getString("text"))
                        .compose(json -> Json.created(ctx, json))),
                Map.entry(
                        "listProvision",
                        ctx -> provision.provision(Caller.of(ctx), pupil(ctx)).compose(json -> Json.ok(ctx, json))),
                Map.entry("addProvision", ctx -> provision
                        .addProvision(Caller.of(ctx), pupil(ctx), ctx.body().asJsonObject())
                        .compose(json -> Json.created(ctx, json))),
                Map.entry("logProvisionSession", ctx -> provision
                        .logSession(
                                Caller.of(ctx),
                                pupil(ctx),
                                id(ctx, "provisionId"),
                                ctx.body().asJsonObject())
                        .compose(json -> Json.created(ctx, json))),
                Map.entry("listCycles", ctx -> record.cycles(Caller.of(ctx), pupil(ctx))
                        .compose(json -> Json.ok(ctx, json))),
                Map.entry("openCycle", ctx -> record.openCycle(
                                Caller.of(ctx), pupil(ctx), ctx.body().asJsonObject())
                        .compose(json -> Json.created(ctx, json))),
                Map.entry("closeCycle", ctx -> record.closeCycle(
                                Caller.of(ctx),
                                pupil(ctx),
                                id(ctx, "cycleId"),
                                ctx.body().asJsonObject().getString("reviewRecord"))
                        .compose(json -> Json.ok(ctx, json))),
                Map.entry("getParentHome", ctx -> homes.parent(Caller.of(ctx)).compose(json -> Json.ok(ctx, json))),
                Map.entry("getPupilHome", ctx -> homes.pupil(Caller.of(ctx)).compose(json -> Json.ok(ctx, json))));
    }

    private static UUID pupil(RoutingContext ctx) {
        return Requests.pathId(ctx, "pupilId");
    }

    private static UUID id(RoutingContext ctx, String name) {
        return Requests.pathId(ctx, name);
    }
}
