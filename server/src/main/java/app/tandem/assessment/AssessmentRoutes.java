package app.tandem.assessment;

import app.tandem.platform.Caller;
import app.tandem.platform.Operation;
import app.tandem.platform.Requests;
import java.util.Map;

/** Assessment requests and views on draft plans: operationId → handler. */
record AssessmentRoutes(AssessmentService requests, DraftViews drafts) {
    Map<String, Operation> operations() {
        return Map.of(
                "listAssessmentRequests",
                Operation.ok(ctx -> requests.list(
                        Caller.of(ctx), !"false".equals(ctx.queryParams().get("inProgress")))),
                "createAssessmentRequest",
                Operation.created(ctx -> requests.create(
                        Caller.of(ctx),
                        Requests.pathId(ctx, "pupilId"),
                        AssessmentRequests.NewRequest.from(ctx.body().asJsonObject()))),
                "getAssessmentRequest",
                Operation.ok(ctx -> requests.get(Caller.of(ctx), Requests.pathId(ctx, "assessmentRequestId"))),
                "recordAssessmentStep",
                Operation.ok(ctx -> requests.step(
                        Caller.of(ctx),
                        Requests.pathId(ctx, "assessmentRequestId"),
                        AssessmentRequests.StepTaken.from(ctx.body().asJsonObject()))),
                "listDraftPlanViews",
                Operation.ok(ctx -> drafts.list(Caller.of(ctx), Requests.pathId(ctx, "documentId"))),
                "submitDraftPlanViews",
                Operation.created(ctx -> drafts.family(
                        Caller.of(ctx),
                        Requests.pathId(ctx, "documentId"),
                        AssessmentRequests.FamilyViews.from(ctx.body().asJsonObject()))),
                "submitSchoolDraftViews",
                Operation.created(ctx -> drafts.school(
                        Caller.of(ctx),
                        Requests.pathId(ctx, "documentId"),
                        Requests.text(ctx.body().asJsonObject(), "views"))));
    }
}
