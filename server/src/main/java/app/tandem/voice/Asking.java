package app.tandem.voice;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.UUID;

/**
 * A question for pupils as it is asked: its words (and a recording of them), the formats it may be
 * answered in, what it is about, whom it is for, and whether their parents are asked too.
 *
 * @param matCards the talking mat's cards, a document the app draws, kept as sent
 */
record Asking(
        String question,
        UUID questionAudioId,
        List<String> formats,
        Integer scalePoints,
        JsonArray matCards,
        About about,
        ForWhom forWhom,
        boolean inviteParents) {

    /** What a question is about: in general, the one-page profile (a heading), or one thing of the pupil's. */
    record About(String kind, UUID outcomeId, UUID meetingId, UUID annualReviewId, UUID cycleId, String heading) {
        static About general() {
            return new About("general", null, null, null, null, null);
        }

        static About cycle(UUID cycleId) {
            return new About("cycle", null, null, null, cycleId, null);
        }

        /** The id a request names by this field of `about`; null when it names none. */
        UUID id(String field) {
            return switch (field) {
                case "outcomeId" -> outcomeId;
                case "meetingId" -> meetingId;
                case "annualReviewId" -> annualReviewId;
                case "cycleId" -> cycleId;
                default -> throw new IllegalArgumentException(field);
            };
        }
    }

    /** The pupils named, a class, or (neither) every pupil on the SEND register the caller may ask. */
    record ForWhom(List<UUID> pupilIds, UUID classId) {}

    /** A question the school asks the pupil and their parents itself (a cycle opening, an assessment). */
    static Asking family(String question, List<String> formats, Integer scalePoints, About about) {
        return new Asking(question, null, formats, scalePoints, null, about, new ForWhom(null, null), true);
    }

    static Asking from(JsonObject b) {
        JsonObject about = b.getJsonObject("about");
        JsonObject target = b.getJsonObject("for");
        return new Asking(
                b.getString("question").strip(),
                id(b.getString("questionAudioId")),
                b.getJsonArray("formats").stream().map(String.class::cast).toList(),
                b.getInteger("scalePoints"),
                b.getJsonArray("matCards"),
                new About(
                        about.getString("kind"),
                        id(about.getString("outcomeId")),
                        id(about.getString("meetingId")),
                        id(about.getString("annualReviewId")),
                        id(about.getString("cycleId")),
                        about.getString("heading")),
                new ForWhom(
                        target.getJsonArray("pupilIds") == null
                                ? null
                                : target.getJsonArray("pupilIds").stream()
                                        .map(id -> UUID.fromString((String) id))
                                        .toList(),
                        id(target.getString("classId"))),
                b.getBoolean("inviteParents", false));
    }

    private static UUID id(String value) {
        return value == null ? null : UUID.fromString(value);
    }
}
