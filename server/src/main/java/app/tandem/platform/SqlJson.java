package app.tandem.platform;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * An answer PostgreSQL built (`json_build_object`, `json_agg`), passed through unread. The one
 * place JSON travels through the middle, named so that the compiler can list where it does: the
 * home screens, the record and the lists the database shapes field by field for the API.
 */
public record SqlJson(JsonObject json) implements Answer {
    /** A list the database built, `{"items": [...]}`. */
    public static SqlJson items(JsonArray items) {
        return new SqlJson(new JsonObject().put("items", items));
    }

    /** A list the database built, with the cursor of the next page when there is one. */
    public static SqlJson page(JsonArray items, String nextCursor) {
        JsonObject page = new JsonObject().put("items", items);
        if (nextCursor != null) page.put("nextCursor", nextCursor);
        return new SqlJson(page);
    }

    @Override
    public JsonObject toJson() {
        return json;
    }

    @Override
    public Buffer encode() {
        return json.toBuffer();
    }
}
