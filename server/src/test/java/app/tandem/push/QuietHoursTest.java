package app.tandem.push;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/** Quiet hours may wrap past midnight; a push in them waits until they end, in the school's zone. */
class QuietHoursTest {
    private static final ZoneId LONDON = ZoneId.of("Europe/London");
    private static final LocalTime NINE_PM = LocalTime.of(21, 0);
    private static final LocalTime SEVEN_AM = LocalTime.of(7, 0);

    @Test
    void lateEveningWaitsUntilSevenTomorrow() {
        assertEquals(
                Instant.parse("2026-11-23T07:00:00Z"),
                QuietHours.endOf(NINE_PM, SEVEN_AM, LONDON, Instant.parse("2026-11-22T22:15:00Z")));
    }

    @Test
    void earlyMorningWaitsUntilSevenToday() {
        assertEquals(
                Instant.parse("2026-11-23T07:00:00Z"),
                QuietHours.endOf(NINE_PM, SEVEN_AM, LONDON, Instant.parse("2026-11-23T05:00:00Z")));
    }

    @Test
    void daytimeIsNotQuiet() {
        assertNull(QuietHours.endOf(NINE_PM, SEVEN_AM, LONDON, Instant.parse("2026-11-23T12:00:00Z")));
        assertNull(QuietHours.endOf(
                LocalTime.of(13, 0), LocalTime.of(14, 0), LONDON, Instant.parse("2026-11-23T14:00:00Z")));
        assertEquals(
                Instant.parse("2026-11-23T14:00:00Z"),
                QuietHours.endOf(
                        LocalTime.of(13, 0), LocalTime.of(14, 0), LONDON, Instant.parse("2026-11-23T13:30:00Z")));
    }
}
