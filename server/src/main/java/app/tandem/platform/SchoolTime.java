package app.tandem.platform;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAccessor;
import java.util.Locale;

/**
 * Dates and times as people outside the app read them, in the school's own time zone: "Monday 21
 * December 2026 at 11:32 am (UK time)", "7 December 2026". Emails and web pages say them one way.
 */
public final class SchoolTime {
    private static final DateTimeFormatter WHEN =
            DateTimeFormatter.ofPattern("EEEE d MMMM yyyy 'at' h:mm a", Locale.UK);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.UK);

    private SchoolTime() {}

    /** "Monday 21 December 2026 at 11:32 am", of a zoned date and time. */
    public static String when(TemporalAccessor zoned) {
        return WHEN.format(zoned);
    }

    /** "Monday 21 December 2026 at 11:32 am (UK time)": the moment in the school's zone, naming it. */
    public static String when(Instant at, ZoneId zone) {
        return WHEN.format(at.atZone(zone)) + " (" + zoneName(zone) + ")";
    }

    /** The school's date at that moment: what "today" means for its deadlines. */
    public static LocalDate today(Instant at, ZoneId zone) {
        return at.atZone(zone).toLocalDate();
    }

    /** "7 December 2026". */
    public static String day(TemporalAccessor zoned) {
        return DAY.format(zoned);
    }

    /** How a reader knows the school's clock: "UK time" for British schools, the zone's name elsewhere. */
    public static String zoneName(ZoneId zone) {
        return zone.getId().equals("Europe/London") ? "UK time" : zone.getId().replace('_', ' ');
    }
}
