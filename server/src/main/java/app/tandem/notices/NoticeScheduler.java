package app.tandem.notices;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.time.Clock;
import java.time.Instant;

/** Delivers scheduled notices when they fall due, a few at a time, each exactly once. */
record NoticeScheduler(Pool pool, NoticeStore store, Clock clock) {
    private static final int BATCH = 20;

    Future<Integer> sendDue() {
        Instant now = clock.instant();
        return pool.withTransaction(tx -> store.claimDue(tx, now, BATCH).compose(rows -> {
            Future<Integer> sent = Future.succeededFuture(0);
            for (Row row : rows) {
                // An audience that now reaches nobody is still marked sent: there is no one left to tell.
                sent = sent.compose(n -> store.deliver(
                                tx,
                                row.getUUID("id"),
                                row.getUUID("school_id"),
                                Audience.from((JsonObject) row.getValue("audience")),
                                row.getBoolean("urgent"),
                                now)
                        .map(r -> n + 1));
            }
            return sent;
        }));
    }
}
