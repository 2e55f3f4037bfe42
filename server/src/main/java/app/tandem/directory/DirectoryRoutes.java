package app.tandem.directory;

import static app.tandem.platform.Operation.answers;
import static app.tandem.platform.Operation.created;
import static app.tandem.platform.Operation.noContent;
import static app.tandem.platform.Operation.ok;

import app.tandem.directory.DirectoryRequests.ClassChange;
import app.tandem.directory.DirectoryRequests.LinkChange;
import app.tandem.directory.DirectoryRequests.NewClass;
import app.tandem.directory.DirectoryRequests.NewStaff;
import app.tandem.directory.DirectoryRequests.Pupil;
import app.tandem.directory.DirectoryRequests.SettingsChange;
import app.tandem.directory.DirectoryRequests.StaffChange;
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
                ok("updateSchoolSettings", c -> directory.updateSettings(c.caller(), c.body(SettingsChange::from))),
                ok("listStaff", c -> directory.listStaff(c.caller(), c.limit(), c.cursor())),
                created("createStaff", c -> directory.createStaff(c.caller(), c.body(NewStaff::from))),
                ok("updateStaff", c -> directory.updateStaff(c.caller(), c.id("staffId"), c.body(StaffChange::from))),
                noContent("deactivateStaff", c -> directory.deactivateStaff(c.caller(), c.id("staffId"))),
                ok("listTerms", c -> terms.list(c.caller(), c.queryId("schoolId"))),
                ok("listTrustSchools", c -> directory.trustSchools(c.caller())),
                ok("setTerms", c -> terms.set(c.caller(), c.body(Terms::from))),
                ok("listClasses", c -> directory.listClasses(c.caller())),
                created("createClass", c -> directory.createClass(c.caller(), c.body(NewClass::from))),
                ok("updateClass", c -> directory.updateClass(c.caller(), c.id("classId"), c.body(ClassChange::from))),
                noContent("deactivateClass", c -> directory.deactivateClass(c.caller(), c.id("classId"))),
                noContent("deactivateParent", c -> directory.deactivateParent(c.caller(), c.id("parentId"))),
                ok("listPupils", c -> directory.listPupils(c.caller(), c.limit(), c.cursor())),
                created("createPupil", c -> directory.createPupil(c.caller(), c.body(Pupil::from))),
                ok("updatePupil", c -> directory.updatePupil(c.caller(), c.id("pupilId"), c.body(Pupil::from))),
                noContent("deactivatePupil", c -> directory.deactivatePupil(c.caller(), c.id("pupilId"))),
                ok("listPupilParents", c -> directory.parentLinks(c.caller(), c.id("pupilId"))),
                ok(
                        "updateParentLink",
                        c -> directory.updateParentLink(
                                c.caller(), c.id("pupilId"), c.id("parentId"), c.body(LinkChange::from))),
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
