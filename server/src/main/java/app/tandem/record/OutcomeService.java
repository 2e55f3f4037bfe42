package app.tandem.record;

import app.tandem.platform.Caller;
import app.tandem.platform.Problem;
import app.tandem.platform.SqlJson;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * Outcomes and the progress recorded against them: class teacher and SENCO write, parents read and
 * comment. An outcome closes once with its result; nothing is deleted.
 */
record OutcomeService(Pool pool, RecordStore store, OutcomeStore outcomes, RecordRules rules) {
    Future<SqlJson> outcomes(Caller caller, UUID pupilId) {
        return rules.reader(caller, pupilId)
                .compose(p -> outcomes.outcomes(pool, pupilId, caller.isStaff()))
                .map(items -> new JsonObject().put("items", RecordViews.outcomes(items)))
                .map(SqlJson::new);
    }

    Future<SqlJson> addOutcome(Caller caller, UUID pupilId, RecordRequests.NewOutcome body) {
        OutcomeStore.NewOutcome outcome =
                body.outcome().startsOn() == null ? body.outcome().startingOn(rules.today()) : body.outcome();
        if (!outcome.reviewOn().isAfter(outcome.startsOn()))
            throw Problem.invalid("body.reviewOn", "must be after the outcome starts.");
        Instant now = rules.now();
        return rules.writer(caller, pupilId)
                .compose(pupil -> pool.withTransaction(
                        tx -> outcomes.insert(tx, pupil.schoolId(), pupilId, outcome, caller.subject(), now)
                                .compose(id -> store.log(
                                                tx,
                                                RecordStore.Writer.of(pupil, caller, now),
                                                "outcome",
                                                id,
                                                "added",
                                                body.asSent())
                                        .compose(v -> outcomes.outcome(tx, pupilId, id, true)))))
                .map(RecordViews::outcome)
                .map(SqlJson::new);
    }

    Future<SqlJson> closeOutcome(Caller caller, UUID pupilId, UUID outcomeId, RecordRequests.CloseOutcome body) {
        String result = body.result();
        UUID replacedBy = body.replacedBy();
        if (result.equals("replaced") != (replacedBy != null)) {
            throw Problem.invalid("body.replacedBy", "is given when, and only when, the result is replaced.");
        }
        if (outcomeId.equals(replacedBy)) throw Problem.invalid("body.replacedBy", "cannot be the outcome itself.");
        Instant now = rules.now();
        return rules.writer(caller, pupilId)
                .compose(pupil -> pool.withTransaction(tx -> openOutcome(tx, pupilId, outcomeId)
                        .compose(v -> replacedBy == null
                                ? Future.succeededFuture()
                                : requireOutcomes(
                                        tx,
                                        pupilId,
                                        List.of(replacedBy),
                                        "body.replacedBy",
                                        "is not an outcome of this pupil."))
                        .compose(v -> outcomes.close(
                                tx,
                                pupilId,
                                outcomeId,
                                new OutcomeStore.Closure(result, replacedBy, body.note()),
                                caller.subject(),
                                now))
                        .compose(v -> store.log(
                                tx,
                                RecordStore.Writer.of(pupil, caller, now),
                                "outcome",
                                outcomeId,
                                "closed",
                                body.asSent()))
                        .compose(v -> outcomes.outcome(tx, pupilId, outcomeId, true))))
                .map(RecordViews::outcome)
                .map(SqlJson::new);
    }

    /** The outcome, locked; 404 when it is not this pupil's, 409 when it is already closed. */
    private Future<Void> openOutcome(SqlClient tx, UUID pupilId, UUID outcomeId) {
        return outcomes.lockOpen(tx, pupilId, outcomeId).compose(open -> {
            if (open == null) return Future.failedFuture(Problem.notFound());
            if (!open) return Future.failedFuture(Problem.conflict("This outcome is already closed."));
            return Future.succeededFuture();
        });
    }

    Future<SqlJson> addProgress(Caller caller, UUID pupilId, UUID outcomeId, RecordRequests.NewProgress body) {
        LocalDate on = body.recordedOn() == null ? rules.today() : body.recordedOn();
        if (on.isAfter(rules.today())) throw Problem.invalid("body.recordedOn", "is in the future.");
        Instant now = rules.now();
        return rules.writer(caller, pupilId)
                .compose(pupil -> pool.withTransaction(tx -> openOutcome(tx, pupilId, outcomeId)
                        .compose(v -> outcomes.insertProgress(
                                tx,
                                pupil.schoolId(),
                                outcomeId,
                                new OutcomeStore.NewProgress(body.rating(), body.note(), body.staffOnly(), on),
                                caller.subject(),
                                now))
                        .compose(id -> store.log(
                                        tx,
                                        RecordStore.Writer.of(pupil, caller, now),
                                        "progress",
                                        id,
                                        "recorded",
                                        body.asSent().copy().put("outcomeId", outcomeId.toString()))
                                .compose(v -> outcomes.outcome(tx, pupilId, outcomeId, true))
                                .map(outcome -> outcome.getJsonArray("progress").stream()
                                        .map(JsonObject.class::cast)
                                        .filter(p -> p.getString("id").equals(id.toString()))
                                        .findFirst()
                                        .orElseThrow()))))
                .map(SqlJson::new);
    }

    Future<SqlJson> comment(Caller caller, UUID pupilId, UUID outcomeId, UUID progressId, String text) {
        // Comments are the parents' voice on the record; for anyone else there is nothing here to comment on.
        if (caller.kind() != Caller.Kind.PARENT) return Future.failedFuture(Problem.notFound());
        Instant now = rules.now();
        return rules.reader(caller, pupilId)
                .compose(pupil -> pool.withTransaction(tx -> outcomes.insertComment(
                                tx, pupilId, outcomeId, progressId, caller.subject(), text.strip(), now)
                        .compose(id -> id == null
                                ? Future.failedFuture(Problem.notFound())
                                : store.log(
                                                tx,
                                                RecordStore.Writer.of(pupil, caller, now),
                                                "progressComment",
                                                id,
                                                "added",
                                                new JsonObject().put("progressId", progressId.toString()))
                                        .compose(v -> outcomes.comment(tx, id)))))
                .map(SqlJson::new);
    }

    Future<Void> requireOutcomes(SqlClient tx, UUID pupilId, List<UUID> ids, String field, String problem) {
        if (ids.isEmpty()) return Future.succeededFuture();
        return outcomes.countOwned(tx, pupilId, ids)
                .compose(n -> n == ids.size()
                        ? Future.<Void>succeededFuture()
                        : Future.failedFuture(Problem.invalid(field, problem)));
    }
}
