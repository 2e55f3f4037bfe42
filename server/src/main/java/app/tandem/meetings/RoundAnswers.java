package app.tandem.meetings;

import app.tandem.platform.Answer;
import app.tandem.platform.Named;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.vertx.core.json.JsonArray;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** What review rounds answer, typed; each is its JSON, field by field, so the wire names live here. */
final class RoundAnswers {
    private RoundAnswers() {}

    record Round(UUID id, String name, int slotMinutes, Instant bookingOpensAt, Instant bookingClosesAt)
            implements Answer {}

    /** One window of a person's availability (a window less its breaks makes several). */
    record Window(UUID id, UUID staffId, Instant startsAt, Instant endsAt, String place, String placeKind)
            implements Answer {}

    /**
     * A pupil expected in the round: who must attend (`staff` as PostgreSQL built it, names by id),
     * whether the family has booked, and when they were last nudged.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Expected(Named pupil, List<UUID> staffIds, JsonArray staff, UUID meetingId, Instant nudgedAt)
            implements Answer {
        @JsonProperty
        boolean booked() {
            return meetingId != null;
        }
    }

    /** A nudge sent: to how many families, and why the others were not nudged. */
    record Nudged(int nudged, long alreadyBooked, long nudgedToday, long noParentOnTandem) implements Answer {}

    /** One pupil's meetings this school year against the three promised. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Covered(Named pupil, String senStatus, long held, long booked, LocalDate annualReviewDueBy)
            implements Answer {
        @JsonProperty
        long stillNeeded() {
            return Math.max(0, 3 - held - booked);
        }
    }

    /** The school year's coverage, those falling short first. */
    record Coverage(LocalDate schoolYearStarts, List<Covered> items) implements Answer {}
}
