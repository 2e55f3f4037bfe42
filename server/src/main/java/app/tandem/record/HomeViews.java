package app.tandem.record;

import app.tandem.access.Access;
import app.tandem.platform.Caller;
import app.tandem.platform.Problem;
import app.tandem.platform.ProblemType;
import app.tandem.platform.SqlJson;
import app.tandem.voice.Voice;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.UUID;

/**
 * The two home screens. The parent home is the app's hottest read: one query for all the parent's
 * children, whatever the length of their histories (each part is an indexed lookup per child:
 * open outcomes with their latest progress, current support, next review, next booked meeting, unread messages and
 * notices waiting for an acknowledgement).
 */
record HomeViews(Pool pool, HomeStore store, HomeCopies copies, Access access, Voice voice, Clock clock) {
    private LocalDate today() {
        return clock.instant().atZone(ZoneOffset.UTC).toLocalDate();
    }

    /**
     * The parent home, encoded: this replica's copy while the parent's home version says it is
     * current (one indexed lookup), otherwise made afresh and kept. The version is read before the
     * home, so a copy is never labelled newer than its data.
     */
    Future<Buffer> parent(Caller caller) {
        if (caller.kind() != Caller.Kind.PARENT)
            throw new Problem(ProblemType.FORBIDDEN, "This is the parents' home screen.");
        UUID parent = caller.subject();
        Instant now = clock.instant();
        LocalDate today = today();
        return store.version(pool, parent).compose(version -> {
            Buffer copy = copies.current(parent, version, today, now);
            if (copy != null) return Future.succeededFuture(copy);
            return store.parentHome(pool, parent, today, now).map(pupils -> {
                byte[] body = new JsonObject().put("pupils", pupils).toBuffer().getBytes();
                copies.keep(parent, new HomeCopies.Copy(version, today, goodUntil(pupils, now), body));
                return Buffer.buffer(body);
            });
        });
    }

    /** The copy is good until the first meeting it shows as next starts, and for a while at most. */
    private static Instant goodUntil(JsonArray pupils, Instant now) {
        Instant until = now.plus(HomeCopies.LONGEST);
        for (int i = 0; i < pupils.size(); i++) {
            JsonObject next = pupils.getJsonObject(i).getJsonObject("nextMeeting");
            if (next == null) continue;
            Instant starts = Instant.parse(next.getString("startsAt"));
            if (starts.isBefore(until)) until = starts;
        }
        return until;
    }

    /** The pupil's home: PostgreSQL's JSON of their day, with what the voice capability adds. */
    Future<SqlJson> pupil(Caller caller) {
        if (caller.kind() != Caller.Kind.PUPIL)
            throw new Problem(ProblemType.FORBIDDEN, "This is the pupils' home screen.");
        return access.require(caller, caller.subject(), Access.Action.PUPIL_VIEW)
                .compose(p -> store.pupilHome(pool, caller.subject(), today()))
                .compose(home ->
                        voice.forPupilHome(caller.subject()).map(views -> new SqlJson(home.mergeIn(views.json()))));
    }
}
