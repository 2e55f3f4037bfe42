package app.tandem.realtime;

import app.tandem.platform.Housekeeping;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import java.time.Duration;

/**
 * Keeps the live event log to its purpose. Events older than the retention only matter to a
 * device that has been away that long, and such a device is told to refetch (a `resync` frame)
 * rather than resumed from a log with holes. Messages themselves are never touched.
 */
final class LiveRetentionStore {
    private LiveRetentionStore() {}

    /** Prunes old events (their deliveries go with them) and remembers the newest id pruned. */
    static Housekeeping.Chore chore(Duration keep) {
        return new Housekeeping.Chore(
                "live-events",
                keep,
                """
        WITH gone AS (
          DELETE FROM live_event WHERE id IN (SELECT id FROM live_event WHERE created_at < $1 ORDER BY id LIMIT $2)
          RETURNING id),
        marked AS (
          UPDATE live_retention SET pruned_through = greatest(pruned_through, (SELECT max(id) FROM gone))
          WHERE EXISTS (SELECT 1 FROM gone))
        SELECT count(*) FROM gone""");
    }

    /** The newest event id pruned: a device resuming from before it has missed events for good. */
    static Future<Long> prunedThrough(Pool pool) {
        return pool.query("SELECT pruned_through FROM live_retention")
                .execute()
                .map(rows -> rows.size() == 0 ? 0L : rows.iterator().next().getLong(0));
    }
}
