package app.tandem.record;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.vertx.core.buffer.Buffer;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/**
 * This replica's copy of each parent's home, as sent (encoded once). A copy is served only while
 * the parent's home version (`home_version`, raised in the transaction of every change to what the
 * home shows) is the one it was made at, on the same day, and before the next meeting it shows
 * starts; so it is never staler than the database. Bounded in number and age, so a parent who stops
 * using the app costs nothing.
 */
final class HomeCopies {
    /** A home as sent: made at `version` on `day`, good `until` (the next meeting's start at the latest). */
    record Copy(long version, LocalDate day, Instant until, byte[] body) {
        boolean current(long version, LocalDate today, Instant now) {
            return this.version == version && day.equals(today) && now.isBefore(until);
        }
    }

    /** Whatever else a home shows changes only by a write (and its version) or by the day. */
    static final Duration LONGEST = Duration.ofMinutes(10);

    private final Cache<UUID, Copy> copies =
            Caffeine.newBuilder().maximumSize(50_000).expireAfterWrite(LONGEST).build();

    /** The copy for this parent if it is still the home they would be sent; null otherwise. */
    Buffer current(UUID parent, long version, LocalDate today, Instant now) {
        Copy copy = copies.getIfPresent(parent);
        // A fresh buffer each time: a response's buffer is the response's, the bytes stay ours.
        return copy != null && copy.current(version, today, now) ? Buffer.buffer(copy.body()) : null;
    }

    void keep(UUID parent, Copy copy) {
        copies.put(parent, copy);
    }
}
