package app.tandem.disagreement;

import static app.tandem.platform.Operation.created;
import static app.tandem.platform.Operation.ok;

import app.tandem.platform.Operation;
import java.util.Map;

/** Disagreements and where to turn: operationId → handler. */
record DisagreementRoutes(DisagreementService service) {
    Map<String, Operation> operations() {
        return Map.ofEntries(
                ok("getWhereToTurn", c -> service.whereToTurn(c.caller(), c.queryId("schoolId"))),
                ok(
                        "setWhereToTurn",
                        c -> service.setWhereToTurn(c.caller(), DisagreementRequests.Links.from(c.body()))),
                created(
                        "raiseDisagreement",
                        c -> service.raise(c.caller(), c.id("pupilId"), DisagreementRequests.Raised.from(c.body()))),
                ok("listDisagreements", c -> service.list(c.caller(), c.id("pupilId"))),
                ok("listOpenDisagreements", c -> service.open(c.caller())),
                ok(
                        "recordDisagreementStep",
                        c -> service.step(
                                c.caller(), c.id("disagreementId"), DisagreementRequests.Step.from(c.body()))));
    }
}
