package app.tandem.platform;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * One page of a list: `items` and, when there is more, `nextCursor`. Queries fetch one row more
 * than the page holds; that extra row only tells there is a next page.
 */
public record Page<T>(List<T> items, String nextCursor, Function<T, JsonObject> json) implements Answer {
    /** A page of answers, each its own JSON. */
    public static <T extends Answer> Page<T> of(
            RowSet<Row> rows, int limit, Function<Row, T> item, Function<Row, String> cursorOf) {
        return of(rows, limit, item, cursorOf, Answer::toJson);
    }

    public static <T> Page<T> of(
            RowSet<Row> rows,
            int limit,
            Function<Row, T> item,
            Function<Row, String> cursorOf,
            Function<T, JsonObject> json) {
        List<T> items = new ArrayList<>();
        Row last = null;
        for (Row row : rows) {
            if (items.size() == limit) break;
            items.add(item.apply(row));
            last = row;
        }
        String next = rows.size() > limit && last != null ? cursorOf.apply(last) : null;
        return new Page<>(items, next, json);
    }

    @Override
    public JsonObject toJson() {
        JsonArray list = new JsonArray();
        items.forEach(i -> list.add(json.apply(i)));
        JsonObject page = new JsonObject().put("items", list);
        if (nextCursor != null) page.put("nextCursor", nextCursor);
        return page;
    }
}
