package app.tandem.audit;

import app.tandem.access.Access;
import app.tandem.platform.Caller;
import app.tandem.platform.Caller.Role;
import app.tandem.platform.Json;
import app.tandem.platform.Problem;
import app.tandem.platform.ProblemType;
import app.tandem.platform.Requests;
import app.tandem.platform.SubjectData;
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
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Subject access (UK GDPR Art. 15): a parent asks for what is held about them and, acting for their
 * child, about the child; a young person (from their transfer date) asks for their own; the data
 * protection officer may ask on either's behalf, extend the deadline once, and stop its clock while
 * identity is checked. Each request has its one-month deadline; a worker on any replica builds the
 * export ({@link SubjectAccessExport}) off the event loop, and it can be downloaded (an audited
 * export) for 30 days.
 */
final class SubjectAccess {
    private static final Logger log = LoggerFactory.getLogger(SubjectAccess.class);
    static final Duration KEPT = Duration.ofDays(30);

    private static final String JSON =
            """
      json_strip_nulls(json_build_object('id', r.id,
        'person', json_build_object('id', r.person_id,
                    'displayName', coalesce(u.display_name, coalesce(yp.preferred_name, yp.first_name) || ' ' || yp.last_name)),
        'pupil', CASE WHEN p.id IS NOT NULL THEN json_build_object('id', p.id,
                   'name', coalesce(p.preferred_name, p.first_name) || ' ' || p.last_name) END,
        'requestedAt', r.requested_at, 'dueOn', r.due_on, 'extendedTo', r.extended_to,
        'extensionReason', r.extension_reason, 'status', r.status, 'pausedAt', r.paused_at,
        'pauseReason', r.pause_reason, 'pausedDays', r.paused_days,
        'readyAt', r.ready_at, 'sha256', encode(r.sha256, 'hex'), 'sizeBytes', r.size_bytes)) AS request
      FROM subject_access_request r LEFT JOIN app_user u ON u.id = r.person_id
      LEFT JOIN pupil yp ON yp.id = r.person_id LEFT JOIN pupil p ON p.id = r.pupil_id""";

    private final Vertx vertx;
    private final Pool pool;
    private final Access access;
    private final Clock clock;
    private SubjectAccessExport exports = new SubjectAccessExport(List.of(SubjectAccessExport.AUDIT_EVENTS));

    SubjectAccess(Vertx vertx, Pool pool, Access access, Clock clock) {
        this.vertx = vertx;
        this.pool = pool;
        this.access = access;
        this.clock = clock;
    }

    /** What the export gathers: every capability's part, then the audit events. */
    void exportParts(List<SubjectData> parts) {
        List<SubjectData> all = new java.util.ArrayList<>(parts);
        all.add(SubjectAccessExport.AUDIT_EVENTS);
        this.exports = new SubjectAccessExport(all);
    }

