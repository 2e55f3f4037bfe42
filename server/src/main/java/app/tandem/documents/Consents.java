package app.tandem.documents;

import app.tandem.access.Access;
import app.tandem.platform.Caller;
import app.tandem.platform.Problem;
import app.tandem.platform.ProblemType;
import app.tandem.platform.SqlJson;
import app.tandem.push.Outbox;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.UUID;

/**
 * Consent to share a pupil's documents outside the school, owned by the family: a parent gives or
 * withdraws it in the app (either parent, either way), the SENCO records one given or withdrawn on
 * paper, and both parents hear of every change. Once the pupil is a young person the decisions are
 * theirs ({@link ConsentStore#holderRole}). Withdrawing ends every share resting on it at once,
 * because a link checks its consent on every use.
 */
record Consents(Pool pool, Access access, ConsentStore store, Clock clock) {
    private LocalDate today() {
        return clock.instant().atZone(ZoneOffset.UTC).toLocalDate();
    }

    Future<SqlJson> grant(Caller caller, UUID pupilId, ConsentStore.Grant body) {
        LocalDate expiresOn = body.expiresOn();
        if (!expiresOn.isAfter(today())) throw Problem.invalid("body.expiresOn", "must be after today.");
        if (expiresOn.isAfter(today().plusMonths(12)))
            throw Problem.invalid("body.expiresOn", "can be at most 12 months from today; ask again after that.");
        Instant now = clock.instant();
        Instant expires = expiresOn.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        boolean staff = caller.kind() == Caller.Kind.STAFF;
        UUID named = body.givenBy();
        UUID givenBy = !staff ? caller.subject() : named;
        return (staff
                        ? access.require(caller, pupilId, Access.Action.MANAGE_DOCUMENTS)
                        : requireHolder(caller, pupilId))
                .compose(p -> {
                    // Only once the caller may act for the pupil, so the answer says nothing to anyone else.
                    if (staff && named == null)
                        return Future.failedFuture(Problem.invalid(
                                "body.givenBy", "Name the parent (or young person) who gave consent on paper."));
                    if (!staff && named != null && !named.equals(caller.subject()))
                        return Future.failedFuture(Problem.invalid("body.givenBy", "You give consent for yourself."));
                    return store.holderRole(pool, pupilId, givenBy, today())
                            .compose(role -> role == null
                                    ? Future.failedFuture(Problem.invalid(
                                            "body.givenBy", "does not decide about this pupil's documents."))
                                    : insert(
                                            p.schoolId(),
                                            pupilId,
                                            givenBy,
                                            role,
                                            staff ? caller.subject() : null,
                                            body,
                                            now,
                                            expires));
                })
                .compose(id -> store.one(pool, id, now))
                .map(SqlJson::new);
    }

    /** The consent, kept at the pupil's school, and the family told. */
    private Future<UUID> insert(
            UUID schoolId,
            UUID pupilId,
            UUID givenBy,
            String role,
            UUID recordedBy,
            ConsentStore.Grant body,
            Instant now,
            Instant expires) {
        return pool.withTransaction(tx -> store.insert(
                        tx, schoolId, pupilId, givenBy, role, recordedBy, body, now, expires)
                .compose(id -> tellFamily(tx, schoolId, pupilId, id, now).map(id)));
    }

    Future<SqlJson> list(Caller caller, UUID pupilId) {
        return requireFollower(caller, pupilId)
                .compose(p -> store.list(pool, pupilId, clock.instant()))
                .map(SqlJson::items);
    }

    /**
     * Who follows the family's consents and the disclosures resting on them: the SENCO, the parents
     * (still, after the pupil becomes a young person), and the pupil once a young person.
     */
    Future<Void> requireFollower(Caller caller, UUID pupilId) {
        return switch (caller.kind()) {
            case STAFF -> access.require(caller, pupilId, Access.Action.MANAGE_DOCUMENTS)
                    .mapEmpty();
            case PARENT -> access.require(caller, pupilId, Access.Action.CONSENT)
                    .mapEmpty();
            case PUPIL -> requireHolder(caller, pupilId).mapEmpty();
        };
    }

    Future<SqlJson> withdraw(Caller caller, UUID consentId) {
        Instant now = clock.instant();
        return store.owner(pool, consentId, caller.schoolIds())
                .compose(consent -> {
                    if (consent == null) return Future.failedFuture(Problem.notFound());
                    UUID pupilId = consent.getUUID("pupil_id");
                    Future<?> allowed = caller.kind() == Caller.Kind.STAFF
                            ? access.require(caller, pupilId, Access.Action.MANAGE_DOCUMENTS)
                            : requireHolder(caller, pupilId);
                    return allowed.compose(p -> consent.getValue("withdrawn_at") != null
                                    ? Future.succeededFuture()
                                    : pool.withTransaction(tx -> store.withdraw(tx, consentId, caller.subject(), now)
                                            .compose(v -> tellFamily(
                                                    tx, consent.getUUID("school_id"), pupilId, consentId, now))))
                            .compose(v -> store.one(pool, consentId, now));
                })
                .map(SqlJson::new);
    }

    /** The caller decides for the pupil today; a parent after the pupil's young-person date is told so. */
    private Future<Access.PupilRef> requireHolder(Caller caller, UUID pupilId) {
        return access.require(caller, pupilId, Access.Action.CONSENT)
                .compose(p -> store.holderRole(pool, pupilId, caller.subject(), today())
                        .compose(role -> role != null
                                ? Future.succeededFuture(p)
                                : Future.<Access.PupilRef>failedFuture(
                                        caller.kind() == Caller.Kind.PARENT
                                                ? new Problem(
                                                        ProblemType.FORBIDDEN,
                                                        "These decisions are now the young person's own.")
                                                : Problem.notFound())));
    }

    /** Both parents hear of every change (ids only). */
    private static Future<Integer> tellFamily(SqlClient tx, UUID schoolId, UUID pupilId, UUID consentId, Instant now) {
        return Outbox.toParentsNow(
                tx,
                schoolId,
                Outbox.Notification.of("consent", consentId, "consent"),
                Access.Action.CONSENT,
                pupilId,
                now);
    }
}
