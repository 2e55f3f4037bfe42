package app.tandem.audit;

import app.tandem.platform.Json;
import app.tandem.platform.Requests;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** The audit log's SQL: writing events and outcomes, sealing the chain, reading it back. */
final class AuditStore {
    /**
     * An event, its pupil taken from the path's pupilId ($12) or found from the subject's id ($10),
     * by the path parameter that named it ($11).
     */
    private static final String INSERT =
            """
      INSERT INTO audit_event (at, school_id, actor_id, actor_kind, actor_roles, on_behalf_of, operation, action,
                               subject_kind, subject_id, pupil_id, request_id, address)
      VALUES ($1, $2, $3, $4, $5, NULL, $6, $7, $8, $10, coalesce($12::uuid, CASE $11::text
          WHEN 'viewId' THEN (SELECT pupil_id FROM pupil_view WHERE id = $10)
          WHEN 'requestId' THEN (SELECT pupil_id FROM views_request WHERE id = $10)
          WHEN 'documentId' THEN (SELECT pupil_id FROM document WHERE id = $10)
          WHEN 'consentId' THEN (SELECT pupil_id FROM consent WHERE id = $10)
          WHEN 'shareId' THEN (SELECT pupil_id FROM document_share WHERE id = $10)
          WHEN 'reviewId' THEN (SELECT pupil_id FROM annual_review WHERE id = $10)
          WHEN 'messageId' THEN (SELECT c.pupil_id FROM message m JOIN conversation c ON c.id = m.conversation_id WHERE m.id = $10)
          WHEN 'concernId' THEN (SELECT coalesce(pv.pupil_id, c.pupil_id) FROM concern k
                                 LEFT JOIN pupil_view pv ON pv.id = k.pupil_view_id LEFT JOIN message m ON m.id = k.message_id
                                 LEFT JOIN conversation c ON c.id = m.conversation_id WHERE k.id = $10)
          WHEN 'mediaId' THEN coalesce((SELECT pupil_id FROM pupil_view WHERE media_id = $10),
                                       (SELECT pupil_id FROM views_request WHERE question_audio_id = $10 LIMIT 1))
        END), $9, $13)
      RETURNING seq""";

    /** Who acted, what they did, to what; the event is durable when this completes. */
    record Event(
            Instant at,
            UUID schoolId,
            UUID actorId,
            String actorKind,
            List<String> roles,
            String operation,
            String action,
            String subjectKind,
            String requestId,
            UUID subjectId,
            String subjectParam,
            UUID pupilId,
            String address) {}

    Future<Long> insert(SqlClient sql, Event e) {
        return sql.preparedQuery(INSERT)
                .execute(Tuple.from(new Object[] {
                    Requests.utc(e.at()),
                    e.schoolId(),
                    e.actorId(),
                    e.actorKind(),
                    e.roles().toArray(String[]::new),
                    e.operation(),
                    e.action(),
                    e.subjectKind(),
                    e.requestId(),
                    e.subjectId(),
                    e.subjectParam(),
                    e.pupilId(),
                    e.address().length() > 64 ? e.address().substring(0, 64) : e.address()
                }))
                .map(rows -> rows.iterator().next().getLong("seq"));
    }

    Future<Void> outcome(SqlClient sql, long seq, int status, Instant at) {
        return sql.preparedQuery(
                        "INSERT INTO audit_outcome (seq, status, at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING")
                .execute(Tuple.of(seq, (short) status, Requests.utc(at)))
                .mapEmpty();
    }

    /** The newest seal: the chain's head, or null before the first. */
    Future<Row> head(SqlClient sql) {
        return sql.preparedQuery("SELECT seq, hash FROM audit_seal ORDER BY seq DESC LIMIT 1")
                .execute()
                .map(rows -> rows.size() == 0 ? null : rows.iterator().next());
    }

    Future<RowSet<Row>> after(SqlClient sql, long seq, int limit) {
        return sql.preparedQuery("SELECT * FROM audit_event WHERE seq > $1 ORDER BY seq LIMIT $2")
                .execute(Tuple.of(seq, limit));
    }

    Future<Void> seal(SqlClient sql, List<Long> seqs, List<byte[]> hashes) {
        return sql.preparedQuery(
                        "INSERT INTO audit_seal (seq, hash) SELECT * FROM unnest($1::bigint[], $2::bytea[]) ON CONFLICT DO NOTHING")
                .execute(Tuple.tuple()
                        .addArrayOfLong(seqs.toArray(Long[]::new))
                        .addArrayOfBuffer(hashes.stream().map(Buffer::buffer).toArray(Buffer[]::new)))
                .mapEmpty();
    }

