package app.tandem.messaging;

import app.tandem.platform.Caller;
import app.tandem.platform.Caller.Role;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;

/** Reading and setting a school's office hours. Every send reads them afresh in its transaction, so no cache to drop. */
record OfficeHoursService(Pool pool, Clock clock) {
    Future<JsonObject> get(Caller caller) {
        ConversationService.requireAdult(caller);
        return pool.preparedQuery("SELECT time_zone, office_hours FROM school WHERE id = $1")
                .execute(Tuple.of(caller.schoolId()))
                .map(rows -> view(rows.iterator().next()));
    }

    Future<JsonObject> set(Caller caller, JsonObject body) {
        caller.requireStaff(Role.ADMIN, Role.SENCO);
        JsonArray days = OfficeHours.validated(body.getJsonArray("days"));
        return pool.preparedQuery("UPDATE school SET office_hours = $2 WHERE id = $1 RETURNING time_zone, office_hours")
                .execute(Tuple.of(caller.schoolId(), days))
                .map(rows -> view(rows.iterator().next()));
    }

    private JsonObject view(Row r) {
        JsonArray days = (JsonArray) r.getValue("office_hours");
        return new JsonObject()
                .put("timeZone", r.getString("time_zone"))
                .put("days", days)
                .mergeIn(OfficeHours.of(r.getString("time_zone"), days).status(clock.instant()));
    }
}
