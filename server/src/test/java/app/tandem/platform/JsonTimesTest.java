package app.tandem.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonObject;
import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Times in JSON PostgreSQL built reach the app in UTC with a `Z`, written exactly as Java writes an
 * instant, whether the JSON is read into a tree or passed through as text.
 */
class JsonTimesTest {
    private static final List<String> AS_POSTGRESQL_WRITES_THEM = List.of(
            "2026-12-08T01:18:19+00:00",
            "2026-12-08T01:18:19.5+00:00",
            "2026-12-08T01:18:19.12+00:00",
            "2026-12-08T01:18:19.123+00:00",
            "2026-12-08T01:18:19.1234+00:00",
            "2026-12-08T01:18:19.85589+00:00",
            "2026-12-08T01:18:19.000001+00:00",
            "2026-12-08T01:18:19.123456+01:00",
            "2026-03-29T00:30:00-05:30");

    @Test
    void everyTimeIsWrittenAsJavaWritesTheSameInstant() {
        for (String time : AS_POSTGRESQL_WRITES_THEM) {
            assertEquals(OffsetDateTime.parse(time).toInstant().toString(), Json.utc(time), time);
        }
    }

    @Test
    void textAndTreeRewriteTheSameFieldsTheSameWayAndNothingElse() {
        for (String time : AS_POSTGRESQL_WRITES_THEM) {
            String json = "{\"id\" : \"a\", \"createdAt\" : \"" + time + "\", \"view\": {\"sharedAt\":\"" + time
                    + "\", \"text\":\"I wrote \\\"fooAt\\\":\\\"" + time + "\\\" here\", \"date\":\"" + time + "\"},"
                    + " \"items\": [{\"heldAt\": \"" + time + "\"}], \"closedAt\": null}";
            JsonObject tree = Json.utcTimes(new JsonObject(json));
            JsonObject text = new JsonObject(Json.utcText(json));
            assertEquals(tree, text, json);
            String utc = OffsetDateTime.parse(time).toInstant().toString();
            assertEquals(utc, text.getString("createdAt"));
            assertEquals(utc, text.getJsonObject("view").getString("sharedAt"));
            assertEquals(utc, text.getJsonArray("items").getJsonObject(0).getString("heldAt"));
            assertEquals(time, text.getJsonObject("view").getString("date"), "a field not named ...At is left alone");
            assertEquals(
                    "I wrote \"fooAt\":\"" + time + "\" here",
                    text.getJsonObject("view").getString("text"),
                    "what someone wrote is never rewritten");
        }
    }
}
