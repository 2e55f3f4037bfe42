package app.tandem.record;

import app.tandem.access.Access;
import app.tandem.platform.Caller;
import app.tandem.platform.Problem;
import app.tandem.platform.ProblemType;
import app.tandem.voice.Voice;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * The two home screens. The parent home is the app's hottest read: one query for all the parent's
 * children, whatever the length of their histories (each part is an indexed lookup per child:
 * open outcomes with their latest progress, current support, next review, next booked meeting, unread messages and
 * notices waiting for an acknowledgement).
 */
record HomeViews(Pool pool, HomeStore store, Access access, Voice voice, Clock clock) {
    private LocalDate today() {
        return clock.instant().atZone(ZoneOffset.UTC).toLocalDate();
    }

    Future<JsonObject> parent(Caller caller) {
        if (caller.kind() != Caller.Kind.PARENT)
            throw new Problem(ProblemType.FORBIDDEN, "This is the parents' home screen.");
        return store.parentHome(pool, caller.subject(), today(), clock.instant())
                .map(pupils -> new JsonObject().put("pupils", pupils));
    }

    Future<JsonObject> pupil(Caller caller) {
        if (caller.kind() != Caller.Kind.PUPIL)
            throw new Problem(ProblemType.FORBIDDEN, "This is the pupils' home screen.");
        return access.require(caller, caller.subject(), Access.Action.PUPIL_VIEW)
                .compose(p -> store.pupilHome(pool, caller.subject(), today()))
                .compose(home -> voice.forPupilHome(caller.subject()).map(home::mergeIn));
    }
}
