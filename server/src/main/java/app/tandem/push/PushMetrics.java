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
        sent = counter(registry, "tandem_push_sent", "Outbox rows sent to FCM");
        failed = counter(registry, "tandem_push_failed", "Outbox rows given up on");
        retried = counter(registry, "tandem_push_retried", "Outbox rows put back for a retry");
        dropped = counter(registry, "tandem_push_dropped", "Outbox rows for people with no phone registered");
        deferred = counter(registry, "tandem_push_deferred", "Outbox rows held back for quiet hours");
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

    private static Counter counter(MeterRegistry registry, String name, String description) {
        return Counter.builder(name).description(description).register(registry);
    }
}
