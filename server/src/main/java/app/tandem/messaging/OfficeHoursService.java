package app.tandem.messaging;

import app.tandem.platform.Caller;
import app.tandem.platform.Caller.Role;
import app.tandem.platform.SqlJson;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.util.UUID;

/** Reading and setting a school's office hours. Every send reads them afresh in its transaction, so no cache to drop. */
record OfficeHoursService(Pool pool, Clock clock) {
    /** The hours of the school named (a parent's child's), else the caller's own. */
    Future<SqlJson> get(Caller caller, UUID schoolId) {
        ConversationService.requireAdult(caller);
        return OfficeHoursStore.read(pool, caller.school(schoolId)).map(this::view);
    }

    Future<SqlJson> set(Caller caller, JsonArray week) {
        caller.requireStaff(Role.ADMIN, Role.SENCO);
        JsonArray days = OfficeHours.validated(week);
        return OfficeHoursStore.set(pool, caller.schoolId(), days).compose(v -> get(caller, null));
    }

    /** The week as the school set it (PostgreSQL's JSON) and whether it is open now. */
    private SqlJson view(OfficeHoursStore.Hours hours) {
        return new SqlJson(new JsonObject()
                .put("timeZone", hours.timeZone())
                .put("days", hours.days())
                .mergeIn(OfficeHours.of(hours.timeZone(), hours.days()).status(clock.instant())));
    }
}
