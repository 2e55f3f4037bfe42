package app.tandem.realtime;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Reading live events: the feed's position, events in id order, a device's own backlog. */
final class LiveEventStore {
    private LiveEventStore() {}

    /** The first page of a device's backlog, with how far retention has pruned (0 if never). */
    record FirstPage(long prunedThrough, List<LiveEvent> events) {}

    static Future<Long> lastId(SqlClient sql) {
        return sql.query("SELECT coalesce(max(id), 0) FROM live_event")
                .execute()
                .map(rows -> rows.iterator().next().getLong(0));
    }

    /**
     * Events after `after` in id order, read under the order lock taken exclusively (inside `tx`):
     * every event with an id is then committed or gone, and this statement sees them (LiveEvents).
     */
    static Future<List<LiveEvent>> inOrderAfter(SqlClient tx, long after, int limit) {
        return tx.preparedQuery("SELECT pg_advisory_xact_lock($1)")
                .execute(Tuple.of(LiveEvents.ORDER_LOCK))
                .compose(locked -> tx.preparedQuery("SELECT " + LiveEvent.COLUMNS
                                + " FROM live_event e WHERE e.id > $1 ORDER BY e.id LIMIT $2")
                        .execute(Tuple.of(after, limit)))
                .map(LiveEventStore::events);
    }

    static Future<FirstPage> firstPage(SqlClient sql, UUID user, long after, int limit, long upTo) {
        return sql.preparedQuery(
                        "SELECT r.pruned_through, "
                                + LiveEvent.COLUMNS
                                + """
             FROM (SELECT coalesce((SELECT pruned_through FROM live_retention), 0) AS pruned_through) r
            LEFT JOIN LATERAL (SELECT e.* FROM live_delivery d JOIN live_event e ON e.id = d.event_id
                               WHERE d.user_id = $1 AND d.event_id > $2 AND d.event_id <= $4
                               ORDER BY d.event_id LIMIT $3) e ON true""")
                .execute(Tuple.of(user, after, limit, upTo))
                .map(rows -> {
                    List<LiveEvent> events = new ArrayList<>(rows.size());
                    for (Row row : rows) if (row.getLong("id") != null) events.add(LiveEvent.of(row));
                    return new FirstPage(rows.iterator().next().getLong("pruned_through"), events);
                });
    }

    /** The person's events in (after, upTo], at most `limit`, in id order. */
    static Future<List<LiveEvent>> page(SqlClient sql, UUID user, long after, int limit, long upTo) {
        return sql.preparedQuery(
                        "SELECT " + LiveEvent.COLUMNS
                                + """
             FROM live_delivery d JOIN live_event e ON e.id = d.event_id
            WHERE d.user_id = $1 AND d.event_id > $2 AND d.event_id <= $4 ORDER BY d.event_id LIMIT $3""")
                .execute(Tuple.of(user, after, limit, upTo))
                .map(LiveEventStore::events);
    }

    private static List<LiveEvent> events(RowSet<Row> rows) {
        List<LiveEvent> events = new ArrayList<>(rows.size());
        for (Row row : rows) events.add(LiveEvent.of(row));
        return events;
    }
}
