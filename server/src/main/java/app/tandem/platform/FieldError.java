package app.tandem.platform;

import io.vertx.core.json.JsonObject;

/** One bad field in a request: where it is (`body.email`, `query.limit`) and what is wrong with it. */
public record FieldError(String field, String message) {
    public JsonObject toJson() {
        return new JsonObject().put("field", field).put("message", message);
    }
}
