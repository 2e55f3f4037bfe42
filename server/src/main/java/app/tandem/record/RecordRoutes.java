package app.tandem.record;

import app.tandem.platform.Caller;
import app.tandem.platform.Json;
import app.tandem.platform.Operation;
import app.tandem.platform.Requests;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.UUID;

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
                Map.entry("getSendRecord", Operation.ok(ctx -> record.record(Caller.of(ctx), pupil(ctx)))),
                Map.entry(
                        "listRecordChanges",
                        Operation.ok(ctx -> record.changes(
                                Caller.of(ctx),
                                pupil(ctx),
                                Requests.limit(ctx),
                                ctx.queryParams().get("cursor")))),
                Map.entry(
                        "setSenStatus",
                        Operation.ok(ctx -> record.setStatus(
                                Caller.of(ctx),
                                pupil(ctx),
                                RecordRequests.StatusChange.from(ctx.body().asJsonObject())))),
                Map.entry(
                        "proposeSenStatus",
                        Operation.created(ctx -> record.propose(
                                Caller.of(ctx),
                                pupil(ctx),
                                RecordRequests.Proposal.from(ctx.body().asJsonObject())))),
                Map.entry("listSenStatusProposals", Operation.ok(ctx -> record.proposals(Caller.of(ctx), pupil(ctx)))),
                Map.entry(
                        "declineSenStatusProposal",
                        Operation.ok(ctx -> record.decline(
                                Caller.of(ctx),
                                pupil(ctx),
                                id(ctx, "proposalId"),
                                ctx.body().asJsonObject().getString("note")))),
                Map.entry(
                        "addNeed",
                        Operation.created(ctx -> record.addNeed(
                                Caller.of(ctx),
                                pupil(ctx),
                                RecordRequests.NewNeed.from(ctx.body().asJsonObject())))),
                Map.entry(
                        "endNeed", Operation.ok(ctx -> record.endNeed(Caller.of(ctx), pupil(ctx), id(ctx, "needId")))),
                Map.entry("listOutcomes", Operation.ok(ctx -> outcomes.outcomes(Caller.of(ctx), pupil(ctx)))),
                Map.entry(
                        "addOutcome",
                        Operation.created(ctx -> outcomes.addOutcome(
                                Caller.of(ctx),
                                pupil(ctx),
                                RecordRequests.NewOutcome.from(ctx.body().asJsonObject())))),
                Map.entry(
                        "closeOutcome",
                        Operation.ok(ctx -> outcomes.closeOutcome(
                                Caller.of(ctx),
                                pupil(ctx),
                                id(ctx, "outcomeId"),
                                RecordRequests.CloseOutcome.from(ctx.body().asJsonObject())))),
                Map.entry(
                        "addProgress",
                        Operation.created(ctx -> outcomes.addProgress(
                                Caller.of(ctx),
                                pupil(ctx),
                                id(ctx, "outcomeId"),
                                RecordRequests.NewProgress.from(ctx.body().asJsonObject())))),
                Map.entry(
                        "commentOnProgress",
                        Operation.created(ctx -> outcomes.comment(
                                Caller.of(ctx),
                                pupil(ctx),
                                id(ctx, "outcomeId"),
                                id(ctx, "progressId"),
                                ctx.body().asJsonObject().getString("text")))),
                Map.entry("listProvision", Operation.ok(ctx -> provision.provision(Caller.of(ctx), pupil(ctx)))),
                Map.entry(
                        "addProvision",
                        Operation.created(ctx -> provision.addProvision(
                                Caller.of(ctx),
                                pupil(ctx),
                                RecordRequests.NewProvision.from(ctx.body().asJsonObject())))),
                Map.entry(
                        "logProvisionSession",
                        Operation.created(ctx -> provision.logSession(
                                Caller.of(ctx),
                                pupil(ctx),
                                id(ctx, "provisionId"),
                                RecordRequests.SessionLog.from(ctx.body().asJsonObject())))),
                Map.entry("listCycles", Operation.ok(ctx -> cycles.cycles(Caller.of(ctx), pupil(ctx)))),
                Map.entry(
                        "openCycle",
                        Operation.created(ctx -> cycles.open(
                                Caller.of(ctx),
                                pupil(ctx),
                                RecordRequests.NewCycle.from(ctx.body().asJsonObject())))),
                Map.entry(
                        "closeCycle",
                        Operation.ok(ctx -> cycles.close(
                                Caller.of(ctx),
                                pupil(ctx),
                                id(ctx, "cycleId"),
                                RecordRequests.Closure.from(ctx.body().asJsonObject())))),
                Map.entry(
                        "getCycleSummary",
                        Operation.ok(ctx -> cycles.summary(Caller.of(ctx), pupil(ctx), id(ctx, "cycleId")))),
                Map.entry("listDueReviews", Operation.ok(ctx -> cycles.due(Caller.of(ctx), number(ctx, "weeks", 4)))),
                Map.entry(
                        "getYearSummary",
                        Operation.ok(ctx -> years.of(Caller.of(ctx), pupil(ctx), number(ctx, "year", null)))),
                Map.entry("getParentHome", ctx -> homes.parent(Caller.of(ctx)).compose(body -> Json.ok(ctx, body))),
                Map.entry("getPupilHome", Operation.ok(ctx -> homes.pupil(Caller.of(ctx)))));
    }

    private static UUID pupil(RoutingContext ctx) {
        return Requests.pathId(ctx, "pupilId");
    }

    /** A whole-number query parameter the contract has checked, or the default when absent. */
    private static Integer number(RoutingContext ctx, String name, Integer absent) {
        String value = ctx.queryParams().get(name);
        return value == null ? absent : Integer.valueOf(value);
    }

    private static UUID id(RoutingContext ctx, String name) {
        return Requests.pathId(ctx, name);
    }
}