    /** Events with their seals, in order, after `seq`; the seal is null for an event not sealed. */
    Future<RowSet<Row>> sealedAfter(SqlClient sql, long seq, int limit) {
        return sql.preparedQuery(
                        "SELECT e.*, s.hash FROM audit_event e LEFT JOIN audit_seal s ON s.seq = e.seq WHERE e.seq > $1 ORDER BY e.seq LIMIT $2")
                .execute(Tuple.of(seq, limit));
    }

    /** A page of the school's log, newest first, filtered. */
    Future<JsonArray> page(
            SqlClient sql,
            UUID schoolId,
            UUID pupil,
            UUID person,
            OffsetDateTime from,
            OffsetDateTime to,
            String action,
            long before,
            int limit) {
        return sql.preparedQuery(
                        """
            SELECT json_strip_nulls(json_build_object('seq', e.seq, 'at', e.at,
                     'actor', json_build_object('id', e.actor_id, 'kind', e.actor_kind, 'roles', e.actor_roles,
                                                'name', (SELECT display_name FROM app_user WHERE id = e.actor_id)),
                     'onBehalfOf', e.on_behalf_of, 'operation', e.operation, 'action', e.action,
                     'subject', json_build_object('kind', e.subject_kind, 'id', e.subject_id), 'pupilId', e.pupil_id,
                     'requestId', e.request_id, 'address', e.address, 'outcome', o.status)) AS event
            FROM audit_event e LEFT JOIN audit_outcome o ON o.seq = e.seq
            WHERE e.school_id = $1 AND e.seq < $2 AND ($3::uuid IS NULL OR e.pupil_id = $3)
              AND ($4::uuid IS NULL OR e.actor_id = $4) AND ($5::timestamptz IS NULL OR e.at >= $5)
              AND ($6::timestamptz IS NULL OR e.at < $6) AND ($7::text IS NULL OR e.action = $7)
            ORDER BY e.seq DESC LIMIT $8""")
                .execute(Tuple.from(new Object[] {schoolId, before, pupil, person, from, to, action, limit}))
                .map(rows -> {
                    JsonArray items = new JsonArray();
                    for (Row r : rows) {
                        JsonObject event = Json.object(r.getValue("event"));
                        items.add(event.put(
                                "at",
                                OffsetDateTime.parse(event.getString("at"))
                                        .toInstant()
                                        .toString()));
                    }
                    return items;
                });
    }

    /** Who at school read or changed the pupil's data, per day in the school's time zone, since `since`. */
    Future<JsonArray> accessByDay(SqlClient sql, UUID pupilId, Instant since) {
        return sql.preparedQuery(
                        """
            WITH seen AS (
              SELECT (e.at AT TIME ZONE s.time_zone)::date AS day, u.display_name AS name,
                     CASE WHEN 'senco' = ANY (e.actor_roles) THEN 'SENCO'
                          WHEN 'teacher' = ANY (e.actor_roles) THEN 'teacher'
                          WHEN 'dsl' = ANY (e.actor_roles) THEN 'safeguarding lead'
                          WHEN 'dpo' = ANY (e.actor_roles) THEN 'data protection officer'
                          ELSE 'school staff' END AS role
              FROM audit_event e JOIN audit_outcome o ON o.seq = e.seq AND o.status < 400
              JOIN app_user u ON u.id = e.actor_id JOIN school s ON s.id = e.school_id
              WHERE e.pupil_id = $1 AND e.actor_kind = 'staff' AND e.at >= $2)
            SELECT day, json_agg(json_build_object('name', name, 'role', role, 'times', times) ORDER BY name) AS people
            FROM (SELECT day, name, role, count(*) AS times FROM seen GROUP BY day, name, role) per
            GROUP BY day ORDER BY day DESC""")
                .execute(Tuple.of(pupilId, Requests.utc(since)))
                .map(rows -> {
                    JsonArray days = new JsonArray();
                    for (Row r : rows) {
                        days.add(new JsonObject()
                                .put("day", r.getLocalDate("day").toString())
                                .put("people", Json.array(r.getValue("people"))));
                    }
                    return days;
                });
    }
}
