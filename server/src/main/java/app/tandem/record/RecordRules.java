package app.tandem.record;

import app.tandem.access.Access;
import app.tandem.access.Access.PupilRef;
import app.tandem.platform.Caller;
import app.tandem.platform.Problem;
import app.tandem.platform.ProblemType;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.UUID;

/** Who writes and reads the SEND record, and today's date, as every part of the record asks them. */
record RecordRules(Access access, Clock clock) {
    static final String NOT_THEIRS = "includes an outcome that is not this pupil's.";

    /** The class teacher or SENCO writes the record. */
    Future<PupilRef> writer(Caller caller, UUID pupilId) {
        return access.require(caller, pupilId, Access.Action.WRITE_RECORD);
    }

    /**
     * The SENCO or an admin decides the pupil's SEN status; a class teacher, who may write the
     * record, is told to propose it instead (403); anyone else gets 404.
     */
    Future<PupilRef> decider(Caller caller, UUID pupilId) {
        // Only "no standing" is worth a second look; any other failure (the database) stays what it is.
        return access.require(caller, pupilId, Access.Action.DECIDE_SEN_STATUS)
                .recover(
                        refused -> !(refused instanceof Problem p && p.type == ProblemType.NOT_FOUND)
                                ? Future.failedFuture(refused)
                                : writer(caller, pupilId)
                                        .compose(
                                                teacher -> Future.failedFuture(
                                                        Problem.forbidden(
                                                                "The SENCO decides a pupil's SEN status; propose it with your evidence instead."))));
    }

    /** The pupil's parents read it too. */
    Future<PupilRef> reader(Caller caller, UUID pupilId) {
        return access.require(caller, pupilId, Access.Action.READ_RECORD);
    }

    LocalDate today() {
        return clock.instant().atZone(ZoneOffset.UTC).toLocalDate();
    }

    java.time.Instant now() {
        return clock.instant();
    }
}
