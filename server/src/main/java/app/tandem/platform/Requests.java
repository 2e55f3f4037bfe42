package app.tandem.platform;

import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
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
}
