package app.tandem.platform;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.io.IOException;

/**
 * JSON PostgreSQL built, passed through as its text: never parsed into a tree and written out
 * again, its times made UTC on the text ({@link Json#utcText}). For long lists read often, where the
 * parse and the garbage it leaves cost more than the query (a review pack's year of views);
 * {@link SqlJson} where the answer is trimmed or read on the way.
 */
@JsonSerialize(using = RawJson.Writer.class)
public record RawJson(String text) implements Answer {
    /** A `::text` column of JSON the database built, as the API speaks it. */
    public static RawJson of(String fromDb) {
        return new RawJson(Json.utcText(fromDb));
    }

    @Override
    public JsonObject toJson() {
        return new JsonObject(text);
    }

    @Override
    public Buffer encode() {
        return Buffer.buffer(text);
    }

    static final class Writer extends JsonSerializer<RawJson> {
        @Override
        public void serialize(RawJson json, JsonGenerator out, SerializerProvider provider) throws IOException {
            out.writeRawValue(json.text());
        }
    }
}
