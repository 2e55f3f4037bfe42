package app.tandem.notices;

import app.tandem.platform.Problem;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/** Notices' requests as typed values, made from bodies the contract has already checked. */
final class NoticeRequests {
    private NoticeRequests() {}

    private static final Pattern BCP47 = Pattern.compile("^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$");

    /** A notice's words. */
    record Letter(String title, String body) {}

    /** The same words in another language (a BCP 47 tag, normalised). */
    record Translation(String language, String title, String body) {}

    /** A notice to families: who, what, whether and how to acknowledge, when, attachments. */
    record NewNotice(
            Letter letter,
            Audience audience,
            boolean requiresAck,
            String reply,
            Instant acknowledgeBy,
            Instant sendAt,
            List<Translation> translations,
            UUID correctsNoticeId,
            List<UUID> attachmentIds,
            boolean urgent) {
        static NewNotice from(JsonObject b) {
            return new NewNotice(
                    new Letter(b.getString("title"), b.getString("body")),
                    Audience.from(b.getJsonObject("audience")),
                    b.getBoolean("requiresAcknowledgement", false),
                    b.getString("reply", "none"),
                    instant(b.getString("acknowledgeBy")),
                    instant(b.getString("sendAt")),
                    checkedTranslations(b.getJsonArray("translations")),
                    b.getString("correctsNoticeId") == null ? null : UUID.fromString(b.getString("correctsNoticeId")),
                    b.getJsonArray("attachmentIds", new JsonArray()).stream()
                            .map(o -> UUID.fromString(o.toString()))
                            .toList(),
                    b.getBoolean("urgent", false));
        }
    }

    /** A formal notice about one pupil, and when it must be acknowledged by. */
    record FormalNotice(Letter letter, Instant acknowledgeBy) {
        static FormalNotice from(JsonObject b) {
            return new FormalNotice(
                    new Letter(b.getString("title"), b.getString("body")), instant(b.getString("acknowledgeBy")));
        }
    }

    private static List<Translation> checkedTranslations(JsonArray array) {
        List<Translation> list = new ArrayList<>();
        if (array == null) return list;
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < array.size(); i++) {
            JsonObject t = array.getJsonObject(i);
            String tag = t.getString("language");
            Locale locale = Locale.forLanguageTag(tag);
            if (!BCP47.matcher(tag).matches()
                    || locale.getLanguage().isEmpty()
                    || locale.toLanguageTag().equals("und")) {
                throw Problem.invalid("body.translations." + i + ".language", "is not a BCP 47 language tag.");
            }
            if (!seen.add(locale.toLanguageTag().toLowerCase(Locale.ROOT))) {
                throw Problem.invalid("body.translations." + i + ".language", "appears twice.");
            }
            list.add(new Translation(locale.toLanguageTag(), t.getString("title"), t.getString("body")));
        }
        return list;
    }

    private static Instant instant(String value) {
        return value == null ? null : OffsetDateTime.parse(value).toInstant();
    }
}
