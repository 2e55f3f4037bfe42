package app.tandem.meetings;

import app.tandem.access.Access;
import app.tandem.platform.Json;
import app.tandem.platform.Requests;
import app.tandem.platform.Sql;
import app.tandem.platform.SubjectData;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Meetings in PostgreSQL: the diary rows, their staff, and what was agreed. */
final class MeetingStore {
    private static final String MEETING_JSON =
            """
      json_strip_nulls(json_build_object('id', m.id, 'roundId', m.round_id,
        'pupil', json_build_object('id', p.id, 'name', coalesce(p.preferred_name, p.first_name) || ' ' || p.last_name),
        'school', (SELECT json_build_object('id', s.id, 'name', s.name) FROM school_profile s WHERE s.id = m.school_id),
        'kind', m.kind, 'startsAt', lower(m.during), 'endsAt', upper(m.during), 'place', m.place, 'placeKind', m.place_kind,
        'status', m.status, 'note', m.note, 'agreed', m.agreed, 'actions', m.actions, 'recordedAt', m.recorded_at,
        'citedViewIds', CASE WHEN cardinality(m.cited_view_ids) > 0 THEN m.cited_view_ids END,
        'recordedBy', (SELECT json_build_object('id', ru.id, 'displayName', ru.display_name) FROM person ru
                       WHERE ru.id = m.recorded_by),
        'corrected', CASE WHEN m.recorded_at IS NULL THEN NULL
                          ELSE EXISTS (SELECT 1 FROM meeting_record_version v WHERE v.meeting_id = m.id) END,
        'earlierRecords', (SELECT json_agg(json_strip_nulls(json_build_object('agreed', v.agreed, 'actions', v.actions,
                                  'recordedAt', v.recorded_at,
                                  'recordedBy', (SELECT json_build_object('id', vu.id, 'displayName', vu.display_name)
                                                 FROM person vu WHERE vu.id = v.recorded_by))) ORDER BY v.recorded_at)
                           FROM meeting_record_version v WHERE v.meeting_id = m.id),
        'sequence', m.sequence, 'cancelledAt', m.cancelled_at, 'cancelledReason', m.cancelled_reason,
        'staff', (SELECT coalesce(json_agg(json_build_object('id', u.id, 'displayName', u.display_name) ORDER BY u.display_name),
                                  '[]'::json)
                  FROM meeting_staff ms JOIN person u ON u.id = ms.staff_id WHERE ms.meeting_id = m.id))) AS meeting""";

    /** A meeting to put in the diary: who it is about, when, where, and the staff who must attend. */
    record Arrangement(
            UUID schoolId,
            UUID roundId,
            UUID pupilId,
            String kind,
            Instant startsAt,
            Instant endsAt,
            String place,
            String placeKind,
            UUID forParent,
            String note,
            UUID bookedBy,
            UUID[] staffIds) {}

    /** A meeting of the school, with its round's booking window (null for an annual review); null if none. */
    Future<Row> withRound(SqlClient sql, UUID meetingId, UUID[] schoolIds) {
        return sql.preparedQuery(
                        """
            SELECT m.pupil_id, m.kind, m.status, m.note, r.booking_closes_at
            FROM meeting m LEFT JOIN review_round r ON r.id = m.round_id WHERE m.id = $1 AND m.school_id = ANY ($2)""")
                .execute(Tuple.of(meetingId, (Object) schoolIds))
                .map(MeetingStore::first);
    }

    /** A meeting of the school with what its calendar file needs; null if none. */
    Future<Row> forCalendar(SqlClient sql, UUID meetingId, UUID[] schoolIds) {
        return sql.preparedQuery(
                        """
            SELECT m.pupil_id, m.kind, m.status, m.sequence, lower(m.during) AS starts_at, upper(m.during) AS ends_at, m.place, s.time_zone,
                   s.name AS school_name, coalesce(p.preferred_name, p.first_name) AS first_name
            FROM meeting m JOIN school_profile s ON s.id = m.school_id JOIN pupil_profile p ON p.id = m.pupil_id WHERE m.id = $1 AND m.school_id = ANY ($2)""")
                .execute(Tuple.of(meetingId, (Object) schoolIds))
                .map(MeetingStore::first);
    }

    /**
     * A meeting's claim on its time, for the length of the transaction: one claim for each first
     * member of staff and start, so two transactions never put the same slot in the diary at once.
     * Without it two inserts of one slot can each find the other's uncommitted row in an exclusion
     * constraint and wait for each other until PostgreSQL's deadlock check (a second later) aborts
     * one; parents racing for a slot would wait a second for their 409. False when another
     * transaction has the claim: that slot is being taken as we speak.
     */
    static final String CLAIM =
            "pg_try_advisory_xact_lock(hashtextextended($1::uuid::text || ' ' || $2::bigint::text, 0))";

