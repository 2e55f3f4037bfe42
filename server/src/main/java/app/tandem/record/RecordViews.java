package app.tandem.record;

import app.tandem.platform.Readability;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** The record as JSON for the API: UTC timestamps, and readability beside the wording families and pupils read. */
final class RecordViews {
    private RecordViews() {}

    static JsonObject outcome(JsonObject raw) {
        return raw.put(
                "readability",
                new JsonObject()
                        .put("title", new JsonObject().put("grade", Readability.grade(raw.getString("title"))))
                        .put(
                                "pupilTitle",
                                new JsonObject().put("grade", Readability.grade(raw.getString("pupilTitle")))));
    }

    static JsonArray outcomes(JsonArray raw) {
        for (Object o : raw) outcome((JsonObject) o);
        return raw;
    }
}
