package app.tandem.disagreement;

import app.tandem.access.Access;
import app.tandem.platform.Capability;
import app.tandem.platform.Operation;
import app.tandem.platform.SubjectData;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/** When families disagree, and where they can turn, wired. */
public final class Disagreements implements Capability {
    private final DisagreementRoutes routes;

    public Disagreements(Pool pool, Access access, Clock clock) {
        this.routes = new DisagreementRoutes(new DisagreementService(pool, access, clock));
    }

    @Override
    public Map<String, Operation> operations() {
        return routes.operations();
    }

    @Override
    public List<SubjectData> subjectData() {
        return DisagreementStore.subjectData();
    }
}
