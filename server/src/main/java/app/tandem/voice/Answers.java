package app.tandem.voice;

import app.tandem.platform.Caller;
import app.tandem.platform.Problem;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Turns a submitted answer into what is kept: only a format the question offers, only the fields
 * that format uses, symbols from the school's board, a point on the question's scale, the
 * question's own mat cards, each at most once. The labels the pupil saw are kept with the ids.
 */
final class Answers {
    /** An answer ready to insert; {@code answer} is the JSON kept, the media checked separately. */
    record Answer(String format, String voice, String support, UUID mediatedBy, JsonObject answer, UUID mediaId) {}

    private static final Map<String, String> FIELD_OF_FORMAT = Map.of(
            "symbols", "symbols",
            "scale", "scaleValue",
            "talking-mat", "mat",
            "text", "text",
            "audio", "mediaId",
            "drawing", "mediaId");

    private static final List<String> MAT_COLUMNS = List.of("like", "notSure", "dislike");

    private Answers() {}

    /** The pupil's view, given on their own device or recorded by staff beside them. */
    static Answer pupils(Caller caller, Given given, JsonObject request, Boards.Board board) {
        String format = given.format();
        requireOffered(format, request);
        String field = FIELD_OF_FORMAT.get(format);
        for (String sent : given.answerFields()) {
            if (!sent.equals(field)) throw Problem.invalid("body." + sent, "is not part of a " + format + " answer.");
        }
        if (!given.answerFields().contains(field))
            throw Problem.invalid("body." + field, "is needed for a " + format + " answer.");
        JsonObject kept =
                switch (format) {
                    case "symbols" -> new JsonObject().put("symbols", symbols(given.symbols(), board));
                    case "scale" -> new JsonObject().put("scale", scale(given.scaleValue(), request, board));
                    case "talking-mat" -> new JsonObject().put("mat", mat(given.mat(), request));
                    case "text" -> new JsonObject().put("text", given.text().strip());
                    default -> new JsonObject();
                };
        String[] voice = voice(caller, given);
        UUID mediator = caller.kind() == Caller.Kind.PUPIL ? null : caller.subject();
        return new Answer(format, voice[0], voice[1], mediator, kept, given.mediaId());
    }

    /** A parent's own view: text, kept apart from the pupil's. */
    static Answer parents(Caller caller, Given given) {
        return new Answer(
                "text",
                "parent",
                null,
                caller.subject(),
                new JsonObject().put("text", given.text().strip()),
                null);
    }

    private static void requireOffered(String format, JsonObject request) {
        JsonArray offered = request.getJsonArray("formats");
        if (!offered.contains(format))
            throw Problem.invalid(
                    "body.format",
                    "This question can be answered with: "
                            + String.join(
                                    ", ",
                                    offered.stream().map(String.class::cast).toList()) + ".");
    }

    /** {voice, support}: on the pupil's device the pupil's own; on a school device supported or observed. */
    private static String[] voice(Caller caller, Given given) {
        boolean pupilDevice = caller.kind() == Caller.Kind.PUPIL;
        String kind = given.voiceKind() == null ? (pupilDevice ? "pupil" : "pupil-supported") : given.voiceKind();
        String support = given.voiceKind() == null ? null : given.voiceSupport();
        if (pupilDevice && kind.equals("observation"))
            throw Problem.invalid("body.voice.kind", "An observation is recorded by the adult who saw it.");
        if (!kind.equals("pupil-supported") && support != null)
            throw Problem.invalid("body.voice.support", "is only for a pupil who was helped (pupil-supported).");
        if (kind.equals("pupil-supported") && support == null) support = "prompts";
        return new String[] {kind, support};
    }

    private static JsonArray symbols(List<String> ids, Boards.Board board) {
        JsonArray kept = new JsonArray();
        for (int i = 0; i < ids.size(); i++) {
            JsonObject symbol = board.symbol(ids.get(i));
            if (symbol == null)
                throw Problem.invalid("body.symbols[" + i + "]", "is not on the school's symbol board.");
            kept.add(new JsonObject().put("id", symbol.getString("id")).put("label", symbol.getString("label")));
        }
        return kept;
    }

    private static JsonObject scale(int value, JsonObject request, Boards.Board board) {
        int points = request.getInteger("scalePoints");
        JsonObject point = board.scalePoint(points, value);
        if (point == null || value > points)
            throw Problem.invalid("body.scaleValue", "must be from 1 to " + points + " on this question's scale.");
        return new JsonObject()
                .put("points", points)
                .put("value", value)
                .put("word", point.getString("word"))
                .put("symbolId", point.getString("symbolId"));
    }

    private static JsonObject mat(Map<String, List<String>> sort, JsonObject request) {
        JsonArray cards = request.getJsonArray("matCards");
        Set<String> placed = new HashSet<>();
        JsonObject kept = new JsonObject();
        for (String column : MAT_COLUMNS) {
            List<String> ids = sort.getOrDefault(column, List.of());
            JsonArray sorted = new JsonArray();
            for (int i = 0; i < ids.size(); i++) {
                String id = ids.get(i);
                JsonObject card = card(cards, id);
                String field = "body.mat." + column + "[" + i + "]";
                if (card == null) throw Problem.invalid(field, "is not one of this question's cards.");
                if (!placed.add(id)) throw Problem.invalid(field, "is already placed; each card goes in one place.");
                sorted.add(card);
            }
            kept.put(column, sorted);
        }
        if (placed.isEmpty()) throw Problem.invalid("body.mat", "Place at least one card.");
        return kept;
    }

    private static JsonObject card(JsonArray cards, String id) {
        for (Object c : cards)
            if (c instanceof JsonObject o && o.getString("id").equals(id)) return o;
        return null;
    }
}
