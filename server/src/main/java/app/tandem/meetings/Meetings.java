package app.tandem.meetings;

import app.tandem.access.Access;
import app.tandem.notices.Notices;
import app.tandem.platform.Capability;
import app.tandem.platform.Operation;
import app.tandem.platform.SubjectData;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/** Review meetings and the EHC annual review, wired. */
public final class Meetings implements Capability {
    private final MeetingRoutes routes;

    public Meetings(Vertx vertx, Pool pool, Access access, Notices notices, Clock clock) {
        MeetingService meetings = new MeetingService(vertx, pool, new MeetingStore(), access, clock);
        this.routes = new MeetingRoutes(
                meetings,
                new RoundService(pool, new RoundStore(), access, clock),
                new AnnualReviews(pool, new AnnualReviewStore(), meetings, access, notices, clock));
    }

    @Override
    public Map<String, Operation> operations() {
        return routes.operations();
    }

    @Override
    public List<SubjectData> subjectData() {
        return MeetingStore.subjectData();
    }
}
