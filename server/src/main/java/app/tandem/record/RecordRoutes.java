package app.tandem.record;

import static app.tandem.platform.Operation.answers;
import static app.tandem.platform.Operation.created;
import static app.tandem.platform.Operation.ok;

import app.tandem.platform.Caller;
import app.tandem.platform.Json;
import app.tandem.platform.Operation;
import app.tandem.record.RecordRequests.CloseOutcome;
import app.tandem.record.RecordRequests.Closure;
import app.tandem.record.RecordRequests.NewCycle;
import app.tandem.record.RecordRequests.NewNeed;
import app.tandem.record.RecordRequests.NewOutcome;
import app.tandem.record.RecordRequests.NewProgress;
import app.tandem.record.RecordRequests.NewProvision;
import app.tandem.record.RecordRequests.Proposal;
import app.tandem.record.RecordRequests.SessionLog;
import app.tandem.record.RecordRequests.StatusChange;
import java.util.Map;

/** The SEND record and home views: operationId → handler. */
record RecordRoutes(
        RecordService record,
        OutcomeService outcomes,
        ProvisionService provision,
        CycleService cycles,
        YearSummary years,
        HomeViews homes) {
    Map<String, Operation> operations() {
        return Map.ofEntries(
                ok("getSendRecord", c -> record.record(c.caller(), c.id("pupilId"))),
                ok("listRecordChanges", c -> record.changes(c.caller(), c.id("pupilId"), c.limit(), c.cursor())),
                ok("setSenStatus", c -> record.setStatus(c.caller(), c.id("pupilId"), c.body(StatusChange::from))),
                created("proposeSenStatus", c -> record.propose(c.caller(), c.id("pupilId"), c.body(Proposal::from))),
                ok("listSenStatusProposals", c -> record.proposals(c.caller(), c.id("pupilId"))),
                ok(
                        "declineSenStatusProposal",
                        c -> record.decline(c.caller(), c.id("pupilId"), c.id("proposalId"), c.text("note"))),
                created("addNeed", c -> record.addNeed(c.caller(), c.id("pupilId"), c.body(NewNeed::from))),
                ok("endNeed", c -> record.endNeed(c.caller(), c.id("pupilId"), c.id("needId"))),
                ok("listOutcomes", c -> outcomes.outcomes(c.caller(), c.id("pupilId"))),
                created("addOutcome", c -> outcomes.addOutcome(c.caller(), c.id("pupilId"), c.body(NewOutcome::from))),
                ok(
                        "closeOutcome",
                        c -> outcomes.closeOutcome(
                                c.caller(), c.id("pupilId"), c.id("outcomeId"), c.body(CloseOutcome::from))),
                created(
                        "addProgress",
                        c -> outcomes.addProgress(
                                c.caller(), c.id("pupilId"), c.id("outcomeId"), c.body(NewProgress::from))),
                created(
                        "commentOnProgress",
                        c -> outcomes.comment(
                                c.caller(), c.id("pupilId"), c.id("outcomeId"), c.id("progressId"), c.text("text"))),
                ok("listProvision", c -> provision.provision(c.caller(), c.id("pupilId"))),
                created(
                        "addProvision",
                        c -> provision.addProvision(c.caller(), c.id("pupilId"), c.body(NewProvision::from))),
                created(
                        "logProvisionSession",
                        c -> provision.logSession(
                                c.caller(), c.id("pupilId"), c.id("provisionId"), c.body(SessionLog::from))),
                ok("listCycles", c -> cycles.cycles(c.caller(), c.id("pupilId"))),
                created("openCycle", c -> cycles.open(c.caller(), c.id("pupilId"), c.body(NewCycle::from))),
                ok(
                        "closeCycle",
                        c -> cycles.close(c.caller(), c.id("pupilId"), c.id("cycleId"), c.body(Closure::from))),
                ok("getCycleSummary", c -> cycles.summary(c.caller(), c.id("pupilId"), c.id("cycleId"))),
                ok("listDueReviews", c -> cycles.due(c.caller(), c.integer("weeks", 4))),
                ok("getYearSummary", c -> years.of(c.caller(), c.id("pupilId"), c.integer("year", null))),
                answers("getParentHome", ctx -> homes.parent(Caller.of(ctx)).compose(body -> Json.ok(ctx, body))),
                ok("getPupilHome", c -> homes.pupil(c.caller())));
    }
}
