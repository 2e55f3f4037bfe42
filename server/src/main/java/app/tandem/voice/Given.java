package app.tandem.voice;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * A view as given, before it is checked against its question and the school's board: the format,
 * whichever answer fields were sent (only the format's own may be), and whose voice it is.
 */
record Given(
        String format,
        Set<String> answerFields,
        List<String> symbols,
        Integer scaleValue,
        Map<String, List<String>> mat,
        String text,
        UUID mediaId,
        String voiceKind,
        String voiceSupport) {
    /** The answer fields a view may carry, one a format. */
    static final List<String> ANSWER_FIELDS = List.of("symbols", "scaleValue", "mat", "text", "mediaId");

    static Given from(JsonObject b) {
        JsonObject voice = b.getJsonObject("voice");
        JsonObject mat = b.getJsonObject("mat");
        return new Given(
                b.getString("format"),
                ANSWER_FIELDS.stream().filter(b::containsKey).collect(Collectors.toUnmodifiableSet()),
                strings(b.getJsonArray("symbols")),
                b.getInteger("scaleValue"),
                mat == null
                        ? null
                        : mat.fieldNames().stream()
                                .collect(Collectors.toUnmodifiableMap(c -> c, c -> strings(mat.getJsonArray(c)))),
                b.getString("text"),
                b.getString("mediaId") == null ? null : UUID.fromString(b.getString("mediaId")),
                voice == null ? null : voice.getString("kind"),
                voice == null ? null : voice.getString("support"));
    }

    /** A parent's own view: its text. */
    static Given parents(JsonObject b) {
        return new Given("text", Set.of("text"), null, null, null, b.getString("text"), null, null, null);
    }

    private static List<String> strings(JsonArray array) {
        return array == null ? null : array.stream().map(String.class::cast).toList();
    }
}
