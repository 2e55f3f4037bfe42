package app.tandem.audit;

import app.tandem.platform.Json;
import app.tandem.platform.Requests;
import app.tandem.platform.Sql;
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
     * A batch of events in one statement (one commit for every request waiting). Each row's pupil is
     * the path's pupilId, or is found from the subject's id by the path parameter that named it; a
     * parent's event about their child is the child's school's (`audit_school_for`).
     */
    private static final String INSERT_ALL =
            """
      INSERT INTO audit_event (event_id, at, school_id, actor_id, actor_kind, actor_roles, operation, action,
                               subject_kind, subject_id, pupil_id, request_id, address)
      SELECT t.event_id, t.at, w.school_id, t.actor_id, t.actor_kind, string_to_array(t.roles, ','), t.operation, t.action,
             t.subject_kind, t.subject_id, audit_pupil_in(w.school_id, t.named_pupil), t.request_id, t.address
      FROM (SELECT u.*, coalesce(u.pupil_id, audit_pupil_of(u.param, u.subject_id)) AS named_pupil
            FROM unnest($1::uuid[], $2::timestamptz[], $3::uuid[], $4::uuid[], $5::text[], $6::text[], $7::text[],
                        $8::text[], $9::text[], $10::uuid[], $11::text[], $12::uuid[], $13::text[], $14::text[])
              AS u (event_id, at, school_id, actor_id, actor_kind, roles, operation, action, subject_kind, subject_id,
                    param, pupil_id, request_id, address)) t
      CROSS JOIN LATERAL (SELECT audit_school_for(t.actor_id, t.actor_kind, t.school_id, t.named_pupil) AS school_id) w
      -- A batch of reads only commits without waiting for its WAL flush (see insertAll); the setting
      -- is local to this statement's own transaction.
      CROSS JOIN (SELECT set_config('synchronous_commit', $15, true)) commit_mode
      RETURNING event_id, seq""";

    /** Who acted, what they did, to what; the event is durable when its batch commits. */
    record Event(
            UUID eventId,
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

    /** Inserts the events in one statement; each event's sequence number by its id. */
    /**
     * Inserts the events in one statement, committed before any of their answers goes out. A batch
     * of reads only (`readsOnly`) commits with `synchronous_commit = off`: visible at once, on disk
     * within the WAL writer's delay (about 0.2-0.6 s), lost only if the database server itself
     * crashes in that window. Changes, exports and anything else commit fully synchronously.
     */
    Future<java.util.Map<UUID, Long>> insertAll(SqlClient sql, List<Event> events, boolean readsOnly) {
        Tuple args = Tuple.tuple()
                .addArrayOfUUID(events.stream().map(Event::eventId).toArray(UUID[]::new))
                .addArrayOfOffsetDateTime(
                        events.stream().map(e -> Requests.utc(e.at())).toArray(OffsetDateTime[]::new))
                .addArrayOfUUID(events.stream().map(Event::schoolId).toArray(UUID[]::new))
                .addArrayOfUUID(events.stream().map(Event::actorId).toArray(UUID[]::new))
                .addArrayOfString(events.stream().map(Event::actorKind).toArray(String[]::new))
                .addArrayOfString(
                        events.stream().map(e -> String.join(",", e.roles())).toArray(String[]::new))
                .addArrayOfString(events.stream().map(Event::operation).toArray(String[]::new))
                .addArrayOfString(events.stream().map(Event::action).toArray(String[]::new))
                .addArrayOfString(events.stream().map(Event::subjectKind).toArray(String[]::new))
                .addArrayOfUUID(events.stream().map(Event::subjectId).toArray(UUID[]::new))
                .addArrayOfString(events.stream().map(Event::subjectParam).toArray(String[]::new))
                .addArrayOfUUID(events.stream().map(Event::pupilId).toArray(UUID[]::new))
                .addArrayOfString(events.stream().map(Event::requestId).toArray(String[]::new))
                .addArrayOfString(events.stream()
                        .map(e -> e.address().length() > 64 ? e.address().substring(0, 64) : e.address())
                        .toArray(String[]::new))
                .addString(readsOnly ? "off" : "on");
        return sql.preparedQuery(INSERT_ALL).execute(args).map(rows -> {
            java.util.Map<UUID, Long> seqs = new java.util.HashMap<>();
            for (Row r : rows) seqs.put(r.getUUID("event_id"), r.getLong("seq"));
            return seqs;
        });
    }

    /** How requests ended, in one statement. */
    Future<Void> outcomes(SqlClient sql, List<Long> seqs, List<Integer> statuses, Instant at) {
        return Sql.run(
                sql,
                """
            INSERT INTO audit_outcome (seq, status, at)
            SELECT s, st, $3 FROM unnest($1::bigint[], $2::int[]) AS t (s, st) ON CONFLICT DO NOTHING""",
                Tuple.tuple()
                        .addArrayOfLong(seqs.toArray(Long[]::new))
                        .addArrayOfInteger(statuses.toArray(Integer[]::new))
                        .addOffsetDateTime(Requests.utc(at)));
    }

    /** The two chains the sealer keeps: events by `seq`, outcomes by `oseq`. */
    enum Chain {
        EVENTS("audit_event", "audit_seal", "seq"),
        OUTCOMES("audit_outcome", "audit_outcome_seal", "oseq");

        final String table;
        final String seals;
        final String order;

        Chain(String table, String seals, String order) {
            this.table = table;
            this.seals = seals;
            this.order = order;
        }
    }

    /** The chain's newest seal (its order number and hash), or null before the first. */
    Future<Row> head(SqlClient sql, Chain chain) {
        return sql.preparedQuery("SELECT " + chain.order + " AS n, hash FROM " + chain.seals + " ORDER BY "
                        + chain.order + " DESC LIMIT 1")
                .execute()
                .map(Sql::first);
    }

    /**
     * Rows after `n` in the chain's order, each with its seal (null when not sealed yet). Planned
     * afresh each time, with its numbers written in (two longs, never text): as a prepared statement
     * its plan was kept from when the log was small, and after a burst of tens of thousands of
     * events (the bench's home run) that plan took 30 s a batch, holding a core and a connection,
     * so the seals fell minutes behind and every request on the replica waited its turn behind it.
     * Once a second, planning is cheap.
     */
    Future<RowSet<Row>> sealedAfter(SqlClient sql, Chain chain, long n, int limit) {
        return sql.query("SELECT r.*, r." + chain.order + " AS n, s.hash FROM " + chain.table + " r LEFT JOIN "
                        + chain.seals + " s ON s." + chain.order + " = r." + chain.order + " WHERE r." + chain.order
                        + " > " + n + " ORDER BY r." + chain.order + " LIMIT " + limit)
                .execute();
    }

    Future<Void> seal(SqlClient sql, Chain chain, List<Long> ns, List<byte[]> hashes) {
        return sql.preparedQuery("INSERT INTO " + chain.seals + " (" + chain.order
                        + ", hash) SELECT * FROM unnest($1::bigint[], $2::bytea[]) ON CONFLICT DO NOTHING")
                .execute(Tuple.tuple()
                        .addArrayOfLong(ns.toArray(Long[]::new))
                        .addArrayOfBuffer(hashes.stream().map(Buffer::buffer).toArray(Buffer[]::new)))
                .mapEmpty();
    }

    /** Whether any row after `n` is sealed: an unsealed row is then a row slipped in, not one still to seal. */
    Future<Boolean> sealedLater(SqlClient sql, Chain chain, long n) {
        return sql.preparedQuery("SELECT EXISTS (SELECT 1 FROM " + chain.seals + " WHERE " + chain.order + " > $1)")
                .execute(Tuple.of(n))
                .map(rows -> rows.iterator().next().getBoolean(0));
    }

    Future<Long> eventCount(SqlClient sql) {
        return sql.query("SELECT count(*) FROM audit_event")
                .execute()
                .map(rows -> rows.iterator().next().getLong(0));
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
                                                'name', coalesce((SELECT display_name FROM person WHERE id = e.actor_id),
                                                  (SELECT x.recipient_name || ', ' || x.recipient_organisation
                                                   FROM share_recipient x WHERE x.id = e.actor_id AND e.actor_kind = 'external'))),
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

    /**
     * The one rule for what a family (a parent, or the pupil) is told of the log about a child: their
     * own requests, and what the school's staff did that succeeded. Never anything about a
     * safeguarding concern (DPA 2018 Sch. 3 Part 2, KCSIE), nor shares and disclosures (the family
     * reads those, filtered by what they may be told, in the disclosures list), nor what anyone
     * else (another parent, the other school, a recipient) tried. `e` is an audit_event, `o` its
     * audit_outcome (LEFT JOINed), `person` the family member's id.
     */
    static String familyMaySee(String e, String o, String person) {
        return "(" + e + ".subject_kind NOT IN ('concern', 'share', 'disclosure') AND (" + e + ".actor_id = " + person
                + " OR (" + e + ".actor_kind = 'staff' AND " + o + ".status < 400)))";
    }

    /** Who at school read or changed the pupil's data, per day in the school's time zone, since `since`. */
    Future<JsonArray> accessByDay(SqlClient sql, UUID pupilId, Instant since) {
        return sql.preparedQuery(
                        """
            WITH seen AS (
              SELECT (e.at AT TIME ZONE s.time_zone)::date AS day, u.display_name AS name,
                     CASE WHEN 'senco' = ANY (e.actor_roles) THEN 'SENCO'
                          WHEN 'teacher' = ANY (e.actor_roles) THEN 'teacher'
                          WHEN 'dpo' = ANY (e.actor_roles) THEN 'data protection officer'
                          ELSE 'school staff' END AS role
              FROM audit_event e JOIN audit_outcome o ON o.seq = e.seq
              JOIN person u ON u.id = e.actor_id JOIN school_profile s ON s.id = e.school_id
              WHERE e.pupil_id = $1 AND e.actor_kind = 'staff' AND e.at >= $2 AND """
                                + familyMaySee("e", "o", "NULL::uuid")
                                + ")"
                                + """


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
