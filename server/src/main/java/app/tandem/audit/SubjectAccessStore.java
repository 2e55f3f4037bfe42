package app.tandem.audit;

import app.tandem.access.Access;
import app.tandem.platform.Requests;
import app.tandem.platform.Sql;
import app.tandem.platform.SubjectData;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** Subject access requests' SQL: asked for, extended, paused, claimed for building, kept and read. */
final class SubjectAccessStore {
    private SubjectAccessStore() {}

    /** Audit's own part: the events about the person or the pupil that the family may see. */
    static final SubjectData AUDIT_EVENTS = SubjectData.Part.person(
            "audit-events.json",
            """
        (SELECT coalesce(jsonb_agg(jsonb_build_object('seq', e.seq, 'at', e.at,
                  'who', coalesce(person_named(e.actor_id, $1), 'Tandem itself'),
                  'operation', e.operation, 'action', e.action,
                  'result', CASE WHEN o.status IS NULL THEN 'not finished' WHEN o.status < 400 THEN 'done'
                                 WHEN o.status < 500 THEN 'refused' ELSE 'failed' END,
                  'refused', o.status BETWEEN 400 AND 499, 'outcome', o.status) ORDER BY e.seq), '[]')
         FROM audit_event e LEFT JOIN audit_outcome o ON o.seq = e.seq
         WHERE (e.actor_id = $1 OR e.pupil_id = $2) AND e.school_id = $3::uuid AND """
                    + AuditStore.familyMaySee("e", "o", "$1") + ")");

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
      FROM subject_access_request r LEFT JOIN person u ON u.id = r.person_id
      LEFT JOIN pupil_profile yp ON yp.id = r.person_id LEFT JOIN pupil_profile p ON p.id = r.pupil_id""";

    /**
     * Whether the person may ask: a parent of the school (with the named pupil theirs to ask about
     * by the access rule), or a young person of the school from their transfer date.
     */
    static Future<Row> eligibility(SqlClient sql, UUID person, UUID schoolId, UUID pupil, LocalDate today) {
        return sql.preparedQuery(
                        """
            SELECT EXISTS (SELECT 1 FROM person WHERE id = $1 AND school_id = $2 AND kind = 'parent')
                     OR EXISTS (SELECT 1 FROM pupil_relationship x WHERE x.person_id = $1 AND x.school_id = $2
                                  AND x.relationship = 'parent') AS parent_ok,
                   EXISTS (SELECT 1 FROM pupil_profile WHERE id = $1 AND school_id = $2 AND active AND young_person_from <= $4) AS young_ok,
                   EXISTS (SELECT 1 FROM pupil_relationship r WHERE r.person_id = $1 AND r.pupil_id = $3
                             AND r.relationship = 'parent' AND """
                                + Access.grants(Access.Action.SUBJECT_ACCESS, "r")
                                + " AND r.school_id = $2) AS pupil_ok")
                .execute(Tuple.of(person, schoolId, pupil, today))
                .map(rows -> rows.iterator().next());
    }

    /** The pupil's school; null when there is no such pupil. */
    static Future<UUID> schoolOf(SqlClient sql, UUID pupilId) {
        return sql.preparedQuery("SELECT school_id FROM pupil_profile WHERE id = $1")
                .execute(Tuple.of(pupilId))
                .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getUUID("school_id"));
    }

    static Future<UUID> insert(
            SqlClient sql,
            UUID schoolId,
            UUID requestedBy,
            UUID person,
            UUID pupil,
            Instant now,
            LocalDate due,
            String pauseReason) {
        return sql.preparedQuery(
                        """
            INSERT INTO subject_access_request (school_id, requested_by, person_id, pupil_id, requested_at, due_on,
                                                status, paused_at, pause_reason)
            VALUES ($1, $2, $3, $4, $5, $6, CASE WHEN $7::text IS NULL THEN 'pending' ELSE 'paused' END,
                    CASE WHEN $7::text IS NOT NULL THEN $5 END, $7) RETURNING id""")
                .execute(Tuple.from(
                        new Object[] {schoolId, requestedBy, person, pupil, Requests.utc(now), due, pauseReason}))
                .map(Sql::id);
    }

    /** The school's requests for the DPO; otherwise those the person asked or is the subject of. */
    static Future<JsonArray> list(SqlClient sql, UUID[] schoolIds, boolean all, UUID person) {
        return Sql.jsonList(
                sql,
                "SELECT " + JSON + " WHERE r.school_id = ANY ($1) AND ($2 OR r.requested_by = $3 OR r.person_id = $3)"
                        + " ORDER BY r.requested_at DESC LIMIT 200",
                Tuple.of(schoolIds, all, person));
    }

    static Future<JsonObject> one(SqlClient sql, UUID id) {
        return Sql.jsonOne(sql, "SELECT " + JSON + " WHERE r.id = $1", Tuple.of(id));
    }

    static Future<Boolean> exists(SqlClient sql, UUID id, UUID schoolId) {
        return sql.preparedQuery("SELECT 1 FROM subject_access_request WHERE id = $1 AND school_id = $2")
                .execute(Tuple.of(id, schoolId))
                .map(rows -> rows.size() == 1);
    }

    /** Two more months at most, once; false when it was extended already (or is not this school's). */
    static Future<Boolean> extend(SqlClient sql, UUID id, UUID schoolId, int months, String reason) {
        return sql.preparedQuery(
                        """
            UPDATE subject_access_request SET extended_to = (due_on + make_interval(months => $3))::date, extension_reason = $4
            WHERE id = $1 AND school_id = $2 AND extended_to IS NULL RETURNING id""")
                .execute(Tuple.of(id, schoolId, months, reason))
                .map(rows -> rows.size() == 1);
    }

    /** Stops the clock on a request not yet ready; a build under way is discarded. */
    static Future<Boolean> pause(SqlClient sql, UUID id, UUID schoolId, Instant now, String reason) {
        return sql.preparedQuery(
                        """
            UPDATE subject_access_request SET status = 'paused', paused_at = $3, pause_reason = $4, claimed_until = NULL
            WHERE id = $1 AND school_id = $2 AND status IN ('pending', 'building') RETURNING id""")
                .execute(Tuple.of(id, schoolId, Requests.utc(now), reason))
                .map(rows -> rows.size() == 1);
    }

    /** Restarts the clock: the whole days paused move the deadline (and any extension) on. */
    static Future<Boolean> resume(SqlClient sql, UUID id, UUID schoolId, LocalDate today) {
        return sql.preparedQuery(
                        """
            UPDATE subject_access_request
            SET status = 'pending', paused_at = NULL,
                paused_days = paused_days + ($3::date - (paused_at AT TIME ZONE 'UTC')::date),
                due_on = due_on + ($3::date - (paused_at AT TIME ZONE 'UTC')::date),
                extended_to = extended_to + ($3::date - (paused_at AT TIME ZONE 'UTC')::date)
            WHERE id = $1 AND school_id = $2 AND status = 'paused' RETURNING id""")
                .execute(Tuple.of(id, schoolId, today))
                .map(rows -> rows.size() == 1);
    }

    /** The request with its export, and whether any of the person's links was blocked since it was made; null: none. */
    static Future<Row> forDownload(SqlClient sql, UUID id, UUID[] schoolIds) {
        return sql.preparedQuery(
                        """
            SELECT r.id, r.status, r.export, r.size_bytes, r.requested_by, r.person_id, r.pupil_id,
                   EXISTS (SELECT 1 FROM parent_of l WHERE l.parent_id = r.person_id
                             AND l.blocked_at >= coalesce(r.ready_at, r.requested_at)) AS blocked_since
            FROM subject_access_request r WHERE r.id = $1 AND r.school_id = ANY ($2)""")
                .execute(Tuple.of(id, (Object) schoolIds))
                .map(Sql::first);
    }

    /** Claims one pending request (or one whose builder died) for five minutes; null: none waiting. */
    static Future<Row> claimNext(SqlClient sql, Instant now) {
        return sql.preparedQuery(
                        """
            UPDATE subject_access_request SET status = 'building', claimed_until = $1 + interval '5 minutes'
            WHERE id = (SELECT id FROM subject_access_request
                        WHERE status = 'pending' OR (status = 'building' AND claimed_until < $1)
                        ORDER BY requested_at LIMIT 1 FOR UPDATE SKIP LOCKED)
            RETURNING id, school_id, person_id, pupil_id""")
                .execute(Tuple.of(Requests.utc(now)))
                .map(Sql::first);
    }

    /** Who asked, about whom, at which school and when: the export's scope, in names. */
    static Future<SubjectAccessExport.Scope> scope(SqlClient sql, UUID requestId) {
        return sql.preparedQuery(
                        """
            SELECT s.name AS school, s.time_zone, r.requested_at,
                   coalesce(u.display_name, coalesce(yp.preferred_name, yp.first_name) || ' ' || yp.last_name) AS person,
                   coalesce(a.display_name, '') AS asked_by,
                   CASE WHEN p.id IS NOT NULL THEN coalesce(p.preferred_name, p.first_name) || ' ' || p.last_name END AS pupil
            FROM subject_access_request r JOIN school_profile s ON s.id = r.school_id
            LEFT JOIN person u ON u.id = r.person_id LEFT JOIN pupil_profile yp ON yp.id = r.person_id
            LEFT JOIN person a ON a.id = r.requested_by LEFT JOIN pupil_profile p ON p.id = r.pupil_id
            WHERE r.id = $1""")
                .execute(Tuple.of(requestId))
                .map(rows -> {
                    Row r = rows.iterator().next();
                    return new SubjectAccessExport.Scope(
                            r.getString("school"),
                            java.time.ZoneId.of(r.getString("time_zone")),
                            r.getString("person"),
                            r.getString("asked_by").isEmpty() ? r.getString("person") : r.getString("asked_by"),
                            r.getString("pupil"),
                            r.getOffsetDateTime("requested_at").toInstant());
                });
    }

    /** The export's chunks are all written: it is ready, with the digest and size of the whole. */
    static Future<Void> ready(SqlClient sql, UUID id, SubjectAccessExport.Built built, Instant now) {
        return Sql.run(
                sql,
                """
            WITH done AS (UPDATE subject_access_request SET status = 'ready', sha256 = $2, size_bytes = $3,
                ready_at = $4, claimed_until = NULL
              WHERE id = $1 AND status = 'building' RETURNING id)
            -- A build discarded meanwhile (the request was paused) leaves nothing behind.
            DELETE FROM subject_access_export_chunk WHERE request_id = $1 AND NOT EXISTS (SELECT 1 FROM done)""",
                Tuple.of(id, Buffer.buffer(built.sha256()), built.size(), Requests.utc(now)));
    }

    /** Forgets what a builder that died had written, before the export is built again. */
    static Future<Void> clearChunks(SqlClient sql, UUID id) {
        return Sql.run(sql, "DELETE FROM subject_access_export_chunk WHERE request_id = $1", Tuple.of(id));
    }

    static Future<Void> chunk(SqlClient sql, UUID id, int seq, byte[] bytes) {
        return Sql.run(
                sql,
                "INSERT INTO subject_access_export_chunk (request_id, seq, bytes) VALUES ($1, $2, $3)",
                Tuple.of(id, seq, Buffer.buffer(bytes)));
    }

    /** One chunk of a ready export; null after the last. */
    static Future<Buffer> chunk(SqlClient sql, UUID id, int seq) {
        return sql.preparedQuery("SELECT bytes FROM subject_access_export_chunk WHERE request_id = $1 AND seq = $2")
                .execute(Tuple.of(id, seq))
                .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getBuffer(0));
    }

    /**
     * The files of an export's folder, by the query of the capability that owns them ($1 the person,
     * $2 the pupil, $3 the school asked, each given its type so a query may use any of them).
     */
    static Future<List<SubjectAccessExport.FileRef>> files(
            SqlClient sql, String list, UUID person, UUID pupil, UUID school) {
        return sql.preparedQuery(
                        "WITH asked AS (SELECT $1::uuid AS person, $2::uuid AS pupil, $3::uuid AS school) " + list)
                .execute(Tuple.of(person, pupil, school))
                .map(rows ->
                        Sql.list(rows, r -> new SubjectAccessExport.FileRef(r.getUUID("id"), r.getString("name"))));
    }

    /** One file's bytes, by its owner's query. */
    static Future<byte[]> file(SqlClient sql, String content, UUID id) {
        return sql.preparedQuery(content)
                .execute(Tuple.of(id))
                .map(rows -> rows.iterator().next().getBuffer(0).getBytes());
    }

    static Future<Void> failed(SqlClient sql, UUID id) {
        return Sql.run(
                sql,
                """
            WITH failed AS (UPDATE subject_access_request SET status = 'failed', claimed_until = NULL
              WHERE id = $1 AND status = 'building' RETURNING id)
            DELETE FROM subject_access_export_chunk WHERE request_id IN (SELECT id FROM failed)""",
                Tuple.of(id));
    }

    /** Exports ready before the cutoff: the file deleted, the request kept and marked deleted ($1 the cutoff, $2 a batch). */
    static final String EXPORTS_TO_DELETE =
            """
            WITH gone AS (UPDATE subject_access_request SET status = 'deleted', export = NULL, deleted_at = now()
                WHERE id IN (SELECT id FROM subject_access_request WHERE status = 'ready' AND ready_at < $1 LIMIT $2)
              RETURNING id),
            chunks AS (DELETE FROM subject_access_export_chunk WHERE request_id IN (SELECT id FROM gone))
            SELECT count(*) FROM gone""";

    /** Runs the export's one statement (every capability's part as a column) for the person and pupil, at the school asked. */
    static Future<Row> gather(SqlClient sql, String statement, UUID person, UUID pupil, UUID school) {
        return sql.preparedQuery(statement)
                .execute(Tuple.of(person, pupil, school))
                .map(rows -> rows.iterator().next());
    }
}
