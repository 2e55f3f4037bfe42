package app.tandem.audit;

import app.tandem.access.Access;
import app.tandem.platform.Caller;
import app.tandem.platform.Caller.Role;
import app.tandem.platform.Json;
import app.tandem.platform.Problem;
import app.tandem.platform.ProblemType;
import app.tandem.platform.Requests;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Subject access (UK GDPR Art. 15): a parent asks for what is held about them and, acting for their
 * child, about the child; the data protection officer may ask on a parent's behalf. Each request has
 * its one-month deadline; a worker on any replica builds the export ({@link SubjectAccessExport})
 * off the event loop, and it can be downloaded (an audited export) for 30 days.
 */
final class SubjectAccess {
    private static final Logger log = LoggerFactory.getLogger(SubjectAccess.class);
    static final Duration KEPT = Duration.ofDays(30);

    private static final String JSON =
            """
      json_strip_nulls(json_build_object('id', r.id,
        'person', json_build_object('id', u.id, 'displayName', u.display_name),
        'pupil', CASE WHEN p.id IS NOT NULL THEN json_build_object('id', p.id,
                   'name', coalesce(p.preferred_name, p.first_name) || ' ' || p.last_name) END,
        'requestedAt', r.requested_at, 'dueOn', r.due_on, 'extendedTo', r.extended_to,
        'extensionReason', r.extension_reason, 'status', r.status,
        'readyAt', r.ready_at, 'sha256', encode(r.sha256, 'hex'), 'sizeBytes', r.size_bytes)) AS request
      FROM subject_access_request r JOIN app_user u ON u.id = r.person_id LEFT JOIN pupil p ON p.id = r.pupil_id""";

    private final Vertx vertx;
    private final Pool pool;
    private final Access access;
    private final Clock clock;
    private final SubjectAccessExport exports;

    SubjectAccess(Vertx vertx, Pool pool, Access access, Clock clock) {
        this.vertx = vertx;
        this.pool = pool;
        this.access = access;
        this.clock = clock;
        this.exports = new SubjectAccessExport();
    }

    Future<JsonObject> request(Caller caller, JsonObject body) {
        boolean dpo = caller.kind() == Caller.Kind.STAFF && caller.has(Role.DPO);
        if (caller.kind() != Caller.Kind.PARENT && !dpo)
            throw new Problem(
                    ProblemType.FORBIDDEN,
                    "Parents ask for their own data; the data protection officer may ask for them.");
        if (!dpo && body.containsKey("personId"))
            throw Problem.invalid("body.personId", "is for the data protection officer asking on someone's behalf.");
        if (dpo && !body.containsKey("personId"))
            throw Problem.invalid("body.personId", "Name the parent you ask for.");
        UUID person = dpo ? UUID.fromString(body.getString("personId")) : caller.subject();
        UUID pupil = body.getString("pupilId") == null ? null : UUID.fromString(body.getString("pupilId"));
        Instant now = clock.instant();
        LocalDate due = now.atZone(ZoneOffset.UTC).toLocalDate().plusMonths(1);
        // The person must be a parent of the school; the pupil theirs, through the access rule.
        return pool.preparedQuery(
                        """
            SELECT EXISTS (SELECT 1 FROM app_user WHERE id = $1 AND school_id = $2 AND kind = 'parent') AS person_ok,
                   $3::uuid IS NULL OR EXISTS (SELECT 1 FROM pupil_relationship r WHERE r.person_id = $1 AND r.pupil_id = $3
                                                 AND r.relationship = 'parent') AS pupil_ok""")
                .execute(Tuple.of(person, caller.schoolId(), pupil))
                .compose(rows -> {
                    Row r = rows.iterator().next();
                    if (!r.getBoolean("person_ok") || !r.getBoolean("pupil_ok"))
                        return Future.failedFuture(Problem.notFound());
                    return pool.preparedQuery(
                                    """
                        INSERT INTO subject_access_request (school_id, requested_by, person_id, pupil_id, requested_at, due_on)
                        VALUES ($1, $2, $3, $4, $5, $6) RETURNING id""")
                            .execute(Tuple.of(
                                    caller.schoolId(), caller.subject(), person, pupil, Requests.utc(now), due))
                            .map(inserted -> inserted.iterator().next().getUUID("id"));
                })
                .compose(this::one);
    }

    Future<JsonObject> list(Caller caller) {
        boolean dpo = caller.kind() == Caller.Kind.STAFF && caller.has(Role.DPO);
        if (caller.kind() != Caller.Kind.PARENT && !dpo)
            throw new Problem(ProblemType.FORBIDDEN, "For parents and the data protection officer.");
        return pool.preparedQuery(
                        "SELECT " + JSON + " WHERE r.school_id = $1 AND ($2 OR r.requested_by = $3 OR r.person_id = $3)"
                                + " ORDER BY r.requested_at DESC LIMIT 200")
                .execute(Tuple.of(caller.schoolId(), dpo, caller.subject()))
                .map(rows -> {
                    JsonArray items = new JsonArray();
                    for (Row r : rows) items.add(Json.object(r.getValue("request")));
                    return new JsonObject().put("items", items);
                });
    }

