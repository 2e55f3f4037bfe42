package app.tandem.push;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicLong;

/** Prometheus counters for pushes, and the age of the oldest push still waiting to go. */
final class PushMetrics {
    private final Counter sent;
    private final Counter failed;
    private final Counter retried;
    private final Counter dropped;
    private final Counter deferred;
    private final AtomicLong oldestSeconds = new AtomicLong();

    PushMetrics(MeterRegistry registry) {
        sent = Counter.builder("tandem_push_sent")
                .description("Outbox rows sent to FCM")
                .register(registry);
        failed = Counter.builder("tandem_push_failed")
                .description("Outbox rows given up on")
                .register(registry);
        retried = Counter.builder("tandem_push_retried")
                .description("Outbox rows put back for a retry")
                .register(registry);
        dropped = Counter.builder("tandem_push_dropped")
                .description("Outbox rows for people with no phone registered")
                .register(registry);
        deferred = Counter.builder("tandem_push_deferred")
                .description("Outbox rows held back for quiet hours")
                .register(registry);
        Gauge.builder("tandem_push_oldest_unsent_seconds", oldestSeconds, AtomicLong::get)
                .description("How long the oldest due push has been waiting")
                .register(registry);
    }

    void sent(int n) {
        sent.increment(n);
    }

    void failed(int n) {
        failed.increment(n);
    }

    void retried(int n) {
        retried.increment(n);
    }

    void dropped(int n) {
        dropped.increment(n);
    }

    void deferred(int n) {
        deferred.increment(n);
    }

    void oldest(long seconds) {
        oldestSeconds.set(seconds);
    }
}
