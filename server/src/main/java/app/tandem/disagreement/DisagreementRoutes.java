package app.tandem.disagreement;

import app.tandem.platform.Caller;
import app.tandem.platform.Operation;
import app.tandem.platform.Requests;
import java.util.Map;

/** Disagreements and where to turn: operationId → handler. */
record DisagreementRoutes(DisagreementService service) {
    Map<String, Operation> operations() {
        return Map.of(
                "getWhereToTurn",
                Operation.ok(ctx -> service.whereToTurn(Caller.of(ctx), Requests.queryId(ctx, "schoolId"))),
                "setWhereToTurn",
                Operation.ok(ctx -> service.setWhereToTurn(
                        Caller.of(ctx),
                        DisagreementRequests.Links.from(ctx.body().asJsonObject()))),
                "raiseDisagreement",
                Operation.created(ctx -> service.raise(
                        Caller.of(ctx),
                        Requests.pathId(ctx, "pupilId"),
                        DisagreementRequests.Raised.from(ctx.body().asJsonObject()))),
                "listDisagreements",
                Operation.ok(ctx -> service.list(Caller.of(ctx), Requests.pathId(ctx, "pupilId"))),
                "listOpenDisagreements",
                Operation.ok(ctx -> service.open(Caller.of(ctx))),
                "recordDisagreementStep",
                Operation.ok(ctx -> service.step(
                        Caller.of(ctx),
                        Requests.pathId(ctx, "disagreementId"),
                        DisagreementRequests.Step.from(ctx.body().asJsonObject()))));
    }
}