    /** The DPO gives two more months at most, once, with the reason the person is told. */
    Future<JsonObject> extend(Caller caller, UUID id, JsonObject body) {
        caller.requireStaff(Role.DPO);
        return pool.preparedQuery(
                        """
            UPDATE subject_access_request SET extended_to = (due_on + make_interval(months => $3))::date, extension_reason = $4
            WHERE id = $1 AND school_id = $2 AND extended_to IS NULL RETURNING id""")
                .execute(Tuple.of(
                        id,
                        caller.schoolId(),
                        body.getInteger("months"),
                        body.getString("reason").strip()))
                .compose(rows -> rows.size() == 1
                        ? one(id)
                        : pool.preparedQuery("SELECT 1 FROM subject_access_request WHERE id = $1 AND school_id = $2")
                                .execute(Tuple.of(id, caller.schoolId()))
                                .compose(found -> Future.failedFuture(
                                        found.size() == 0
                                                ? Problem.notFound()
                                                : new Problem(
                                                        ProblemType.CONFLICT,
                                                        "This request has already been extended once."))));
    }

    /** The ZIP, for whoever asked or whose data it is, or the DPO; 409 while it is being built. */
    Future<Buffer> download(Caller caller, UUID id) {
        return pool.preparedQuery(
                        "SELECT status, export, requested_by, person_id FROM subject_access_request WHERE id = $1 AND school_id = $2")
                .execute(Tuple.of(id, caller.schoolId()))
                .compose(rows -> {
                    if (rows.size() == 0) return Future.failedFuture(Problem.notFound());
                    Row r = rows.iterator().next();
                    boolean mine = r.getUUID("requested_by").equals(caller.subject())
                            || r.getUUID("person_id").equals(caller.subject());
                    if (!mine && !(caller.kind() == Caller.Kind.STAFF && caller.has(Role.DPO)))
                        return Future.failedFuture(Problem.notFound());
                    return switch (r.getString("status")) {
                        case "ready" -> Future.succeededFuture(r.getBuffer("export"));
                        case "deleted" -> Future.failedFuture(
                                new Problem(ProblemType.GONE, "This export was deleted after 30 days; ask again."));
                        case "failed" -> Future.failedFuture(
                                new Problem(ProblemType.CONFLICT, "This export could not be built; ask again."));
                        default -> Future.failedFuture(
                                new Problem(ProblemType.CONFLICT, "The export is still being prepared."));
                    };
                });
    }

    private Future<JsonObject> one(UUID id) {
        return pool.preparedQuery("SELECT " + JSON + " WHERE r.id = $1")
                .execute(Tuple.of(id))
                .map(rows -> Json.object(rows.iterator().next().getValue("request")));
    }

    /** Claims one pending request (or one whose builder died), builds its export, and keeps it. */
    Future<Boolean> buildNext() {
        Instant now = clock.instant();
        return pool.preparedQuery(
                        """
            UPDATE subject_access_request SET status = 'building', claimed_until = $1 + interval '5 minutes'
            WHERE id = (SELECT id FROM subject_access_request
                        WHERE status = 'pending' OR (status = 'building' AND claimed_until < $1)
                        ORDER BY requested_at LIMIT 1 FOR UPDATE SKIP LOCKED)
            RETURNING id, school_id, person_id, pupil_id""")
                .execute(Tuple.of(Requests.utc(now)))
                .compose(rows -> {
                    if (rows.size() == 0) return Future.succeededFuture(false);
                    Row claimed = rows.iterator().next();
                    UUID id = claimed.getUUID("id");
                    return exports.gather(pool, claimed.getUUID("person_id"), claimed.getUUID("pupil_id"))
                            .compose(data -> vertx.executeBlocking(() -> exports.zip(data, clock.instant()), false))
                            .compose(zip -> pool.preparedQuery(
                                            """
                                UPDATE subject_access_request SET status = 'ready', export = $2, sha256 = sha256($2),
                                  size_bytes = length($2), ready_at = $3, claimed_until = NULL WHERE id = $1""")
                                    .execute(Tuple.of(id, Buffer.buffer(zip), Requests.utc(clock.instant()))))
                            .recover(failure -> {
                                log.error("subject access export {} failed", id, failure);
                                return pool.preparedQuery(
                                                "UPDATE subject_access_request SET status = 'failed', claimed_until = NULL WHERE id = $1")
                                        .execute(Tuple.of(id));
                            })
                            .map(true);
                });
    }
}
