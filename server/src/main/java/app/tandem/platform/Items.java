package app.tandem.platform;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.function.Function;

/** A list answer made in Java, `{"items": [...]}`, each item turned into JSON by `json` at the edge. */
public record Items<T>(List<T> items, Function<T, JsonObject> json) implements Answer {
    /** A list of answers, each its own JSON. */
    public static <T extends Answer> Items<T> of(List<T> items) {
        return new Items<>(items, Answer::toJson);
    }

    @Override
    public JsonObject toJson() {
        JsonArray list = new JsonArray();
        items.forEach(i -> list.add(json.apply(i)));
        return new JsonObject().put("items", list);
    }
}