    Future<JsonObject> request(Caller caller, JsonObject body) {
        boolean dpo = caller.kind() == Caller.Kind.STAFF && caller.has(Role.DPO);
        boolean self = caller.kind() == Caller.Kind.PUPIL;
        if (caller.kind() != Caller.Kind.PARENT && !self && !dpo)
            throw new Problem(
                    ProblemType.FORBIDDEN,
                    "Parents and young people ask for their own data; the data protection officer may ask for them.");
        if (!dpo && body.containsKey("personId"))
            throw Problem.invalid("body.personId", "is for the data protection officer asking on someone's behalf.");
        if (dpo && !body.containsKey("personId"))
            throw Problem.invalid("body.personId", "Name the parent or young person you ask for.");
        if (!dpo && body.containsKey("pauseReason"))
            throw Problem.invalid("body.pauseReason", "is for the data protection officer.");
        if (self && body.containsKey("pupilId"))
            throw Problem.invalid("body.pupilId", "A young person's own request covers their record already.");
        UUID person = dpo ? UUID.fromString(body.getString("personId")) : caller.subject();
        String pauseReason = body.getString("pauseReason") == null
                ? null
                : body.getString("pauseReason").strip();
        UUID named = body.getString("pupilId") == null ? null : UUID.fromString(body.getString("pupilId"));
        Instant now = clock.instant();
        LocalDate today = now.atZone(ZoneOffset.UTC).toLocalDate();
        LocalDate due = today.plusMonths(1);
        // A parent of the school, with the pupil theirs to read by the access rule; or a young person
        // (from their transfer date) for themselves.
        return pool.preparedQuery(
                        """
            SELECT EXISTS (SELECT 1 FROM app_user WHERE id = $1 AND school_id = $2 AND kind = 'parent') AS parent_ok,
                   EXISTS (SELECT 1 FROM pupil WHERE id = $1 AND school_id = $2 AND active AND young_person_from <= $4) AS young_ok,
                   EXISTS (SELECT 1 FROM pupil_relationship r WHERE r.person_id = $1 AND r.pupil_id = $3
                             AND r.relationship = 'parent' AND """
                                + Access.grants(Access.Action.SUBJECT_ACCESS, "r")
                                + ") AS pupil_ok")
                .execute(Tuple.of(person, caller.schoolId(), named, today))
                .compose(rows -> {
                    Row r = rows.iterator().next();
                    boolean parent = r.getBoolean("parent_ok") && (named == null || r.getBoolean("pupil_ok"));
                    boolean young = r.getBoolean("young_ok") && (named == null || named.equals(person));
                    if (self && !young)
                        return Future.failedFuture(
                                new Problem(
                                        ProblemType.FORBIDDEN,
                                        "A pupil asks for their own data from their transfer date; until then their parents or the school ask."));
                    if (!parent && !young) return Future.failedFuture(Problem.notFound());
                    UUID pupil = young ? person : named;
                    return pool.preparedQuery(
                                    """
                        INSERT INTO subject_access_request (school_id, requested_by, person_id, pupil_id, requested_at, due_on,
                                                            status, paused_at, pause_reason)
                        VALUES ($1, $2, $3, $4, $5, $6, CASE WHEN $7::text IS NULL THEN 'pending' ELSE 'paused' END,
                                CASE WHEN $7::text IS NOT NULL THEN $5 END, $7) RETURNING id""")
                            .execute(Tuple.from(new Object[] {
                                caller.schoolId(), caller.subject(), person, pupil, Requests.utc(now), due, pauseReason
                            }))
                            .map(inserted -> inserted.iterator().next().getUUID("id"));
                })
                .compose(this::one);
    }

