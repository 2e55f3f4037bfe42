package app.tandem.messaging;

import app.tandem.platform.Caller;
import app.tandem.platform.Caller.Role;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.time.Clock;

/** Reading and setting a school's office hours. Every send reads them afresh in its transaction, so no cache to drop. */
record OfficeHoursService(Pool pool, Clock clock) {
    Future<JsonObject> get(Caller caller) {
        ConversationService.requireAdult(caller);
        return OfficeHoursStore.read(pool, caller.schoolId()).map(this::view);
    }

    Future<JsonObject> set(Caller caller, JsonArray week) {
        caller.requireStaff(Role.ADMIN, Role.SENCO);
        JsonArray days = OfficeHours.validated(week);
        return OfficeHoursStore.set(pool, caller.schoolId(), days).compose(v -> get(caller));
    }

    private JsonObject view(OfficeHoursStore.Hours hours) {
        return new JsonObject()
                .put("timeZone", hours.timeZone())
                .put("days", hours.days())
                .mergeIn(OfficeHours.of(hours.timeZone(), hours.days()).status(clock.instant()));
    }
}
