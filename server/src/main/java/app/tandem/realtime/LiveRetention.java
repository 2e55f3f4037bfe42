package app.tandem.realtime;

import app.tandem.platform.Requests;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the live event log to its purpose. Events older than the retention only matter to a
 * device that has been away that long, and such a device is told to refetch (a `resync` frame)
 * rather than resumed from a log with holes. Messages themselves are never touched. Every replica
 * runs this; an advisory lock lets one do each batch, and batches keep each transaction short.
 */
final class LiveRetention {
  private static final Logger log = LoggerFactory.getLogger(LiveRetention.class);
  static final Duration EVERY = Duration.ofHours(1);
  private static final int BATCH = 5_000;
  /** No other lock in Tandem uses this key. */
  private static final long PRUNE_LOCK = 0x7A4E_0002L;

  private final Pool pool;
  private final Duration retention;
  private final Clock clock;

  LiveRetention(Pool pool, Duration retention, Clock clock) {
    this.pool = pool;
    this.retention = retention;
    this.clock = clock;
  }

  /** Prunes every event older than the retention; the number removed (0 when another replica is at it). */
  Future<Long> prune() {
    return batch(0);
  }

  private Future<Long> batch(long sofar) {
    return pool.withTransaction(tx -> tx.preparedQuery("""
            WITH turn AS (SELECT pg_try_advisory_xact_lock($1) AS mine),
            gone AS (
              DELETE FROM live_event WHERE id IN (SELECT e.id FROM live_event e, turn WHERE turn.mine AND e.created_at < $2
                                                   ORDER BY e.id LIMIT $3)
              RETURNING id),
            marked AS (
              UPDATE live_retention SET pruned_through = greatest(pruned_through, (SELECT max(id) FROM gone))
              WHERE EXISTS (SELECT 1 FROM gone))
            SELECT count(*) FROM gone""")
        .execute(Tuple.of(PRUNE_LOCK, Requests.utc(clock.instant().minus(retention)), BATCH)))
        .compose(rows -> {
          long removed = rows.iterator().next().getLong(0);
          return removed == BATCH ? batch(sofar + removed) : Future.succeededFuture(sofar + removed);
        });
  }

  /** The scheduled run: logs what it did, and never fails the caller. */
  void run() {
    prune().onComplete(done -> {
      if (done.failed()) log.atWarn().setCause(done.cause()).log("pruning live events failed; will try again");
      else if (done.result() > 0) log.atInfo().addKeyValue("removed", done.result()).log("pruned old live events");
    });
  }

  /** The newest event id pruned: a device resuming from before it has missed events for good. */
  static Future<Long> prunedThrough(Pool pool) {
    return pool.query("SELECT pruned_through FROM live_retention").execute()
        .map(rows -> rows.size() == 0 ? 0L : rows.iterator().next().getLong(0));
  }
}
