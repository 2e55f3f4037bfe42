package app.tandem.meetings;

import app.tandem.access.Access;
import app.tandem.documents.ReviewDocuments;
import app.tandem.notices.Notices;
import app.tandem.platform.Capability;
import app.tandem.platform.HourlyCheck;
import app.tandem.platform.Operation;
import app.tandem.platform.SubjectData;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/** Review meetings and the EHC annual review, wired. */
public final class Meetings implements Capability {
    private final MeetingRoutes routes;
    private final AnnualReviews reviews;
    private final HourlyCheck dueCheck;

    /** @param organizerEmail the address the school's emails come from (calendar invitations' organiser) */
    public Meetings(
            Vertx vertx,
            Pool pool,
            Access access,
            Notices notices,
            ReviewDocuments documents,
            String organizerEmail,
            boolean emailOn,
            Clock clock) {
        AnnualReviewStore reviewStore = new AnnualReviewStore();
        ReviewInvitations invitations = new ReviewInvitations(vertx, reviewStore, notices, organizerEmail, emailOn);
        MeetingService meetings = new MeetingService(vertx, pool, new MeetingStore(), access, invitations, clock);
        ReviewCirculation circulation = new ReviewCirculation(reviewStore, documents, notices);
        this.reviews = new AnnualReviews(pool, reviewStore, meetings, invitations, circulation, access, clock);
        this.dueCheck = new HourlyCheck(vertx, reviews::alertDue);
        this.routes = new MeetingRoutes(meetings, new RoundService(pool, new RoundStore(), access, clock), reviews);
    }

    /** EHC plans coming due with no review arranged: the SENCO is told, checked hourly. */
    @Override
    public Future<Void> start() {
        return dueCheck.start();
    }

    @Override
    public Future<Void> stop() {
        return dueCheck.stop();
    }

    /** The hourly check, on demand: how many pushes it queued. */
    public Future<Integer> alertAnnualReviewsDue() {
        return reviews.alertDue();
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
