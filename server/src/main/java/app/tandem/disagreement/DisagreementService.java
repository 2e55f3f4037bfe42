package app.tandem.disagreement;

import app.tandem.access.Access;
import app.tandem.platform.Caller;
import app.tandem.platform.Caller.Role;
import app.tandem.platform.Problem;
import app.tandem.platform.ProblemType;
import app.tandem.platform.SqlJson;
import app.tandem.push.Outbox;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * When a family disagrees (the schools' complaints procedures; SEND Code of Practice chapter 11):
 * the parents or the young person say what about, the SENCO and the headteacher are told and answer
 * by the school's stated date, and each step (discussed, resolved, taken further) reaches the person
 * who raised it. Pupils under 16 see none of it.
 */
record DisagreementService(Pool pool, Access access, Clock clock) {

    Future<SqlJson> raise(Caller caller, UUID pupilId, DisagreementRequests.Raised body) {
        if (caller.isStaff())
            throw new Problem(ProblemType.FORBIDDEN, "Families raise disagreements: the parents, or the young person.");
        Instant now = clock.instant();
        return family(caller, pupilId)
                .compose(pupil -> pool.withTransaction(tx -> DisagreementStore.insert(
                                tx,
                                new DisagreementStore.NewDisagreement(
                                        pupil.schoolId(),
                                        pupilId,
                                        caller.subject(),
                                        caller.kind() == Caller.Kind.PUPIL ? "young-person" : "parent",
                                        body.about(),
                                        body.summary()),
                                now)
                        // The SENCO and the headteacher answer for it: told at once, ids only.
                        .compose(id -> Outbox.toStaff(
                                        tx,
                                        pupil.schoolId(),
                                        Outbox.Notification.of("disagreement", id, "disagreement"),
                                        pupilId,
                                        Access.Action.HANDLE_DISAGREEMENT,
                                        now)
                                .compose(n -> DisagreementStore.one(tx, id)))))
                .map(SqlJson::new);
    }

    /** Staff who answer see every one; the family sees those they raised; anyone else 404. */
    Future<SqlJson> list(Caller caller, UUID pupilId) {
        Future<UUID> raisedBy = caller.isStaff()
                ? access.require(caller, pupilId, Access.Action.HANDLE_DISAGREEMENT)
                        .map(p -> (UUID) null)
                : family(caller, pupilId).map(p -> caller.subject());
        return raisedBy.compose(by -> DisagreementStore.ofPupil(pool, pupilId, by))
                .map(SqlJson::items);
    }

    Future<SqlJson> open(Caller caller) {
        caller.requireStaff(Role.SENCO, Role.HEADTEACHER);
        return DisagreementStore.open(pool, caller.schoolId(), caller.subject()).map(SqlJson::items);
    }

    Future<SqlJson> step(Caller caller, UUID id, DisagreementRequests.Step s) {
        if (s.state().equals("taken-further") != (s.takenTo() != null))
            throw Problem.invalid("body.takenTo", "says where it went: needed when taken further, and only then.");
        if (s.metOn() != null && !s.state().equals("discussed"))
            throw Problem.invalid("body.metOn", "is the day of the meeting: only for discussed.");
        Instant now = clock.instant();
        return DisagreementStore.owner(pool, id, caller.schoolId())
                .compose(row -> row == null
                        ? Future.failedFuture(Problem.notFound())
                        : access.require(caller, row.getUUID("pupil_id"), Access.Action.HANDLE_DISAGREEMENT))
                .compose(pupil -> pool.withTransaction(
                        tx -> DisagreementStore.lock(tx, id, now).compose(current -> {
                            if (s.metOn() != null && s.metOn().isAfter(current.today()))
                                return Future.failedFuture(Problem.invalid("body.metOn", "cannot be in the future."));
                            if (!current.state().equals("raised")
                                    && !current.state().equals("discussed"))
                                return Future.failedFuture(Problem.conflict(
                                        "This disagreement is " + current.state() + ": it is closed."));
                            return DisagreementStore.step(tx, id, s, caller.subject(), now)
                                    .compose(v ->
                                            DisagreementStore.stillFamily(tx, current.raisedBy(), current.pupilId()))
                                    .compose(reach -> reach
                                            ? Outbox.enqueue(
                                                    tx,
                                                    current.schoolId(),
                                                    Outbox.Notification.of("disagreement-answered", id, "disagreement"),
                                                    List.of(current.raisedBy()),
                                                    now)
                                            : Future.succeededFuture(0))
                                    .compose(n -> DisagreementStore.one(tx, id));
                        })))
                .map(SqlJson::new);
    }

    /**
     * The pupil, when the caller speaks for the family: a parent who reads the record, or the pupil
     * once a young person; 404 otherwise.
     */
    private Future<Access.PupilRef> family(Caller caller, UUID pupilId) {
        return access.require(caller, pupilId, Access.Action.SPEAK_FOR_FAMILY)
                .compose(pupil -> caller.kind() != Caller.Kind.PUPIL
                        ? Future.succeededFuture(pupil)
                        : DisagreementStore.youngPerson(pool, pupilId, clock.instant())
                                .compose(young -> young
                                        ? Future.succeededFuture(pupil)
                                        : Future.failedFuture(Problem.notFound())));
    }

    // --- where to turn

    /** Staff, parents and young people read it; a pupil under 16, 403. */
    Future<SqlJson> whereToTurn(Caller caller, UUID schoolId) {
        UUID school = caller.school(schoolId);
        Future<Void> allowed = caller.kind() != Caller.Kind.PUPIL
                ? Future.succeededFuture()
                : DisagreementStore.youngPerson(pool, caller.subject(), clock.instant())
                        .compose(young -> young
                                ? Future.<Void>succeededFuture()
                                : Future.failedFuture(
                                        new Problem(ProblemType.FORBIDDEN, "This is for parents and staff.")));
        return allowed.compose(v -> DisagreementStore.links(pool, school))
                .map(WhereToTurn::of)
                .map(SqlJson::new);
    }

    Future<SqlJson> setWhereToTurn(Caller caller, DisagreementRequests.Links links) {
        caller.requireStaff(Role.ADMIN, Role.SENCO);
        if (links.sendiassName() == null && (links.sendiassPhone() != null || links.sendiassUrl() != null))
            throw Problem.invalid("body.sendiass.name", "is needed with a phone number or a link.");
        return DisagreementStore.setLinks(pool, caller.schoolId(), links, clock.instant())
                .compose(v -> DisagreementStore.links(pool, caller.schoolId()))
                .map(WhereToTurn::of)
                .map(SqlJson::new);
    }
}
