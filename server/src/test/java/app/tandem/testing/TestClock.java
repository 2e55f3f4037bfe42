package app.tandem.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** Real time, which tests move on by hand to expire codes, sessions and locks without waiting. */
public final class TestClock extends Clock {
  private volatile Duration offset = Duration.ZERO;

  public void advance(Duration duration) {
    offset = offset.plus(duration);
  }

  @Override
  public Instant instant() {
    return Instant.now().plus(offset);
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
