package app.tandem.platform;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * A clock a capability keeps (a review coming due, a deadline reached): checked hourly on every
 * replica, the first time five minutes after start, since nothing on a clock of weeks is urgent to
 * the minute and a replica starting up has other work first. The check itself must be safe to run
 * on several replicas at once (a row per push sent, inserted once).
 */
public final class HourlyCheck {
    private final Vertx vertx;
    private final Supplier<Future<?>> check;
    private long timer = -1;

    public HourlyCheck(Vertx vertx, Supplier<Future<?>> check) {
        this.vertx = vertx;
        this.check = check;
    }

    public Future<Void> start() {
        timer = vertx.setPeriodic(
                Duration.ofMinutes(5).toMillis(), Duration.ofHours(1).toMillis(), id -> check.get());
        return Future.succeededFuture();
    }

    public Future<Void> stop() {
        if (timer >= 0) vertx.cancelTimer(timer);
        return Future.succeededFuture();
    }
}
