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
record DirectoryRoutes(DirectoryService directory, DirectoryImport imports, Terms terms) {
    Map<String, Operation> operations() {
        return Map.ofEntries(
                Map.entry("getSchoolSettings", Operation.ok(ctx -> directory.settings(Caller.of(ctx)))),
                Map.entry(
                        "updateSchoolSettings",
                        Operation.ok(ctx -> directory.updateSettings(
                                Caller.of(ctx), DirectoryRequests.SettingsChange.from(body(ctx))))),
                Map.entry(
                        "listStaff",
                        Operation.ok(ctx -> directory.listStaff(
                                Caller.of(ctx),
                                Requests.limit(ctx),
                                ctx.queryParams().get("cursor")))),
                Map.entry(
                        "createStaff",
                        Operation.created(ctx ->
                                directory.createStaff(Caller.of(ctx), DirectoryRequests.NewStaff.from(body(ctx))))),
                Map.entry(
                        "updateStaff",
                        Operation.ok(ctx -> directory.updateStaff(
                                Caller.of(ctx),
                                Requests.pathId(ctx, "staffId"),
                                DirectoryRequests.StaffChange.from(body(ctx))))),
                Map.entry(
                        "deactivateStaff",
                        Operation.noContent(
                                ctx -> directory.deactivateStaff(Caller.of(ctx), Requests.pathId(ctx, "staffId")))),
                Map.entry(
                        "listTerms",
                        Operation.ok(ctx -> terms.list(Caller.of(ctx), Requests.queryId(ctx, "schoolId")))),
                Map.entry("listTrustSchools", Operation.ok(ctx -> directory.trustSchools(Caller.of(ctx)))),
                Map.entry("setTerms", Operation.ok(ctx -> terms.set(Caller.of(ctx), Terms.from(body(ctx))))),
                Map.entry("listClasses", Operation.ok(ctx -> directory.listClasses(Caller.of(ctx)))),
                Map.entry(
                        "createClass",
                        Operation.created(ctx ->
                                directory.createClass(Caller.of(ctx), DirectoryRequests.NewClass.from(body(ctx))))),
                Map.entry(
                        "updateClass",
                        Operation.ok(ctx -> directory.updateClass(
                                Caller.of(ctx),
                                Requests.pathId(ctx, "classId"),
                                DirectoryRequests.ClassChange.from(body(ctx))))),
                Map.entry(
                        "deactivateClass",
                        Operation.noContent(
                                ctx -> directory.deactivateClass(Caller.of(ctx), Requests.pathId(ctx, "classId")))),
                Map.entry(
                        "deactivateParent",
                        Operation.noContent(
                                ctx -> directory.deactivateParent(Caller.of(ctx), Requests.pathId(ctx, "parentId")))),
                Map.entry(
                        "listPupils",
                        Operation.ok(ctx -> directory.listPupils(
                                Caller.of(ctx),
                                Requests.limit(ctx),
                                ctx.queryParams().get("cursor")))),
                Map.entry(
                        "createPupil",
                        Operation.created(
                                ctx -> directory.createPupil(Caller.of(ctx), DirectoryRequests.Pupil.from(body(ctx))))),
                Map.entry(
                        "updatePupil",
                        Operation.ok(ctx -> directory.updatePupil(
                                Caller.of(ctx),
                                Requests.pathId(ctx, "pupilId"),
                                DirectoryRequests.Pupil.from(body(ctx))))),
                Map.entry(
                        "deactivatePupil",
                        Operation.noContent(
                                ctx -> directory.deactivatePupil(Caller.of(ctx), Requests.pathId(ctx, "pupilId")))),
                Map.entry(
                        "listPupilParents",
                        Operation.ok(ctx -> directory.parentLinks(Caller.of(ctx), Requests.pathId(ctx, "pupilId")))),
                Map.entry(
                        "updateParentLink",
                        Operation.ok(ctx -> directory.updateParentLink(
                                Caller.of(ctx),
                                Requests.pathId(ctx, "pupilId"),
                                Requests.pathId(ctx, "parentId"),
                                DirectoryRequests.LinkChange.from(body(ctx))))),
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
