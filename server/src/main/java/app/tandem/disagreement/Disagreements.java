package app.tandem.disagreement;

import app.tandem.access.Access;
import app.tandem.platform.Wiring;
import io.vertx.sqlclient.Pool;
import java.time.Clock;

/** When families disagree, and where they can turn, wired. */
public final class Disagreements extends Wiring {

    public Disagreements(Pool pool, Access access, Clock clock) {
        answers(new DisagreementRoutes(new DisagreementService(pool, access, clock)).operations());
        holds(DisagreementStore.subjectData());
    }
}
