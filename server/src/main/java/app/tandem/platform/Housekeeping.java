package app.tandem.platform;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes what Tandem no longer needs, so tables holding personal data (sign-in attempts, ended
 * sessions, phones, pushes) and logs kept for delivery do not grow forever. Each capability names
 * its chores; every replica runs them hourly, an advisory lock per chore lets one replica do each
 * batch, and batches keep transactions short. The records themselves (messages, the SEND record,
 * notices, meetings) are never touched here.
 */
public final class Housekeeping {
    private static final Logger log = LoggerFactory.getLogger(Housekeeping.class);
    static final Duration EVERY = Duration.ofHours(1);
    static final int BATCH = 5_000;
    /** Chore locks are this plus a small number per chore; no other lock in Tandem uses the range. */
    private static final long LOCKS = 0x7A4E_1000L;

    /**
     * One kind of clean-up. `sql` removes at most `$2` rows that ended before `$1` (now less
     * `keep`) and returns one row holding how many it removed.
     */
    public record Chore(String name, Duration keep, String sql) {}

    private final Vertx vertx;
    private final Pool pool;
    private final Clock clock;
    private final List<Chore> chores;
    private final MeterRegistry registry;
    private long timer = -1;
    private boolean running;

    public Housekeeping(Vertx vertx, Pool pool, Clock clock, List<Chore> chores, MeterRegistry registry) {
        this.vertx = vertx;
        this.pool = pool;
        this.clock = clock;
        this.chores = List.copyOf(chores);
        this.registry = registry;
    }

    /** First a few minutes after start (not in a rolling deploy's busiest moment), then hourly. */
    public void start() {
        timer = vertx.setPeriodic(Duration.ofMinutes(3).toMillis(), EVERY.toMillis(), id -> scheduled());
    }

    public void stop() {
        if (timer >= 0) vertx.cancelTimer(timer);
    }

    /** Runs every chore now; how many rows each removed (0 where another replica held its lock). */
    public Future<Map<String, Long>> runNow() {
        Map<String, Long> removed = new LinkedHashMap<>();
        Future<Void> all = Future.succeededFuture();
        for (int i = 0; i < chores.size(); i++) {
            Chore chore = chores.get(i);
            long lock = LOCKS + i;
            all = all.compose(v -> batches(chore, lock, 0).map(n -> {
                removed.put(chore.name(), n);
                Counter.builder("tandem_housekeeping_removed")
                        .description("Rows housekeeping deleted as no longer needed")
                        .tag("chore", chore.name())
                        .register(registry)
                        .increment(n);
                return null;
            }));
        }
        return all.map(removed);
    }

    private Future<Long> batches(Chore chore, long lock, long sofar) {
        Tuple args = Tuple.of(Requests.utc(clock.instant().minus(chore.keep())), BATCH);
        return pool.withTransaction(tx -> tx.preparedQuery("SELECT pg_try_advisory_xact_lock($1)")
                        .execute(Tuple.of(lock))
                        .compose(mine -> mine.iterator().next().getBoolean(0)
                                ? tx.preparedQuery(chore.sql())
                                        .execute(args)
                                        .map(rows -> rows.iterator().next().getLong(0))
                                : Future.succeededFuture(0L)))
                .compose(n -> n == BATCH ? batches(chore, lock, sofar + n) : Future.succeededFuture(sofar + n));
    }

    private void scheduled() {
        if (running) return;
        running = true;
        runNow().onComplete(done -> {
            running = false;
            if (done.failed()) {
                log.atWarn().setCause(done.cause()).log("housekeeping failed; will try again within the hour");
                return;
            }
            done.result().forEach((name, n) -> {
                if (n > 0)
                    log.atInfo()
                            .addKeyValue("chore", name)
                            .addKeyValue("removed", n)
                            .log("housekeeping removed rows no longer needed");
            });
        });
    }
}
