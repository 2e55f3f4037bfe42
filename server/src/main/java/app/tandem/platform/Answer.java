package app.tandem.platform;

import io.vertx.core.json.JsonObject;

/**
 * What an operation answers with. Services return answers as records (or {@link SqlJson} where
 * PostgreSQL built the JSON); only the route, at the edge, turns one into JSON.
 */
public interface Answer {
    JsonObject toJson();
}