    private static Tuple claim(Arrangement a) {
        return Tuple.of(
                a.staffIds().length > 0 ? a.staffIds()[0] : a.pupilId(),
                a.startsAt().getEpochSecond());
    }

    /** Claims the slot for a meeting that moves to it (see {@link #CLAIM}); false when another has it. */
    Future<Boolean> claimSlot(SqlClient tx, Arrangement a) {
        return tx.preparedQuery("SELECT " + CLAIM)
                .execute(claim(a))
                .map(rows -> rows.iterator().next().getBoolean(0));
    }

    private static final String INSERT =
            """
            WITH m AS (
              INSERT INTO meeting (id, school_id, round_id, pupil_id, kind, during, place, place_kind, for_parent, note, booked_by, created_at)
              SELECT $3::uuid, $4::uuid, $5::uuid, $6::uuid, $7::text, tstzrange($8::timestamptz, $9::timestamptz, '[)'), $10::text,
                     $11::text, $12::uuid, $13::text, $14::uuid, $15::timestamptz WHERE %s
              RETURNING id, during),
            s AS (INSERT INTO meeting_staff (meeting_id, staff_id, during) SELECT m.id, s, m.during FROM m, unnest($16::uuid[]) AS s)
            SELECT count(*) AS written FROM m"""
                    .formatted(CLAIM);

    /**
     * Claims the slot and writes a meeting and its staff, in one statement; false (and nothing
     * written) when another transaction has the claim. The exclusion constraints refuse an overlap
     * for the pupil, any of the staff or the room (SQLSTATE 23P01), and the whole statement with it.
     */
    Future<Boolean> insert(SqlClient tx, UUID id, Arrangement a, Instant now) {
        return tx.preparedQuery(INSERT)
                .execute(claim(a).addValue(id)
                        .addValue(a.schoolId())
                        .addValue(a.roundId())
                        .addValue(a.pupilId())
                        .addValue(a.kind())
                        .addValue(Requests.utc(a.startsAt()))
                        .addValue(Requests.utc(a.endsAt()))
                        .addValue(a.place())
                        .addValue(a.placeKind())
                        .addValue(a.forParent())
                        .addValue(a.note())
                        .addValue(a.bookedBy())
                        .addValue(Requests.utc(now))
                        .addValue(a.staffIds()))
                .map(rows -> rows.iterator().next().getLong("written") == 1);
    }

    /** Cancels a booked meeting, frees its staff's time and raises its calendar sequence. */
    Future<Void> cancel(SqlClient tx, UUID meetingId, String reason, Instant now) {
        return tx.preparedQuery(
                        """
            UPDATE meeting SET status = 'cancelled', cancelled_at = $2, cancelled_reason = $3, sequence = sequence + 1
            WHERE id = $1 AND status = 'booked'""")
                .execute(Tuple.of(meetingId, Requests.utc(now), reason))
                .compose(v -> freeStaff(tx, meetingId));
    }

    /** Frees a meeting's time for a move inside the same transaction: nothing the family sees changes. */
    Future<Void> release(SqlClient tx, UUID meetingId) {
        return tx.preparedQuery("UPDATE meeting SET status = 'cancelled' WHERE id = $1 AND status = 'booked'")
                .execute(Tuple.of(meetingId))
                .compose(v -> freeStaff(tx, meetingId));
    }

    /** Moves a released meeting to its new time, keeping its id (and so its calendar UID); the sequence rises. */
    Future<Void> move(SqlClient tx, UUID meetingId, Arrangement to) {
        return tx.preparedQuery(
                        """
            UPDATE meeting SET status = 'booked', round_id = $2, during = tstzrange($3, $4, '[)'), place = $5, place_kind = $6,
                   sequence = sequence + 1
            WHERE id = $1""")
                .execute(Tuple.of(
                        meetingId,
                        to.roundId(),
                        Requests.utc(to.startsAt()),
                        Requests.utc(to.endsAt()),
                        to.place(),
                        to.placeKind()))
                .compose(v -> tx.preparedQuery("DELETE FROM meeting_staff WHERE meeting_id = $1")
                        .execute(Tuple.of(meetingId)))
                .compose(v -> tx.preparedQuery(
                                """
                INSERT INTO meeting_staff (meeting_id, staff_id, during)
                SELECT m.id, s, m.during FROM meeting m, unnest($2::uuid[]) AS s WHERE m.id = $1""")
                        .execute(Tuple.tuple().addUUID(meetingId).addArrayOfUUID(to.staffIds())))
                .mapEmpty();
    }

    private Future<Void> freeStaff(SqlClient tx, UUID meetingId) {
        return Sql.run(tx, "UPDATE meeting_staff SET cancelled = true WHERE meeting_id = $1", Tuple.of(meetingId));
    }

