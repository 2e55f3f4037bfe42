package app.tandem.directory;

import app.tandem.platform.Caller;
import app.tandem.platform.Json;
import app.tandem.platform.Operation;
import app.tandem.platform.Problem;
import app.tandem.platform.ProblemType;
import app.tandem.platform.Requests;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;

/** The directory's operations: operationId → handler. */
final class DirectoryRoutes {
    private final DirectoryService directory;
    private final DirectoryImport imports;

    DirectoryRoutes(DirectoryService directory, DirectoryImport imports) {
        this.directory = directory;
        this.imports = imports;
    }

    Map<String, Operation> operations() {
        return Map.ofEntries(
                Map.entry(
                        "getSchoolSettings",
                        ctx -> directory.settings(Caller.of(ctx)).compose(json -> Json.ok(ctx, json))),
                Map.entry("updateSchoolSettings", ctx -> directory
                        .updateSettings(Caller.of(ctx), body(ctx))
                        .compose(json -> Json.ok(ctx, json))),
                Map.entry("listStaff", ctx -> directory
                        .listStaff(
                                Caller.of(ctx),
                                Requests.limit(ctx),
                                ctx.queryParams().get("cursor"))
                        .compose(json -> Json.ok(ctx, json))),
                Map.entry("createStaff", ctx -> directory
                        .createStaff(Caller.of(ctx), body(ctx))
                        .compose(json -> Json.created(ctx, json))),
                Map.entry("updateStaff", ctx -> directory
                        .updateStaff(Caller.of(ctx), Requests.pathId(ctx, "staffId"), body(ctx))
                        .compose(json -> Json.ok(ctx, json))),
                Map.entry("deactivateStaff", ctx -> directory
                        .deactivateStaff(Caller.of(ctx), Requests.pathId(ctx, "staffId"))
                        .compose(v -> Json.noContent(ctx))),
                Map.entry(
                        "listClasses",
                        ctx -> directory.listClasses(Caller.of(ctx)).compose(json -> Json.ok(ctx, json))),
                Map.entry("createClass", ctx -> directory
                        .createClass(Caller.of(ctx), body(ctx))
                        .compose(json -> Json.created(ctx, json))),
                Map.entry("updateClass", ctx -> directory
                        .updateClass(Caller.of(ctx), Requests.pathId(ctx, "classId"), body(ctx))
                        .compose(json -> Json.ok(ctx, json))),
                Map.entry("deactivateClass", ctx -> directory
                        .deactivateClass(Caller.of(ctx), Requests.pathId(ctx, "classId"))
                        .compose(v -> Json.noContent(ctx))),
                Map.entry("deactivateParent", ctx -> directory
                        .deactivateParent(Caller.of(ctx), Requests.pathId(ctx, "parentId"))
                        .compose(v -> Json.noContent(ctx))),
                Map.entry("listPupils", ctx -> directory
                        .listPupils(
                                Caller.of(ctx),
                                Requests.limit(ctx),
                                ctx.queryParams().get("cursor"))
                        .compose(json -> Json.ok(ctx, json))),
                Map.entry("createPupil", ctx -> directory
                        .createPupil(Caller.of(ctx), body(ctx))
                        .compose(json -> Json.created(ctx, json))),
                Map.entry("updatePupil", ctx -> directory
                        .updatePupil(Caller.of(ctx), Requests.pathId(ctx, "pupilId"), body(ctx))
                        .compose(json -> Json.ok(ctx, json))),
                Map.entry("deactivatePupil", ctx -> directory
                        .deactivatePupil(Caller.of(ctx), Requests.pathId(ctx, "pupilId"))
                        .compose(v -> Json.noContent(ctx))),
                Map.entry("listPupilParents", ctx -> directory
                        .parentLinks(Caller.of(ctx), Requests.pathId(ctx, "pupilId"))
                        .compose(json -> Json.ok(ctx, json))),
                Map.entry("updateParentLink", ctx -> directory
                        .updateParentLink(
                                Caller.of(ctx),
                                Requests.pathId(ctx, "pupilId"),
                                Requests.pathId(ctx, "parentId"),
                                body(ctx))
                        .compose(json -> Json.ok(ctx, json))),
                Map.entry("importDirectory", this::importCsv));
    }

    private Future<Void> importCsv(RoutingContext ctx) {
        String type = ctx.request().getHeader("Content-Type");
        if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("text/csv")) {
            return Future.failedFuture(new Problem(ProblemType.UNSUPPORTED_MEDIA_TYPE, "Send the file as text/csv."));
        }
        boolean dryRun = Boolean.parseBoolean(ctx.queryParams().get("dryRun"));
        String csv = ctx.body().buffer() == null ? "" : ctx.body().asString("UTF-8");
        return imports.run(Caller.of(ctx), csv, dryRun).compose(json -> Json.ok(ctx, json));
    }

    private static JsonObject body(RoutingContext ctx) {
        return ctx.body().asJsonObject();
    }
}
