package app.tandem.platform;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

/**
 * What an operation answers with. Services return answers as records (or {@link SqlJson} where
 * PostgreSQL built the JSON); only the route, at the edge, turns one into JSON. A record's JSON is
 * its fields by name ({@link AnswerJson}); one whose JSON is shaped otherwise overrides `toJson`.
 */
public interface Answer {
    default JsonObject toJson() {
        return AnswerJson.of(this);
    }

    /** The JSON as sent: written straight to bytes, not built as a tree first. */
    default Buffer encode() {
        return AnswerJson.encode(this);
    }
}
