package app.tandem.meetings;

import app.tandem.access.Access;
import app.tandem.documents.ReviewDocuments;
import app.tandem.notices.Notices;
import app.tandem.platform.HourlyCheck;
import app.tandem.platform.Wiring;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.time.Clock;

/** Review meetings and the EHC annual review, wired. */
public final class Meetings extends Wiring {
    private final AnnualReviews reviews;

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
        checksHourly(new HourlyCheck(vertx, reviews::alertDue));
        answers(new MeetingRoutes(meetings, new RoundService(pool, new RoundStore(), access, clock), reviews)
                .operations());
        holds(MeetingStore.subjectData());
    }

    /** The hourly check, on demand: how many pushes it queued. */
    public Future<Integer> alertAnnualReviewsDue() {
        return reviews.alertDue();
    }
}
