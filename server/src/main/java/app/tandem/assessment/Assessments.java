package app.tandem.assessment;

import app.tandem.access.Access;
import app.tandem.attachments.Attachments;
import app.tandem.documents.DraftPlans;
import app.tandem.notices.Notices;
import app.tandem.platform.HourlyCheck;
import app.tandem.platform.Wiring;
import app.tandem.record.SendRecord;
import app.tandem.voice.Voice;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.time.Clock;

/**
 * Before a plan, wired: requests for an EHC needs assessment with the school's six-week clock, and
 * the draft plan's 15 days for the family's and the school's views, both checked hourly.
 */
public final class Assessments extends Wiring {
    private final AssessmentService requests;
    private final DraftViews drafts;
    private final HourlyCheck clocks;

    public Assessments(
            Vertx vertx,
            Pool pool,
            Access access,
            Notices notices,
            Voice voice,
            SendRecord record,
            DraftPlans draftPlans,
            Attachments attachments,
            Clock clock) {
        this.requests = new AssessmentService(pool, access, notices, voice, record, clock);
        this.drafts = new DraftViews(pool, access, draftPlans, attachments, clock);
        answers(new AssessmentRoutes(requests, drafts).operations());
        this.clocks = new HourlyCheck(vertx, this::checkClocks);
        attachments.seenThrough(drafts::maySeeAttachment);
        holds(AssessmentStore.subjectData());
        checksHourly(clocks);
    }

    /** Both clocks, on demand (tests and the hourly check): how many pushes were queued. */
    public Future<Integer> checkClocks() {
        return requests.alertDue().compose(alerts -> drafts.remind().map(reminders -> alerts + reminders));
    }
}