    Future<JsonObject> list(Caller caller) {
        boolean dpo = caller.kind() == Caller.Kind.STAFF && caller.has(Role.DPO);
        if (caller.kind() == Caller.Kind.STAFF && !dpo)
            throw new Problem(ProblemType.FORBIDDEN, "For parents, young people and the data protection officer.");
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
                        : refuse(caller, id, "This request has already been extended once."));
    }

    /**
     * The DPO stops the clock while the requester's identity is checked (Data (Use and Access) Act
     * 2025); a paused request is not built, and a build already under way is discarded.
     */
    Future<JsonObject> pause(Caller caller, UUID id, JsonObject body) {
        caller.requireStaff(Role.DPO);
        return pool.preparedQuery(
                        """
            UPDATE subject_access_request SET status = 'paused', paused_at = $3, pause_reason = $4, claimed_until = NULL
            WHERE id = $1 AND school_id = $2 AND status IN ('pending', 'building') RETURNING id""")
                .execute(Tuple.of(
                        id,
                        caller.schoolId(),
                        Requests.utc(clock.instant()),
                        body.getString("reason").strip()))
                .compose(rows -> rows.size() == 1
                        ? one(id)
                        : refuse(caller, id, "Only a request not yet ready (and not already paused) can be paused."));
    }

    /** The clock restarts: the whole days paused move the deadline (and any extension) on. */
    Future<JsonObject> resume(Caller caller, UUID id) {
        caller.requireStaff(Role.DPO);
        return pool.preparedQuery(
                        """
            UPDATE subject_access_request
            SET status = 'pending', paused_at = NULL,
                paused_days = paused_days + ($3::date - (paused_at AT TIME ZONE 'UTC')::date),
                due_on = due_on + ($3::date - (paused_at AT TIME ZONE 'UTC')::date),
                extended_to = extended_to + ($3::date - (paused_at AT TIME ZONE 'UTC')::date)
            WHERE id = $1 AND school_id = $2 AND status = 'paused' RETURNING id""")
                .execute(Tuple.of(
                        id,
                        caller.schoolId(),
                        clock.instant().atZone(ZoneOffset.UTC).toLocalDate()))
                .compose(rows -> rows.size() == 1 ? one(id) : refuse(caller, id, "This request is not paused."));
    }

    /** 404 for a request of another school or none; otherwise 409 with why. */
    private Future<JsonObject> refuse(Caller caller, UUID id, String why) {
        return pool.preparedQuery("SELECT 1 FROM subject_access_request WHERE id = $1 AND school_id = $2")
                .execute(Tuple.of(id, caller.schoolId()))
                .compose(found -> Future.failedFuture(
                        found.size() == 0 ? Problem.notFound() : new Problem(ProblemType.CONFLICT, why)));
    }

    /**
     * The ZIP, for whoever asked or whose data it is, or the DPO; 409 while it is being built. A
     * parent's export follows the relationship as it is now: once the child is no longer theirs to
     * receive (a court-order block, a young person's choice, a link ended), or once any of their
     * links was blocked after the export was made, it is 404, as if it had never been.
     */
    Future<Buffer> download(Caller caller, UUID id) {
        return pool.preparedQuery(
                        """
            SELECT r.status, r.export, r.requested_by, r.person_id, r.pupil_id,
                   EXISTS (SELECT 1 FROM parent_link l WHERE l.parent_id = r.person_id
                             AND l.blocked_at >= coalesce(r.ready_at, r.requested_at)) AS blocked_since
            FROM subject_access_request r WHERE r.id = $1 AND r.school_id = $2""")
                .execute(Tuple.of(id, caller.schoolId()))
                .compose(rows -> {
                    if (rows.size() == 0) return Future.failedFuture(Problem.notFound());
                    Row r = rows.iterator().next();
                    boolean mine = r.getUUID("requested_by").equals(caller.subject())
                            || r.getUUID("person_id").equals(caller.subject());
                    boolean dpo = caller.kind() == Caller.Kind.STAFF && caller.has(Role.DPO);
                    if (!mine && !dpo) return Future.failedFuture(Problem.notFound());
                    if (caller.kind() != Caller.Kind.PARENT) return export(r);
                    if (r.getBoolean("blocked_since")) return Future.failedFuture(Problem.notFound());
                    UUID pupil = r.getUUID("pupil_id");
                    return pupil == null
                            ? export(r)
                            : access.require(caller, pupil, Access.Action.SUBJECT_ACCESS)
                                    .compose(p -> export(r));
                });
    }

    private static Future<Buffer> export(Row r) {
        return switch (r.getString("status")) {
            case "ready" -> Future.succeededFuture(r.getBuffer("export"));
            case "deleted" -> Future.failedFuture(
                    new Problem(ProblemType.GONE, "This export was deleted after 30 days; ask again."));
            case "failed" -> Future.failedFuture(
                    new Problem(ProblemType.CONFLICT, "This export could not be built; ask again."));
            default -> Future.failedFuture(new Problem(ProblemType.CONFLICT, "The export is still being prepared."));
        };
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
                                  size_bytes = length($2), ready_at = $3, claimed_until = NULL
                                WHERE id = $1 AND status = 'building'""")
                                    .execute(Tuple.of(id, Buffer.buffer(zip), Requests.utc(clock.instant()))))
                            .recover(failure -> {
                                log.error("subject access export {} failed", id, failure);
                                return pool.preparedQuery(
                                                "UPDATE subject_access_request SET status = 'failed', claimed_until = NULL WHERE id = $1 AND status = 'building'")
                                        .execute(Tuple.of(id));
                            })
                            .map(true);
                });
    }
}
