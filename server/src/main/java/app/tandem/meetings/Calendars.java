package app.tandem.meetings;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import net.fortuna.ical4j.data.CalendarOutputter;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.ComponentList;
import net.fortuna.ical4j.model.Property;
import net.fortuna.ical4j.model.PropertyList;
import net.fortuna.ical4j.model.TimeZoneRegistry;
import net.fortuna.ical4j.model.TimeZoneRegistryFactory;
import net.fortuna.ical4j.model.component.Observance;
import net.fortuna.ical4j.model.component.VEvent;
import net.fortuna.ical4j.model.component.VTimeZone;
import net.fortuna.ical4j.model.parameter.Cn;
import net.fortuna.ical4j.model.parameter.PartStat;
import net.fortuna.ical4j.model.parameter.Role;
import net.fortuna.ical4j.model.parameter.Rsvp;
import net.fortuna.ical4j.model.property.Attendee;
import net.fortuna.ical4j.model.property.Description;
import net.fortuna.ical4j.model.property.Location;
import net.fortuna.ical4j.model.property.Method;
import net.fortuna.ical4j.model.property.Organizer;
import net.fortuna.ical4j.model.property.RRule;
import net.fortuna.ical4j.model.property.Sequence;
import net.fortuna.ical4j.model.property.Status;
import net.fortuna.ical4j.model.property.Uid;

/**
 * A meeting as an iCalendar file, written by ical4j. Times carry the school's time zone (TZID with
 * its VTIMEZONE), so a 4 pm meeting stays at 4 pm on the phone whatever the clocks do in between.
 * The UID stays with the meeting and SEQUENCE rises with each move, so a calendar that imported it
 * updates the event; a cancelled meeting's file cancels it (RFC 5546 METHOD:CANCEL).
 */
final class Calendars {
    private static final TimeZoneRegistry ZONES =
            TimeZoneRegistryFactory.getInstance().createRegistry();

    /** One meeting as a calendar event. */
    record Event(
            UUID id,
            int sequence,
            boolean cancelled,
            Instant starts,
            Instant ends,
            ZoneId zone,
            String summary,
            String place,
            String description) {}

    private Calendars() {}

    /** Someone an invitation names: a name and an email address. */
    record Party(String name, String email) {}

    /**
     * The meeting as the family's own calendar file (METHOD:PUBLISH, or CANCEL once cancelled), the
     * school its ORGANIZER (RFC 5546 3.2.1), by the address its emails come from.
     */
    static String meeting(Event e, Party school) {
        VEvent event = event(e);
        event.add(organizer(school));
        return write(e, e.cancelled() ? Method.VALUE_CANCEL : Method.VALUE_PUBLISH, event);
    }

    private static Organizer organizer(Party school) {
        Organizer organizer = new Organizer(URI.create("mailto:" + school.email()));
        organizer.add(new Cn(school.name()));
        return organizer;
    }

    /**
     * The meeting as an invitation to one person outside the school (RFC 5546): METHOD:REQUEST
     * with the school as ORGANIZER and them as ATTENDEE (no reply asked: Tandem reads none), or
     * METHOD:CANCEL once cancelled. Same UID as the family's file; SEQUENCE orders the updates.
     */
    static String invitation(Event e, Party school, Party invitee) {
        VEvent event = event(e);
        event.add(organizer(school));
        Attendee attendee = new Attendee(URI.create("mailto:" + invitee.email()));
        attendee.add(new Cn(invitee.name()));
        attendee.add(Role.REQ_PARTICIPANT);
        attendee.add(e.cancelled() ? PartStat.DECLINED : PartStat.NEEDS_ACTION);
        attendee.add(Rsvp.FALSE);
        event.add(attendee);
        return write(e, e.cancelled() ? Method.VALUE_CANCEL : Method.VALUE_REQUEST, event);
    }

    private static VEvent event(Event e) {
        VEvent event = new VEvent(e.starts().atZone(e.zone()), e.ends().atZone(e.zone()), e.summary());
        event.add(new Uid(e.id() + "@tandem"));
        event.add(new Sequence(e.sequence()));
        event.add(new Location(e.place()));
        event.add(new Description(e.description()));
        event.add(e.cancelled() ? new Status(Status.VALUE_CANCELLED) : new Status(Status.VALUE_CONFIRMED));
        return event;
    }

    private static String write(Event e, String method, VEvent event) {
        Calendar calendar = new Calendar()
                .withProdId("-//Tandem//Review meetings//EN")
                .withDefaults()
                .withProperty(new Method(method))
                .withComponent(rulesInForce(ZONES.getTimeZone(e.zone().getId()).getVTimeZone()))
                .withComponent(event)
                .getFluentTarget();
        StringWriter out = new StringWriter();
        try {
            // The outputter folds lines at 75 octets (RFC 5545 3.1); toString() does not.
            new CalendarOutputter(false).output(calendar, out);
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return out.toString();
    }

    /**
     * The zone with only the rules in force today: the open-ended recurring observances (standard and
     * summer time), or for a zone without clock changes its latest one. The full history since the
     * 1840s is several kilobytes no meeting needs.
     */
    static VTimeZone rulesInForce(VTimeZone full) {
        List<Observance> current = new ArrayList<>();
        for (Observance o : full.getObservances()) {
            Optional<RRule<?>> rule = o.getProperty(Property.RRULE);
            if (rule.isPresent() && rule.get().getRecur().getUntil() == null) current.add(o);
        }
        if (current.isEmpty()) {
            full.getObservances().stream()
                    .max(Comparator.comparing(o -> o.<Property>getProperty(Property.DTSTART)
                            .map(Property::getValue)
                            .orElse("")))
                    .ifPresent(current::add);
        }
        return new VTimeZone(
                new PropertyList(List.of(full.getProperty(Property.TZID).orElseThrow())), new ComponentList<>(current));
    }
}
