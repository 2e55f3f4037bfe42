package app.tandem.platform;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import java.util.function.Function;

/**
 * One page of a list: `items` and, when there is more, `nextCursor`. Queries fetch one row more
 * than the page holds; that extra row only tells there is a next page.
 */
public final class Page {
    private Page() {}

    public static JsonObject of(
            RowSet<Row> rows, int limit, Function<Row, JsonObject> item, Function<Row, String> cursorOf) {
        JsonArray items = new JsonArray();
        Row last = null;
        for (Row row : rows) {
            if (items.size() == limit) break;
            items.add(item.apply(row));
            last = row;
        }
        JsonObject page = new JsonObject().put("items", items);
        if (rows.size() > limit && last != null) page.put("nextCursor", cursorOf.apply(last));
        return page;
    }
}
