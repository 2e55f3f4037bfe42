package app.tandem.notices;

import app.tandem.platform.Json;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.UUID;

/**
 * What notices' services answer where Java makes the answer, typed; the routes turn them into the
 * contract's JSON (`toJson`).
 */
final class NoticeAnswers {
    private NoticeAnswers() {}

    /** A reminder sent: to how many families. */
    record Reminded(int reminded) {
        JsonObject toJson() {
            return new JsonObject().put("reminded", reminded);
        }
    }

    /** A formal notice no one received on the app: the school posts it. */
    record PaperNotice(UUID id, String title, UUID pupilId, String pupilName, Instant createdAt) {
        JsonObject toJson() {
            return new JsonObject()
                    .put("id", id.toString())
                    .put("title", title)
                    .put("pupil", Json.named(pupilId, pupilName))
                    .put("createdAt", createdAt.toString());
        }
    }
}
