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

    /** The pupil's meetings, a separated parent's own only. */
    @Override
    public List<SubjectData> subjectData() {
        return List.of(
                SubjectData.Part.pupil(
                        "meetings.json",
                        """
        (SELECT coalesce(jsonb_agg(jsonb_build_object('id', m.id, 'kind', m.kind, 'startsAt', lower(m.during),
                  'place', m.place, 'status', m.status, 'agreed', m.agreed, 'actions', m.actions) ORDER BY lower(m.during)), '[]')
         FROM meeting m WHERE m.pupil_id = $2 AND (m.for_parent IS NULL OR m.for_parent = $1))"""));
    }

    @Override
    public Map<String, Operation> operations() {
        return routes.operations();
    }
}
