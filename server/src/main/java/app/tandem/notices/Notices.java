package app.tandem.notices;

import app.tandem.access.Access;
import app.tandem.attachments.Attachments;
import app.tandem.platform.Operation;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The notices capability, wired; also sends scheduled notices when they fall due. Every replica
 * looks for due notices; `FOR UPDATE SKIP LOCKED` makes sure each is sent once.
 */
public final class Notices {
  private static final Logger log = LoggerFactory.getLogger(Notices.class);
  private static final Duration SCHEDULE_CHECK = Duration.ofSeconds(30);

  private final NoticeRoutes routes;
  private final NoticeScheduler scheduler;
  private long timer = -1;

  public Notices(Pool pool, Access access, Attachments attachments, Clock clock) {
    NoticeStore store = new NoticeStore();
    NoticeService service = new NoticeService(pool, store, access, attachments, clock);
    attachments.seenThrough(service::maySeeAttachment);
    this.routes = new NoticeRoutes(service);
    this.scheduler = new NoticeScheduler(pool, store, clock);
  }

  public Map<String, Operation> operations() {
    return routes.operations();
  }

  /** Sends every scheduled notice that is due now; returns how many. */
  public Future<Integer> sendDue() {
    return scheduler.sendDue();
  }

  public void startSchedule(Vertx vertx) {
    timer = vertx.setPeriodic(SCHEDULE_CHECK.toMillis(), id -> sendDue()
        .onFailure(ex -> log.atWarn().setCause(ex).log("sending scheduled notices failed; will retry")));
  }

  public void stopSchedule(Vertx vertx) {
    if (timer >= 0) vertx.cancelTimer(timer);
  }
}
