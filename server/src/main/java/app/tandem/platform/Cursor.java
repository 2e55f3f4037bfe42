package app.tandem.platform;

import io.vertx.core.json.JsonArray;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/** Opaque pagination cursors: the sort key of the last item on a page, so the next starts after it. */
public final class Cursor {
    private Cursor() {}

    public static String encode(Object... sortKey) {
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(new JsonArray(List.of(sortKey)).encode().getBytes(StandardCharsets.UTF_8));
    }

    /** The sort key, or a 400 naming `query.cursor` for anything we did not hand out. */
    public static JsonArray decode(String cursor, int parts) {
        try {
            JsonArray key = new JsonArray(new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8));
            if (key.size() != parts) throw new IllegalArgumentException();
            return key;
        } catch (RuntimeException ex) {
            throw Problem.invalid("query.cursor", "is not a cursor this server gave out.");
        }
    }

    /** The position after which a page ordered by time, then id, goes on; both null for the first page. */
    public record After(java.time.OffsetDateTime at, java.util.UUID id) {}

    /** The time-and-id position a cursor names (both null without one), or a 400 naming `query.cursor`. */
    public static After afterTimeAndId(String cursor) {
        if (cursor == null) return new After(null, null);
        JsonArray key = decode(cursor, 2);
        try {
            return new After(
                    java.time.OffsetDateTime.parse(key.getString(0)), java.util.UUID.fromString(key.getString(1)));
        } catch (RuntimeException ex) {
            throw Problem.invalid("query.cursor", "is not a cursor this server gave out.");
        }
    }

    /** The cursor for a page ordered by time, then id, that ends with this row. */
    public static String timeAndId(io.vertx.sqlclient.Row last, String timeColumn) {
        return encode(
                last.getOffsetDateTime(timeColumn).toString(),
                last.getUUID("id").toString());
    }
}
