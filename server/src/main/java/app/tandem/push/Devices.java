package app.tandem.push;

import app.tandem.platform.Caller;
import app.tandem.platform.Problem;
import app.tandem.platform.ProblemType;
import app.tandem.platform.Requests;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalTime;
import java.util.UUID;

/**
 * The phones that receive pushes: one per signed-in session, and each token with one session at a
 * time. Registering is idempotent; a token seen again from another session moves there (the phone
 * was signed in again or handed on). Quiet hours are kept here too.
 */
record Devices(Pool pool, Clock clock) {
    private static final String COLUMNS = "id, session_id, platform, app_version, locale, created_at, updated_at";

    /** What a registration did. */
    record Registered(JsonObject device, boolean created) {}

    Future<Registered> register(Caller caller, JsonObject body) {
        Instant now = clock.instant();
        String token = body.getString("token");
        // Free the token from any other session, then upsert this session's row: both in one transaction.
        return pool.withTransaction(tx -> tx.preparedQuery("DELETE FROM device WHERE token = $1 AND session_id <> $2")
                        .execute(Tuple.of(token, caller.sessionId()))
                        .compose(v -> tx.preparedQuery(
                                        """
                INSERT INTO device (school_id, user_id, session_id, token, platform, app_version, locale, created_at, updated_at)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)
                ON CONFLICT (session_id) DO UPDATE SET token = excluded.token, platform = excluded.platform,
                  app_version = excluded.app_version, locale = excluded.locale, updated_at = excluded.updated_at
                RETURNING %s, (xmax = 0) AS created"""
                                                .formatted(COLUMNS))
                                .execute(Tuple.from(new Object[] {
                                    caller.schoolId(),
                                    caller.subject(),
                                    caller.sessionId(),
                                    token,
                                    body.getString("platform"),
                                    body.getString("appVersion"),
                                    body.getString("locale"),
                                    Requests.utc(now)
                                }))))
                .map(rows -> {
                    Row r = rows.iterator().next();
                    return new Registered(json(r, caller), r.getBoolean("created"));
                });
    }

    Future<JsonObject> list(Caller caller) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM device WHERE user_id = $1 ORDER BY updated_at DESC")
                .execute(Tuple.of(caller.subject()))
                .map(rows -> {
                    JsonArray items = new JsonArray();
                    for (Row r : rows) items.add(json(r, caller));
                    return new JsonObject().put("items", items);
                });
    }

    Future<Void> delete(Caller caller, UUID deviceId) {
        return pool.preparedQuery("DELETE FROM device WHERE id = $1 AND user_id = $2")
                .execute(Tuple.of(deviceId, caller.subject()))
                .compose(rows ->
                        rows.rowCount() == 1 ? Future.succeededFuture() : Future.failedFuture(Problem.notFound()));
    }

    Future<JsonObject> quietHours(Caller caller) {
        requireAdult(caller);
        return pool.preparedQuery(
                        """
            SELECT s.time_zone, u.quiet_from, u.quiet_to FROM app_user u JOIN school s ON s.id = u.school_id WHERE u.id = $1""")
                .execute(Tuple.of(caller.subject()))
                .map(rows -> quietJson(rows.iterator().next()));
    }

    Future<JsonObject> setQuietHours(Caller caller, JsonObject body) {
        requireAdult(caller);
        LocalTime from = LocalTime.parse(body.getString("from"));
        LocalTime to = LocalTime.parse(body.getString("to"));
        if (from.equals(to)) throw Problem.invalid("body.to", "must differ from from.");
        return pool.preparedQuery(
                        """
            UPDATE app_user u SET quiet_from = $2, quiet_to = $3 FROM school s WHERE u.id = $1 AND s.id = u.school_id
            RETURNING s.time_zone, u.quiet_from, u.quiet_to""")
                .execute(Tuple.of(caller.subject(), from, to))
                .map(rows -> quietJson(rows.iterator().next()));
    }

    Future<Void> clearQuietHours(Caller caller) {
        requireAdult(caller);
        return pool.preparedQuery("UPDATE app_user SET quiet_from = NULL, quiet_to = NULL WHERE id = $1")
                .execute(Tuple.of(caller.subject()))
                .mapEmpty();
    }

    private static JsonObject quietJson(Row r) {
        JsonObject json = new JsonObject().put("timeZone", r.getString("time_zone"));
        if (r.getLocalTime("quiet_from") != null) {
            json.put("from", r.getLocalTime("quiet_from").toString())
                    .put("to", r.getLocalTime("quiet_to").toString());
        }
        return json;
    }

    private static JsonObject json(Row r, Caller caller) {
        JsonObject json =
                new JsonObject().put("id", r.getUUID("id").toString()).put("platform", r.getString("platform"));
        if (r.getString("app_version") != null) json.put("appVersion", r.getString("app_version"));
        if (r.getString("locale") != null) json.put("locale", r.getString("locale"));
        return json.put("current", r.getUUID("session_id").equals(caller.sessionId()))
                .put(
                        "registeredAt",
                        r.getOffsetDateTime("created_at").toInstant().toString())
                .put("updatedAt", r.getOffsetDateTime("updated_at").toInstant().toString());
    }

    /**
     * Quiet hours belong to adults' accounts. A pupil's own device registers for pushes too, but it is
     * only ever told that a question from school is waiting (no name, no content).
     */
    private static void requireAdult(Caller caller) {
        if (caller.kind() == Caller.Kind.PUPIL)
            throw new Problem(ProblemType.FORBIDDEN, "Pupils' devices do not receive notifications.");
    }
}
