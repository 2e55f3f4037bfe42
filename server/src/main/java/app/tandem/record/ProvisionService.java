package app.tandem.record;

import app.tandem.platform.Caller;
import app.tandem.platform.Problem;
import app.tandem.platform.SqlJson;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * Provision (the support in place) and the log of its sessions, so parents see what was delivered
 * against what was planned (CoP 6.76).
 */
record ProvisionService(
        Pool pool, RecordStore store, ProvisionStore provision, OutcomeService outcomes, RecordRules rules) {
    Future<SqlJson> provision(Caller caller, UUID pupilId) {
        return rules.reader(caller, pupilId)
                .compose(p -> provision.provision(pool, pupilId, rules.today()))
                .map(SqlJson::items);
    }

    Future<SqlJson> addProvision(Caller caller, UUID pupilId, RecordRequests.NewProvision body) {
        ProvisionStore.NewProvision support = body.support();
        if (support.endsOn() != null && !support.endsOn().isAfter(support.startsOn()))
            throw Problem.invalid("body.endsOn", "must be after startsOn.");
        List<UUID> served = support.outcomeIds();
        Instant now = rules.now();
        return rules.writer(caller, pupilId)
                .compose(pupil -> pool.withTransaction(tx -> outcomes.requireOutcomes(
                                tx, pupilId, served, "body.outcomeIds", RecordRules.NOT_THEIRS)
                        .compose(v -> provision.insert(tx, pupil.schoolId(), pupilId, support, caller.subject(), now))
                        .compose(id -> store.log(
                                        tx,
                                        RecordStore.Writer.of(pupil, caller, now),
                                        "provision",
                                        id,
                                        "added",
                                        body.asSent())
                                .compose(v -> provision.one(tx, pupilId, id, rules.today())))))
                .map(SqlJson::new);
    }

    Future<SqlJson> logSession(Caller caller, UUID pupilId, UUID provisionId, RecordRequests.SessionLog body) {
        LocalDate on = body.heldOn();
        if (on.isAfter(rules.today())) throw Problem.invalid("body.heldOn", "is in the future.");
        boolean delivered = body.delivered();
        Instant now = rules.now();
        return rules.writer(caller, pupilId)
                .compose(pupil -> pool.withTransaction(tx -> provision
                        .countSession(tx, pupilId, provisionId, delivered)
                        .compose(startsOn -> {
                            if (startsOn == null) return Future.failedFuture(Problem.notFound());
                            if (on.isBefore(startsOn))
                                return Future.failedFuture(
                                        Problem.invalid("body.heldOn", "is before the support started."));
                            return provision
                                    .insertSession(
                                            tx,
                                            provisionId,
                                            new ProvisionStore.Session(on, delivered, body.note()),
                                            caller.subject(),
                                            now)
                                    .compose(id -> id == null
                                            ? Future.failedFuture(
                                                    Problem.conflict("A session on that day is already logged."))
                                            : store.log(
                                                    tx,
                                                    RecordStore.Writer.of(pupil, caller, now),
                                                    "provisionSession",
                                                    id,
                                                    "logged",
                                                    body.asSent()));
                        })
                        .compose(v -> provision.one(tx, pupilId, provisionId, rules.today()))))
                .map(SqlJson::new);
    }

    Future<Void> requireProvision(SqlClient tx, UUID pupilId, List<UUID> ids) {
        if (ids.isEmpty()) return Future.succeededFuture();
        return provision
                .countOwned(tx, pupilId, ids)
                .compose(n -> n == ids.size()
                        ? Future.<Void>succeededFuture()
                        : Future.failedFuture(
                                Problem.invalid("body.provisionIds", "includes support that is not this pupil's.")));
    }
}
