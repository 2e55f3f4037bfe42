package app.tandem.record;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.OffsetDateTime;

/** The record as JSON for the API: UTC timestamps, and readability beside the wording families and pupils read. */
final class RecordViews {
  private RecordViews() {}

  /** PostgreSQL writes timestamps in JSON with an offset; the API speaks UTC with a `Z` (keys ending in `At`). */
  static JsonObject utc(JsonObject json) {
    for (String key : java.util.List.copyOf(json.fieldNames())) {
      Object value = json.getValue(key);
      if (value instanceof String s && key.endsWith("At") && s.length() > 10) {
        json.put(key, OffsetDateTime.parse(s).toInstant().toString());
      } else if (value instanceof JsonObject o) {
        utc(o);
      } else if (value instanceof JsonArray a) {
        for (int i = 0; i < a.size(); i++) if (a.getValue(i) instanceof JsonObject o) utc(o);
      }
    }
    return json;
  }

  static JsonObject outcome(JsonObject raw) {
    return raw.put("readability", new JsonObject()
        .put("title", new JsonObject().put("grade", Readability.grade(raw.getString("title"))))
        .put("pupilTitle", new JsonObject().put("grade", Readability.grade(raw.getString("pupilTitle")))));
  }

  static JsonArray outcomes(JsonArray raw) {
    for (Object o : raw) outcome((JsonObject) o);
    return raw;
  }
}
