package app.tandem.messaging;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * How fast one person may send new messages: a token bucket per person (a burst of 30, then one
 * every two seconds). Retries of a message already sent do not count. Kept per replica; with n
 * replicas a determined sender gets at most n times the rate, which still stops a runaway client.
 */
final class SendLimiter {
    static final int BURST = 30;
    static final Duration REFILL = Duration.ofSeconds(2);

    private static final class Bucket {
        double tokens = BURST;
        Instant at;
    }

    private final Cache<UUID, Bucket> buckets = Caffeine.newBuilder()
            .expireAfterAccess(Duration.ofMinutes(10))
            .maximumSize(100_000)
            .build();

    /** Takes a token: 0 when the message may go, otherwise the seconds to wait. */
    long take(UUID sender, Instant now) {
        Bucket bucket = buckets.get(sender, k -> new Bucket());
        synchronized (bucket) {
            if (bucket.at != null) {
                double refilled = (double) Duration.between(bucket.at, now).toMillis() / REFILL.toMillis();
                bucket.tokens = Math.min(BURST, bucket.tokens + Math.max(0, refilled));
            }
            bucket.at = now;
            if (bucket.tokens >= 1) {
                bucket.tokens -= 1;
                return 0;
            }
            return (long) Math.ceil((1 - bucket.tokens) * REFILL.toSeconds());
        }
    }
}
