package app.tandem.meetings;

import app.tandem.meetings.SlotStore.SlotRef;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.UUID;

/** Booking a meeting and recording one, as typed values made from checked bodies. */
final class MeetingRequests {
    private MeetingRequests() {}

    /** A family (or staff) booking a slot for a pupil, with an optional note for the school. */
    record Booking(UUID pupilId, SlotRef slot, String note) {
        static Booking from(JsonObject b) {
            return new Booking(
                    UUID.fromString(b.getString("pupilId")),
                    SlotStore.decode(b.getString("slotId"), "body.slotId"),
                    b.getString("note"));
        }
    }

    /** What a meeting agreed and the actions, citing the pupil's views it drew on. */
    record Record(String agreed, String actions, List<UUID> citedViewIds) {
        static Record from(JsonObject b) {
            return new Record(
                    b.getString("agreed"),
                    b.getString("actions"),
                    b.getJsonArray("citedViewIds", new JsonArray()).stream()
                            .map(id -> UUID.fromString((String) id))
                            .toList());
        }
    }
}
