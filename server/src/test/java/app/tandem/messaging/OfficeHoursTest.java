package app.tandem.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Office hours are local times: a reply expected "Monday at 8" is 8 o'clock in the school, whatever the clocks did. */
class OfficeHoursTest {
    private static final OfficeHours WEEKDAYS = OfficeHours.of(
            "Europe/London",
            new JsonArray(java.util.List.of("monday", "tuesday", "wednesday", "thursday", "friday").stream()
                    .map(d ->
                            new JsonObject().put("day", d).put("opens", "08:00").put("closes", "17:00"))
                    .toList()));

    @Test
    void aMessageOnFridayEveningExpectsAReplyOnMondayMorning() {
        assertEquals(
                Instant.parse("2026-11-23T08:00:00Z"), WEEKDAYS.nextOpening(Instant.parse("2026-11-20T17:30:00Z")));
    }

    @Test
    void insideTheHoursTheOfficeIsOpenNow() {
        Instant tuesdayNoon = Instant.parse("2026-11-24T12:00:00Z");
        assertTrue(WEEKDAYS.openAt(tuesdayNoon));
        assertEquals(tuesdayNoon, WEEKDAYS.nextOpening(tuesdayNoon));
        assertFalse(WEEKDAYS.openAt(Instant.parse("2026-11-24T07:59:00Z")));
    }

    @Test
    void openingTimeStaysEightOClockAcrossTheClockChange() {
        // Clocks go back on Sunday 25 October 2026: Friday 08:00 is 07:00 UTC, Monday 08:00 is 08:00 UTC.
        assertEquals(
                Instant.parse("2026-10-23T07:00:00Z"), WEEKDAYS.nextOpening(Instant.parse("2026-10-23T06:00:00Z")));
        assertEquals(
                Instant.parse("2026-10-26T08:00:00Z"), WEEKDAYS.nextOpening(Instant.parse("2026-10-24T10:00:00Z")));
    }
}
