package app.tandem.messaging;

import app.tandem.platform.Problem;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * When a school's staff answer messages: opening and closing times per weekday, in the school's
 * time zone. Times are local, so "08:00" stays 08:00 across the clock change.
 */
public record OfficeHours(ZoneId zone, Map<DayOfWeek, LocalTime[]> days) {

    /** Reads the stored form (a list of `{day, opens, closes}`), trusting it was validated on the way in. */
    public static OfficeHours of(String zone, JsonArray stored) {
        Map<DayOfWeek, LocalTime[]> days = new EnumMap<>(DayOfWeek.class);
        for (Object o : stored) {
            JsonObject d = (JsonObject) o;
            days.put(
                    day(d.getString("day")),
                    new LocalTime[] {LocalTime.parse(d.getString("opens")), LocalTime.parse(d.getString("closes"))});
        }
        return new OfficeHours(ZoneId.of(zone), days);
    }

    /** Checks a requested set of days; 400 naming the entry at fault. Returns it in weekday order. */
    static JsonArray validated(JsonArray requested) {
        Map<DayOfWeek, JsonObject> days = new EnumMap<>(DayOfWeek.class);
        for (int i = 0; i < requested.size(); i++) {
            JsonObject d = requested.getJsonObject(i);
            String field = "body.days[" + i + "]";
            if (days.put(day(d.getString("day")), d) != null) throw Problem.invalid(field + ".day", "appears twice.");
            if (!LocalTime.parse(d.getString("opens")).isBefore(LocalTime.parse(d.getString("closes")))) {
                throw Problem.invalid(field + ".closes", "must be after opens.");
            }
        }
        JsonArray ordered = new JsonArray();
        days.values().forEach(ordered::add);
        return ordered;
    }

    public boolean openAt(Instant at) {
        return nextOpening(at).equals(at);
    }

    /** The instant itself when the office is open then; otherwise when it next opens. */
    public Instant nextOpening(Instant at) {
        LocalDate date = at.atZone(zone).toLocalDate();
        for (int i = 0; i <= 7; i++, date = date.plusDays(1)) {
            LocalTime[] hours = days.get(date.getDayOfWeek());
            if (hours == null) continue;
            Instant opens = ZonedDateTime.of(date, hours[0], zone).toInstant();
            Instant closes = ZonedDateTime.of(date, hours[1], zone).toInstant();
            if (at.isBefore(opens)) return opens;
            if (at.isBefore(closes)) return at;
        }
        return at; // no open day at all cannot be stored; never hold anything back forever
    }

    /** `{openNow, nextOpensAt?}` as the API shows it. */
    JsonObject status(Instant now) {
        Instant next = nextOpening(now);
        JsonObject json = new JsonObject().put("openNow", next.equals(now));
        if (!next.equals(now)) json.put("nextOpensAt", next.toString());
        return json;
    }

    private static DayOfWeek day(String name) {
        return DayOfWeek.valueOf(name.toUpperCase(Locale.ROOT));
    }
}
