package app.tandem.assessment;

import static app.tandem.platform.Operation.created;
import static app.tandem.platform.Operation.ok;

import app.tandem.assessment.AssessmentRequests.FamilyViews;
import app.tandem.assessment.AssessmentRequests.NewRequest;
import app.tandem.assessment.AssessmentRequests.StepTaken;
import app.tandem.platform.Operation;
import app.tandem.platform.Requests;
import java.util.Map;

/** Assessment requests and views on draft plans: operationId → handler. */
record AssessmentRoutes(AssessmentService requests, DraftViews drafts) {
    Map<String, Operation> operations() {
        return Map.ofEntries(
                ok("listAssessmentRequests", c -> requests.list(c.caller(), !"false".equals(c.query("inProgress")))),
                created(
                        "createAssessmentRequest",
                        c -> requests.create(c.caller(), c.id("pupilId"), c.body(NewRequest::from))),
                ok("getAssessmentRequest", c -> requests.get(c.caller(), c.id("assessmentRequestId"))),
                ok(
                        "recordAssessmentStep",
                        c -> requests.step(c.caller(), c.id("assessmentRequestId"), c.body(StepTaken::from))),
                ok("listDraftPlanViews", c -> drafts.list(c.caller(), c.id("documentId"))),
                created(
                        "submitDraftPlanViews",
                        c -> drafts.family(c.caller(), c.id("documentId"), c.body(FamilyViews::from))),
                created(
                        "submitSchoolDraftViews",
                        c -> drafts.school(c.caller(), c.id("documentId"), Requests.text(c.body(), "views"))));
    }
}
