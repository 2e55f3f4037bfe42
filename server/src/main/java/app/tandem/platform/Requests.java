package app.tandem.platform;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

/** Reading what the contract has already validated, the same way in every capability. */
public final class Requests {
    private Requests() {}

    /** A path parameter the contract declares as a UUID. */
    public static UUID pathId(RoutingContext ctx, String name) {
        return UUID.fromString(ctx.pathParam(name));
    }

    /** An optional query parameter the contract declares as a UUID; null when absent. */
    public static UUID queryId(RoutingContext ctx, String name) {
        String value = ctx.queryParams().get(name);
        return value == null ? null : UUID.fromString(value);
    }

    /** An optional query parameter the contract declares as a date; null when absent. */
    public static LocalDate queryDate(RoutingContext ctx, String name) {
        String value = ctx.queryParams().get(name);
        return value == null ? null : LocalDate.parse(value);
    }

    /** The `limit` query parameter (the contract bounds it), or the default page size. */
    public static int limit(RoutingContext ctx) {
        String limit = ctx.queryParams().get("limit");
        return limit == null ? 20 : Integer.parseInt(limit);
    }

    /** An instant as PostgreSQL `timestamptz` parameters take it. */
    public static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    /** An optional body field the contract declares as a date; null when absent. */
    public static LocalDate date(JsonObject body, String field) {
        String value = body.getString(field);
        return value == null ? null : LocalDate.parse(value);
    }

    /** An optional body field the contract declares as a UUID; null when absent. */
    public static UUID id(JsonObject body, String field) {
        String value = body.getString(field);
        return value == null ? null : UUID.fromString(value);
    }

    /** An optional body field the contract declares as an array of UUIDs; empty when absent. */
    public static List<UUID> ids(JsonObject body, String field) {
        JsonArray array = body.getJsonArray(field);
        return array == null
                ? List.of()
                : array.stream().map(o -> UUID.fromString(o.toString())).toList();
    }

    /**
     * An optional body text field stripped of surrounding space; null when absent, and nothing but
     * space is a 400 naming the field.
     */
    public static String text(JsonObject body, String field) {
        return text(body, field, "body." + field);
    }

    /** {@link #text(JsonObject, String)} of a nested object, naming the field by its whole path. */
    public static String text(JsonObject json, String field, String path) {
        String value = json.getString(field);
        if (value == null) return null;
        if (value.isBlank()) throw Problem.invalid(path, "must not be blank.");
        return value.strip();
    }
}