    /** The pupil's booked meetings in rounds still open for booking (one round, or all). */
    Future<JsonArray> bookedInOpenRounds(SqlClient sql, UUID pupilId, UUID roundId, Instant now) {
        return Sql.jsonList(
                sql,
                """
            SELECT json_build_object('roundId', m.round_id, 'meetingId', m.id, 'startsAt', lower(m.during)) AS booked
            FROM meeting m JOIN review_round r ON r.id = m.round_id
            WHERE m.pupil_id = $1 AND m.status = 'booked' AND ($2::uuid IS NULL OR m.round_id = $2) AND r.booking_closes_at > $3
            ORDER BY lower(m.during)""",
                Tuple.of(pupilId, roundId, Requests.utc(now)));
    }

    /** Records what was agreed; recording again keeps the earlier version. True when it corrected one. */
    Future<Boolean> recordOutcome(
            SqlClient tx, UUID meetingId, String agreed, String actions, List<UUID> citedViews, UUID by, Instant now) {
        return tx.preparedQuery(
                        """
            INSERT INTO meeting_record_version (meeting_id, agreed, actions, recorded_by, recorded_at, replaced_at)
            SELECT id, agreed, actions, recorded_by, recorded_at, $2 FROM meeting WHERE id = $1 AND agreed IS NOT NULL""")
                .execute(Tuple.of(meetingId, Requests.utc(now)))
                .compose(kept -> tx.preparedQuery(
                                """
                UPDATE meeting SET status = 'held', agreed = $2, actions = $3, recorded_by = $4, recorded_at = $5,
                  cited_view_ids = $6 WHERE id = $1""")
                        .execute(Tuple.of(meetingId, agreed, actions, by, Requests.utc(now))
                                .addArrayOfUUID(citedViews.toArray(UUID[]::new)))
                        .map(kept.rowCount() > 0));
    }

    /**
     * The person's meetings not cancelled and not ended before `since`, and those cancelled that had
     * not begun by `now` (so a cancellation shows): about pupils whose record they
     * may read (the access rule), and for staff only those they attend.
     */
    Future<JsonArray> mine(SqlClient sql, UUID personId, UUID[] schoolIds, boolean staff, Instant since, Instant now) {
        String attending = staff
                ? " AND EXISTS (SELECT 1 FROM meeting_staff s WHERE s.meeting_id = m.id AND s.staff_id = $1 AND NOT s.cancelled)"
                : "";
        return sql.preparedQuery("SELECT " + MEETING_JSON + " FROM meeting m JOIN pupil_profile p ON p.id = m.pupil_id"
                        + " JOIN pupil_relationship r ON r.pupil_id = m.pupil_id AND r.person_id = $1"
                        + " WHERE m.school_id = ANY ($2) AND " + Access.grants(Access.Action.READ_RECORD, "r")
                        + attending
                        + " AND ((m.status <> 'cancelled' AND upper(m.during) > $3)"
                        + " OR (m.status = 'cancelled' AND lower(m.during) > $4)) ORDER BY lower(m.during) LIMIT 200")
                .execute(Tuple.of(personId, schoolIds, Requests.utc(since), Requests.utc(now)))
                .map(rows -> {
                    JsonArray items = new JsonArray();
                    for (Row r : rows) items.add(Json.object(r.getValue("meeting")));
                    return items;
                });
    }

    Future<JsonObject> one(SqlClient sql, UUID meetingId) {
        return sql.preparedQuery("SELECT " + MEETING_JSON
                        + " FROM meeting m JOIN pupil_profile p ON p.id = m.pupil_id WHERE m.id = $1")
                .execute(Tuple.of(meetingId))
                .map(rows -> Json.object(rows.iterator().next().getValue("meeting")));
    }

    private static Row first(RowSet<Row> rows) {
        return rows.size() == 0 ? null : rows.iterator().next();
    }

    /** The pupil's meetings, a separated parent's own only. (Its part of a subject access export.) */
    static List<SubjectData> subjectData() {
        return List.of(
                SubjectData.Part.pupil(
                        "meetings.json",
                        """
        (SELECT coalesce(jsonb_agg(jsonb_strip_nulls(jsonb_build_object('kind', m.kind, 'startsAt', lower(m.during),
                  'endsAt', upper(m.during), 'place', m.place, 'placeKind', m.place_kind, 'status', m.status,
                  'bookedBy', person_named(m.booked_by, $1), 'note', m.note,
                  'staff', (SELECT jsonb_agg(person_named(u.id, $1) ORDER BY u.display_name)
                            FROM meeting_staff ms JOIN person u ON u.id = ms.staff_id WHERE ms.meeting_id = m.id),
                  'agreed', m.agreed, 'actions', m.actions, 'recordedBy', person_named(m.recorded_by, $1),
                  'recordedAt', m.recorded_at, 'cancelledAt', m.cancelled_at, 'cancelledReason', m.cancelled_reason))
                  ORDER BY lower(m.during)), '[]')
         FROM meeting m WHERE m.pupil_id = $2 AND (m.for_parent IS NULL OR m.for_parent = $1))"""));
    }
}
