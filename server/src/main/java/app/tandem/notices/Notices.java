package app.tandem.notices;

import app.tandem.access.Access;
import app.tandem.attachments.Attachments;
import app.tandem.platform.Wiring;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The notices capability, wired; also sends scheduled notices when they fall due. Every replica
 * looks for due notices; `FOR UPDATE SKIP LOCKED` makes sure each is sent once.
 */
public final class Notices extends Wiring {
    private static final Logger log = LoggerFactory.getLogger(Notices.class);
    private static final Duration SCHEDULE_CHECK = Duration.ofSeconds(30);

    private final NoticeService service;
    private final NoticeScheduler scheduler;
    private final Vertx vertx;
    private long timer = -1;

    public Notices(Vertx vertx, Pool pool, Access access, Attachments attachments, Clock clock) {
        this.vertx = vertx;
        NoticeStore store = new NoticeStore();
        this.service = new NoticeService(pool, store, access, attachments, clock);
        attachments.seenThrough(service::maySeeAttachment);
        answers(new NoticeRoutes(service).operations());
        this.scheduler = new NoticeScheduler(pool, store, clock);
        holds(NoticeStore.subjectData());
    }

    /**
     * A formal notice about a pupil inside another capability's transaction (the SEND record moving
     * a pupil to SEN support, an annual review invitation), to the parents who read the pupil's
     * record and, from the transfer date, the young person; returns the notice's id. When it reaches
     * no one on Tandem it fails with 400 if {@code mustReach}, and is otherwise kept for the school
     * to send on paper.
     */
    public Future<java.util.UUID> sendFormal(
            io.vertx.sqlclient.SqlClient tx,
            java.util.UUID schoolId,
            java.util.UUID pupilId,
            java.util.UUID createdBy,
            String title,
            String body,
            boolean mustReach,
            java.time.Instant now) {
        return service.sendFormal(
                tx, schoolId, pupilId, createdBy, new NoticeRequests.Letter(title, body), null, mustReach, now);
    }

    /** Sends every scheduled notice that is due now; returns how many. */
    public Future<Integer> sendDue() {
        return scheduler.sendDue();
    }

    @Override
    public Future<Void> start() {
        timer = vertx.setPeriodic(SCHEDULE_CHECK.toMillis(), id -> sendDue()
                .onFailure(ex -> log.atWarn().setCause(ex).log("sending scheduled notices failed; will retry")));
        return Future.succeededFuture();
    }

    @Override
    public Future<Void> stop() {
        if (timer >= 0) vertx.cancelTimer(timer);
        return Future.succeededFuture();
    }
}
