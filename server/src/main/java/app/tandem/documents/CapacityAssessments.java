package app.tandem.documents;

import app.tandem.access.Access;
import app.tandem.platform.Caller;
import app.tandem.platform.Problem;
import app.tandem.platform.SqlJson;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.UUID;

/**
 * Capacity assessments (Mental Capacity Act 2005): the SENCO records, per kind of decision, whether
 * a young person has capacity; while the newest says they lack it, the parents go on deciding
 * ({@link ConsentStore#holderRole}). Everyone involved can see why.
 */
record CapacityAssessments(Pool pool, Access access, Clock clock) {
    Future<SqlJson> record(Caller caller, UUID pupilId, CapacityStore.Assessment assessment) {
        LocalDate on = assessment.assessedOn();
        if (on.isAfter(clock.instant().atZone(ZoneOffset.UTC).toLocalDate()))
            throw Problem.invalid("body.assessedOn", "is in the future.");
        return access.require(caller, pupilId, Access.Action.MANAGE_DOCUMENTS)
                .compose(p -> CapacityStore.insert(
                        pool, caller.schoolId(), pupilId, assessment, caller.subject(), clock.instant()))
                .compose(id -> CapacityStore.one(pool, id))
                .map(SqlJson::new);
    }

    /** The SENCO, the parents and the pupil see them. */
    Future<SqlJson> list(Caller caller, UUID pupilId) {
        Access.Action action =
                caller.kind() == Caller.Kind.STAFF ? Access.Action.MANAGE_DOCUMENTS : Access.Action.CONSENT;
        return access.require(caller, pupilId, action)
                .compose(p -> CapacityStore.ofPupil(pool, pupilId))
                .map(SqlJson::items);
    }
}
