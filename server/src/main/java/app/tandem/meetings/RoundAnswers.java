package app.tandem.meetings;

import app.tandem.platform.Answer;
import app.tandem.platform.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * What review rounds answer, typed: the services make these, the routes turn them into the
 * contract's JSON (`toJson`), so the wire names live here.
 */
final class RoundAnswers {
    private RoundAnswers() {}

    record Round(UUID id, String name, int slotMinutes, Instant bookingOpensAt, Instant bookingClosesAt)
            implements Answer {
        @Override
        public JsonObject toJson() {
            return new JsonObject()
                    .put("id", id.toString())
                    .put("name", name)
                    .put("slotMinutes", slotMinutes)
                    .put("bookingOpensAt", bookingOpensAt.toString())
                    .put("bookingClosesAt", bookingClosesAt.toString());
        }
    }

    /** One window of a person's availability (a window less its breaks makes several). */
    record Window(UUID id, UUID staffId, Instant startsAt, Instant endsAt, String place, String placeKind)
            implements Answer {
        @Override
        public JsonObject toJson() {
            return new JsonObject()
                    .put("id", id.toString())
                    .put("staffId", staffId.toString())
                    .put("startsAt", startsAt.toString())
                    .put("endsAt", endsAt.toString())
                    .put("place", place)
                    .put("placeKind", placeKind);
        }
    }

    /**
     * A pupil expected in the round: who must attend (`staff` as PostgreSQL built it, names by id),
     * whether the family has booked, and when they were last nudged.
     */
    record Expected(
            UUID pupilId, String pupilName, List<UUID> staffIds, JsonArray staff, UUID meetingId, Instant nudgedAt)
            implements Answer {
        @Override
        public JsonObject toJson() {
            JsonObject item = new JsonObject()
                    .put("pupil", Json.named(pupilId, pupilName))
                    .put(
                            "staffIds",
                            new JsonArray(staffIds.stream().map(UUID::toString).toList()))
                    .put("staff", staff)
                    .put("booked", meetingId != null);
            if (meetingId != null) item.put("meetingId", meetingId.toString());
            if (nudgedAt != null) item.put("nudgedAt", nudgedAt.toString());
            return item;
        }
    }

    /** A nudge sent: to how many families, and why the others were not nudged. */
    record Nudged(int nudged, long alreadyBooked, long nudgedToday, long noParentOnTandem) implements Answer {
        @Override
        public JsonObject toJson() {
            return new JsonObject()
                    .put("nudged", nudged)
                    .put("alreadyBooked", alreadyBooked)
                    .put("nudgedToday", nudgedToday)
                    .put("noParentOnTandem", noParentOnTandem);
        }
    }

    /** One pupil's meetings this school year against the three promised. */
    record Covered(UUID pupilId, String name, String senStatus, long held, long booked, LocalDate annualReviewDueBy)
            implements Answer {
        long stillNeeded() {
            return Math.max(0, 3 - held - booked);
        }

        @Override
        public JsonObject toJson() {
            JsonObject item = new JsonObject()
                    .put("pupil", Json.named(pupilId, name))
                    .put("senStatus", senStatus)
                    .put("held", held)
                    .put("booked", booked)
                    .put("stillNeeded", stillNeeded());
            if (annualReviewDueBy != null) item.put("annualReviewDueBy", annualReviewDueBy.toString());
            return item;
        }
    }

    /** The school year's coverage, those falling short first. */
    record Coverage(LocalDate schoolYearStarts, List<Covered> items) implements Answer {
        @Override
        public JsonObject toJson() {
            JsonArray list = new JsonArray();
            items.forEach(i -> list.add(i.toJson()));
            return new JsonObject()
                    .put("schoolYearStarts", schoolYearStarts.toString())
                    .put("items", list);
        }
    }
}
