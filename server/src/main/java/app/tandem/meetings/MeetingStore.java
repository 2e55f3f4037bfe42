package app.tandem.meetings;

import app.tandem.access.Access;
import app.tandem.meetings.SlotStore.SlotRef;
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

    /** The pupil's place in the round (its staff and window); null when the pupil is not in it. */
    Future<Row> roundPupil(SqlClient sql, UUID roundId, UUID pupilId) {
        return sql.preparedQuery(
                        """
            SELECT r.booking_opens_at, r.booking_closes_at, p.staff_ids, p.separate_meetings, p.school_id
            FROM review_round r JOIN round_pupil p ON p.round_id = r.id WHERE r.id = $1 AND p.pupil_id = $2""")
                .execute(Tuple.of(roundId, pupilId))
                .map(MeetingStore::first);
    }

    /**
     * Writes a meeting and its staff. The exclusion constraints refuse an overlap for the pupil, any
     * of the staff or the room (SQLSTATE 23P01).
     */
    Future<UUID> insert(SqlClient tx, Arrangement a, Instant now) {
        return tx.preparedQuery(
                        """
            INSERT INTO meeting (school_id, round_id, pupil_id, kind, during, place, place_kind, for_parent, note, booked_by, created_at)
            VALUES ($1, $2, $3, $4, tstzrange($5, $6, '[)'), $7, $8, $9, $10, $11, $12) RETURNING id""")
                .execute(Tuple.from(new Object[] {
                    a.schoolId(),
                    a.roundId(),
                    a.pupilId(),
                    a.kind(),
                    Requests.utc(a.startsAt()),
                    Requests.utc(a.endsAt()),
                    a.place(),
                    a.placeKind(),
                    a.forParent(),
                    a.note(),
                    a.bookedBy(),
                    Requests.utc(now)
                }))
                .compose(ins -> {
                    UUID id = ins.iterator().next().getUUID("id");
                    return tx.preparedQuery(
                                    """
                  INSERT INTO meeting_staff (meeting_id, staff_id, during)
                  SELECT m.id, s, m.during FROM meeting m, unnest($2::uuid[]) AS s WHERE m.id = $1""")
                            .execute(Tuple.tuple().addUUID(id).addArrayOfUUID(a.staffIds()))
                            .map(id);
                });
    }

    /** Whether the time was ever offered: inside the first required person's availability in the round. */
    Future<Boolean> offered(SqlClient tx, SlotRef slot, UUID firstStaff) {
        return tx.preparedQuery(
                        """
            SELECT 1 FROM availability a JOIN review_round r ON r.id = a.round_id
            WHERE a.round_id = $1 AND a.staff_id = $2
              AND a.during @> tstzrange($3::timestamptz, $3::timestamptz + r.slot_minutes * interval '1 minute', '[)')
              AND mod(extract(epoch FROM $3::timestamptz - lower(a.during))::bigint, r.slot_minutes * 60) = 0""")
                .execute(Tuple.of(slot.roundId(), firstStaff, Requests.utc(slot.startsAt())))
                .map(rows -> rows.size() > 0);
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

    /** The pupil's booked meeting in the round (this parent's, when separated parents book apart); null if none. */
    Future<UUID> bookedInRound(SqlClient sql, UUID roundId, UUID pupilId, UUID forParent) {
        return sql.preparedQuery(
                        """
            SELECT id FROM meeting WHERE round_id = $1 AND pupil_id = $2 AND status = 'booked'
              AND for_parent IS NOT DISTINCT FROM $3 LIMIT 1""")
                .execute(Tuple.of(roundId, pupilId, forParent))
                .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getUUID("id"));
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
