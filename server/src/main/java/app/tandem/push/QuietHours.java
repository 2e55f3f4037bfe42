package app.tandem.push;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/** A person's quiet hours, local times in their school's zone, possibly wrapping past midnight. */
final class QuietHours {
    private QuietHours() {}

    /** When the quiet hours around `now` end, or null when `now` is not in them. */
    static Instant endOf(LocalTime from, LocalTime to, ZoneId zone, Instant now) {
        ZonedDateTime local = now.atZone(zone);
        LocalTime time = local.toLocalTime();
        LocalDate today = local.toLocalDate();
        boolean wraps = from.isAfter(to);
        if (!wraps) {
            return !time.isBefore(from) && time.isBefore(to)
                    ? ZonedDateTime.of(today, to, zone).toInstant()
                    : null;
        }
        if (!time.isBefore(from))
            return ZonedDateTime.of(today.plusDays(1), to, zone).toInstant();
        if (time.isBefore(to)) return ZonedDateTime.of(today, to, zone).toInstant();
        return null;
    }
}
