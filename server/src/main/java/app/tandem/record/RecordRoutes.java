package app.tandem.record;

import static app.tandem.platform.Operation.answers;
import static app.tandem.platform.Operation.created;
import static app.tandem.platform.Operation.ok;

import app.tandem.platform.Caller;
import app.tandem.platform.Json;
import app.tandem.platform.Operation;
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
                ok(
                        "setSenStatus",
                        c -> record.setStatus(c.caller(), c.id("pupilId"), RecordRequests.StatusChange.from(c.body()))),
                created(
                        "proposeSenStatus",
                        c -> record.propose(c.caller(), c.id("pupilId"), RecordRequests.Proposal.from(c.body()))),
                ok("listSenStatusProposals", c -> record.proposals(c.caller(), c.id("pupilId"))),
                ok(
                        "declineSenStatusProposal",
                        c -> record.decline(
                                c.caller(),
                                c.id("pupilId"),
                                c.id("proposalId"),
                                c.body().getString("note"))),
                created(
                        "addNeed",
                        c -> record.addNeed(c.caller(), c.id("pupilId"), RecordRequests.NewNeed.from(c.body()))),
                ok("endNeed", c -> record.endNeed(c.caller(), c.id("pupilId"), c.id("needId"))),
                ok("listOutcomes", c -> outcomes.outcomes(c.caller(), c.id("pupilId"))),
                created(
                        "addOutcome",
                        c -> outcomes.addOutcome(
                                c.caller(), c.id("pupilId"), RecordRequests.NewOutcome.from(c.body()))),
                ok(
                        "closeOutcome",
                        c -> outcomes.closeOutcome(
                                c.caller(),
                                c.id("pupilId"),
                                c.id("outcomeId"),
                                RecordRequests.CloseOutcome.from(c.body()))),
                created(
                        "addProgress",
                        c -> outcomes.addProgress(
                                c.caller(),
                                c.id("pupilId"),
                                c.id("outcomeId"),
                                RecordRequests.NewProgress.from(c.body()))),
                created(
                        "commentOnProgress",
                        c -> outcomes.comment(
                                c.caller(),
                                c.id("pupilId"),
                                c.id("outcomeId"),
                                c.id("progressId"),
                                c.body().getString("text"))),
                ok("listProvision", c -> provision.provision(c.caller(), c.id("pupilId"))),
                created(
                        "addProvision",
                        c -> provision.addProvision(
                                c.caller(), c.id("pupilId"), RecordRequests.NewProvision.from(c.body()))),
                created(
                        "logProvisionSession",
                        c -> provision.logSession(
                                c.caller(),
                                c.id("pupilId"),
                                c.id("provisionId"),
                                RecordRequests.SessionLog.from(c.body()))),
                ok("listCycles", c -> cycles.cycles(c.caller(), c.id("pupilId"))),
                created(
                        "openCycle",
                        c -> cycles.open(c.caller(), c.id("pupilId"), RecordRequests.NewCycle.from(c.body()))),
                ok(
                        "closeCycle",
                        c -> cycles.close(
                                c.caller(), c.id("pupilId"), c.id("cycleId"), RecordRequests.Closure.from(c.body()))),
                ok("getCycleSummary", c -> cycles.summary(c.caller(), c.id("pupilId"), c.id("cycleId"))),
                ok("listDueReviews", c -> cycles.due(c.caller(), c.integer("weeks", 4))),
                ok("getYearSummary", c -> years.of(c.caller(), c.id("pupilId"), c.integer("year", null))),
                answers("getParentHome", ctx -> homes.parent(Caller.of(ctx)).compose(body -> Json.ok(ctx, body))),
                ok("getPupilHome", c -> homes.pupil(c.caller())));
    }
}
