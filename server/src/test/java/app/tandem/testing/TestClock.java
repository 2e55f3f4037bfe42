package app.tandem.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * Real time, which tests move on by hand to expire codes, sessions and locks without waiting, or
 * hold still where a test counts on no time passing (a rate limit's refill on a slow machine).
 */
public final class TestClock extends Clock {
    private volatile Duration offset = Duration.ZERO;
    private volatile Instant frozenAt;

    /** Stops the clock until {@link #resume()}; advancing still moves it. */
    public void freeze() {
        frozenAt = instant();
    }

    public void resume() {
        Instant held = frozenAt;
        if (held == null) return;
        frozenAt = null;
        offset = Duration.between(Instant.now(), held);
    }

    public void advance(Duration duration) {
        Instant held = frozenAt;
        if (held != null) frozenAt = held.plus(duration);
        else offset = offset.plus(duration);
    }

    @Override
    public Instant instant() {
        Instant held = frozenAt;
        return held != null ? held : Instant.now().plus(offset);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
