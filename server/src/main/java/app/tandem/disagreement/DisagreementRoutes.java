package app.tandem.disagreement;

import static app.tandem.platform.Operation.created;
import static app.tandem.platform.Operation.ok;

import app.tandem.disagreement.DisagreementRequests.Links;
import app.tandem.disagreement.DisagreementRequests.Raised;
import app.tandem.disagreement.DisagreementRequests.Step;
import app.tandem.platform.Operation;
import java.util.Map;

/** Disagreements and where to turn: operationId → handler. */
record DisagreementRoutes(DisagreementService service) {
    Map<String, Operation> operations() {
        return Map.ofEntries(
                ok("getWhereToTurn", c -> service.whereToTurn(c.caller(), c.queryId("schoolId"))),
                ok("setWhereToTurn", c -> service.setWhereToTurn(c.caller(), c.body(Links::from))),
                created("raiseDisagreement", c -> service.raise(c.caller(), c.id("pupilId"), c.body(Raised::from))),
                ok("listDisagreements", c -> service.list(c.caller(), c.id("pupilId"))),
                ok("listOpenDisagreements", c -> service.open(c.caller())),
                ok(
                        "recordDisagreementStep",
                        c -> service.step(c.caller(), c.id("disagreementId"), c.body(Step::from))));
    }
}
