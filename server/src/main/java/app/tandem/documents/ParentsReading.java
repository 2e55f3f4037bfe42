package app.tandem.documents;

import app.tandem.access.Access;
import app.tandem.directory.DirectoryChanges;
import app.tandem.platform.Caller;
import app.tandem.platform.Problem;
import app.tandem.platform.ProblemType;
import app.tandem.platform.SqlJson;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.UUID;

/**
 * A young person's parents keep reading their record (they keep parental responsibility) unless the
 * young person asks otherwise and the school records it. The choice is a row the visibility rule
 * reads ({@code pupil_relationship.reads_record}), so every record, document and views check, list
 * and push follows it at once; ending it keeps the history.
 */
record ParentsReading(Pool pool, Access access, Clock clock) {

    Future<SqlJson> get(Caller caller, UUID pupilId) {
        return access.require(caller, pupilId, Access.Action.SEE_CHOICES)
                .compose(p -> ParentsReadingStore.one(pool, pupilId))
                .map(SqlJson::new);
    }

    /** The young person's choice as the SENCO records it. */
    record Choice(boolean parentsRead, LocalDate requestedOn, String note) {
        static Choice from(JsonObject body) {
            return new Choice(
                    body.getBoolean("parentsRead"),
                    LocalDate.parse(body.getString("requestedOn")),
                    body.getString("note"));
        }
    }

    /** The SENCO records the young person's choice, from their transfer date. */
    Future<SqlJson> record(Caller caller, UUID pupilId, Choice choice) {
        Instant now = clock.instant();
        LocalDate today = now.atZone(ZoneOffset.UTC).toLocalDate();
        if (choice.requestedOn().isAfter(today)) throw Problem.invalid("body.requestedOn", "is in the future.");
        return access.require(caller, pupilId, Access.Action.RECORD_CHOICES)
                .compose(p -> pool.withTransaction(tx -> ParentsReadingStore.youngPersonFrom(tx, pupilId)
                        .compose(from -> {
                            if (from == null || today.isBefore(from))
                                return Future.failedFuture(Problem.conflict(
                                        "Parents read a child's record; this choice is the young person's from " + from
                                                + "."));
                            return choice.parentsRead()
                                    ? ParentsReadingStore.end(tx, pupilId, choice.requestedOn(), caller.subject(), now)
                                    : ParentsReadingStore.withhold(
                                            tx, caller.schoolId(), pupilId, choice, caller.subject(), now);
                        })
                        .compose(changed -> !changed
                                ? Future.failedFuture(new Problem(
                                        ProblemType.CONFLICT,
                                        choice.parentsRead()
                                                ? "The parents already read this record."
                                                : "The parents already do not read this record."))
                                // Who may read the pupil changed: every replica drops its cached answers.
                                : DirectoryChanges.announce(tx).compose(v -> ParentsReadingStore.one(tx, pupilId)))))
                .onSuccess(json -> access.forgetAll())
                .map(SqlJson::new);
    }
}
