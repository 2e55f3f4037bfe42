package app.tandem.meetings;

import java.time.Instant;
import java.time.ZoneId;
import java.util.UUID;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.TimeZoneRegistry;
import net.fortuna.ical4j.model.TimeZoneRegistryFactory;
import net.fortuna.ical4j.model.component.VEvent;
import net.fortuna.ical4j.model.property.Description;
import net.fortuna.ical4j.model.property.Location;
import net.fortuna.ical4j.model.property.Uid;

/**
 * A meeting as an iCalendar file, written by ical4j. Times carry the school's time zone (TZID with
 * its VTIMEZONE), so a 4 pm meeting stays at 4 pm on the phone whatever the clocks do in between.
 */
final class Calendars {
    private static final TimeZoneRegistry ZONES =
            TimeZoneRegistryFactory.getInstance().createRegistry();

    private Calendars() {}

    static String meeting(
            UUID id, Instant starts, Instant ends, ZoneId zone, String summary, String place, String description) {
        VEvent event = new VEvent(starts.atZone(zone), ends.atZone(zone), summary);
        event.add(new Uid(id + "@tandem"));
        event.add(new Location(place));
        event.add(new Description(description));
        Calendar calendar = new Calendar()
                .withProdId("-//Tandem//Review meetings//EN")
                .withDefaults()
                .withComponent(ZONES.getTimeZone(zone.getId()).getVTimeZone())
                .withComponent(event)
                .getFluentTarget();
        return calendar.toString();
    }
}
