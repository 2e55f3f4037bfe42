package app.tandem.directory;

import static app.tandem.platform.Operation.answers;
import static app.tandem.platform.Operation.created;
import static app.tandem.platform.Operation.noContent;
import static app.tandem.platform.Operation.ok;

import app.tandem.platform.Caller;
import app.tandem.platform.Json;
import app.tandem.platform.Operation;
import app.tandem.platform.Problem;
import app.tandem.platform.ProblemType;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;

/** The directory's operations: operationId → handler. */
record DirectoryRoutes(DirectoryService directory, DirectoryImport imports, Terms terms) {
    Map<String, Operation> operations() {
        return Map.ofEntries(
                ok("getSchoolSettings", c -> directory.settings(c.caller())),
                ok(
                        "updateSchoolSettings",
                        c -> directory.updateSettings(c.caller(), DirectoryRequests.SettingsChange.from(c.body()))),
                ok("listStaff", c -> directory.listStaff(c.caller(), c.limit(), c.cursor())),
                created(
                        "createStaff",
                        c -> directory.createStaff(c.caller(), DirectoryRequests.NewStaff.from(c.body()))),
                ok(
                        "updateStaff",
                        c -> directory.updateStaff(
                                c.caller(), c.id("staffId"), DirectoryRequests.StaffChange.from(c.body()))),
                noContent("deactivateStaff", c -> directory.deactivateStaff(c.caller(), c.id("staffId"))),
                ok("listTerms", c -> terms.list(c.caller(), c.queryId("schoolId"))),
                ok("listTrustSchools", c -> directory.trustSchools(c.caller())),
                ok("setTerms", c -> terms.set(c.caller(), Terms.from(c.body()))),
                ok("listClasses", c -> directory.listClasses(c.caller())),
                created(
                        "createClass",
                        c -> directory.createClass(c.caller(), DirectoryRequests.NewClass.from(c.body()))),
                ok(
                        "updateClass",
                        c -> directory.updateClass(
                                c.caller(), c.id("classId"), DirectoryRequests.ClassChange.from(c.body()))),
                noContent("deactivateClass", c -> directory.deactivateClass(c.caller(), c.id("classId"))),
                noContent("deactivateParent", c -> directory.deactivateParent(c.caller(), c.id("parentId"))),
                ok("listPupils", c -> directory.listPupils(c.caller(), c.limit(), c.cursor())),
                created("createPupil", c -> directory.createPupil(c.caller(), DirectoryRequests.Pupil.from(c.body()))),
                ok(
                        "updatePupil",
                        c -> directory.updatePupil(
                                c.caller(), c.id("pupilId"), DirectoryRequests.Pupil.from(c.body()))),
                noContent("deactivatePupil", c -> directory.deactivatePupil(c.caller(), c.id("pupilId"))),
                ok("listPupilParents", c -> directory.parentLinks(c.caller(), c.id("pupilId"))),
                ok(
                        "updateParentLink",
                        c -> directory.updateParentLink(
                                c.caller(),
                                c.id("pupilId"),
                                c.id("parentId"),
                                DirectoryRequests.LinkChange.from(c.body()))),
                answers("importDirectory", this::importCsv));
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
}
