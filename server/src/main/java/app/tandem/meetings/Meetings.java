package app.tandem.meetings;

import app.tandem.access.Access;
import app.tandem.documents.ReviewDocuments;
import app.tandem.notices.Notices;
import app.tandem.platform.Capability;
import app.tandem.platform.Operation;
import app.tandem.platform.SubjectData;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Review meetings and the EHC annual review, wired. */
public final class Meetings implements Capability {
    private final Vertx vertx;
    private final MeetingRoutes routes;
    private final AnnualReviews reviews;
    private long timer = -1;

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
        this.vertx = vertx;
        AnnualReviewStore reviewStore = new AnnualReviewStore();
        ReviewInvitations invitations = new ReviewInvitations(vertx, reviewStore, notices, organizerEmail, emailOn);
        MeetingService meetings = new MeetingService(vertx, pool, new MeetingStore(), access, invitations, clock);
        ReviewCirculation circulation = new ReviewCirculation(reviewStore, documents, notices);
        this.reviews = new AnnualReviews(pool, reviewStore, meetings, invitations, circulation, access, clock);
        this.routes = new MeetingRoutes(meetings, new RoundService(pool, new RoundStore(), access, clock), reviews);
    }

    /**
     * Checks hourly for EHC plans coming due with no review arranged, and tells the SENCO. The first
     * check waits five minutes: nothing about a yearly clock is urgent to the minute, and a replica
     * starting up has other work first.
     */
    @Override
    public Future<Void> start() {
        timer = vertx.setPeriodic(
                Duration.ofMinutes(5).toMillis(), Duration.ofHours(1).toMillis(), id -> reviews.alertDue());
        return Future.succeededFuture();
    }

    @Override
    public Future<Void> stop() {
        if (timer >= 0) vertx.cancelTimer(timer);
        return Future.succeededFuture();
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
