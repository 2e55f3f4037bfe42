package app.tandem.platform;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.LocalDate;
import java.util.UUID;
import java.util.function.Function;

/**
 * One call of an operation as its handler reads it: who is calling, and the parameters and body the
 * contract has already validated, read the same way in every capability.
 */
public record Call(RoutingContext ctx) {
    public Caller caller() {
        return Caller.of(ctx);
    }

    /** A path parameter the contract declares as a UUID. */
    public UUID id(String pathParam) {
        return Requests.pathId(ctx, pathParam);
    }

    /** An optional query parameter; null when absent. */
    public String query(String name) {
        return ctx.queryParams().get(name);
    }

    /** An optional query parameter the contract declares as a UUID; null when absent. */
    public UUID queryId(String name) {
        return Requests.queryId(ctx, name);
    }

    /** An optional query parameter the contract declares as a date; null when absent. */
    public LocalDate queryDate(String name) {
        return Requests.queryDate(ctx, name);
    }

    /** The page size asked for, or the default. */
    public int limit() {
        return Requests.limit(ctx);
    }

    /** Where the page starts: the `cursor` of the page before; null for the first. */
    public String cursor() {
        return query("cursor");
    }

    /** The JSON body; an empty object when none was sent (operations whose body is optional). */
    public JsonObject body() {
        return ctx.body().buffer() == null || ctx.body().length() == 0
                ? new JsonObject()
                : ctx.body().asJsonObject();
    }

    /** A text field of the JSON body, as sent; null when absent. */
    public String text(String field) {
        return body().getString(field);
    }

    /** The JSON body read as a request record. */
    public <T> T body(Function<JsonObject, T> from) {
        return from.apply(body());
    }

    /** An optional whole-number query parameter the contract has checked, or `absent`. */
    public Integer integer(String name, Integer absent) {
        String value = query(name);
        return value == null ? absent : Integer.valueOf(value);
    }
}
