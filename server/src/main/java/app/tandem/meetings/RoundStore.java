package app.tandem.meetings;

import app.tandem.access.Access;
import app.tandem.platform.Json;
import app.tandem.platform.Named;
import app.tandem.platform.Requests;
import app.tandem.platform.Sql;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Review rounds, staff availability and the pupils expected in each round, in PostgreSQL. */
final class RoundStore {
    /** A new round: its name, slot length and booking window. */
    record NewRound(UUID schoolId, String name, int slotMinutes, Instant opens, Instant closes, UUID createdBy) {}

    /** A pupil expected in a round: the staff who must attend (null: the defaults) and whether parents book apart. */
    record ExpectedPupil(UUID pupilId, UUID[] staffIds, boolean separateMeetings) {}

    /** How many staff a pupil's row names, and how many of them are staff of the school. */
    record StaffCheck(int named, long known) {}

    Future<Row> insert(SqlClient sql, NewRound r, Instant now) {
        return sql.preparedQuery(
                        """
            INSERT INTO review_round (school_id, name, slot_minutes, booking_opens_at, booking_closes_at, created_by, created_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *""")
                .execute(Tuple.from(new Object[] {
                    r.schoolId(),
                    r.name(),
                    r.slotMinutes(),
                    Requests.utc(r.opens()),
                    Requests.utc(r.closes()),
                    r.createdBy(),
                    Requests.utc(now)
                }))
                .map(rows -> rows.iterator().next());
    }

    Future<RowSet<Row>> list(SqlClient sql, UUID schoolId) {
        return sql.preparedQuery(
                        "SELECT * FROM review_round WHERE school_id = $1 ORDER BY booking_closes_at DESC LIMIT 100")
                .execute(Tuple.of(schoolId));
    }

    /** A round of the school; null if none. */
    Future<Row> find(SqlClient sql, UUID roundId, UUID schoolId) {
        return sql.preparedQuery("SELECT * FROM review_round WHERE id = $1 AND school_id = $2")
                .execute(Tuple.of(roundId, schoolId))
                .map(Sql::first);
    }

    Future<Boolean> isActiveStaff(SqlClient sql, UUID staffId, UUID schoolId) {
        return Sql.exists(
                sql,
                "SELECT 1 FROM person WHERE id = $1 AND school_id = $2 AND kind = 'staff' AND active",
                Tuple.of(staffId, schoolId));
    }

    /** One window of availability; one person's windows never overlap (SQLSTATE 23P01). */
    Future<Row> addWindow(
            SqlClient tx,
            UUID roundId,
            UUID schoolId,
            UUID staffId,
            Instant starts,
            Instant ends,
            String place,
            String placeKind,
            Instant now) {
        return tx.preparedQuery(
                        """
            INSERT INTO availability (round_id, school_id, staff_id, during, place, place_kind, created_at)
            VALUES ($1, $2, $3, tstzrange($4, $5, '[)'), $6, $7, $8)
            RETURNING id, staff_id, lower(during) AS starts_at, upper(during) AS ends_at, place, place_kind""")
                .execute(Tuple.from(new Object[] {
                    roundId,
                    schoolId,
                    staffId,
                    Requests.utc(starts),
                    Requests.utc(ends),
                    place,
                    placeKind,
                    Requests.utc(now)
                }))
                .map(rows -> rows.iterator().next());
    }

    /**
     * Adds or updates a pupil expected in the round. Staff default to the pupil's class teachers and,
     * when the round's author is a SENCO who does not teach the pupil, them too (the access rule).
     */
    Future<StaffCheck> expect(SqlClient tx, UUID roundId, UUID roundAuthor, UUID schoolId, ExpectedPupil p) {
        return tx.preparedQuery(
                        """
            INSERT INTO round_pupil (round_id, pupil_id, school_id, staff_ids, separate_meetings)
            SELECT $1, p.id, p.school_id,
                   coalesce($3, ARRAY(SELECT r.person_id FROM pupil_relationship r
                                      WHERE r.pupil_id = p.id AND r.relationship = 'class-teacher' ORDER BY r.person_id)
                                || ARRAY(SELECT r.person_id FROM pupil_relationship r WHERE r.pupil_id = p.id AND r.person_id = $5
                                         AND r.relationship = 'school-staff' AND 'senco' = ANY (r.roles))),
                   $4
            FROM pupil_profile p WHERE p.id = $2
            ON CONFLICT (round_id, pupil_id) DO UPDATE SET staff_ids = excluded.staff_ids, separate_meetings = excluded.separate_meetings
            RETURNING cardinality(staff_ids) AS n,
                      (SELECT count(*) FROM person u WHERE u.id = ANY (staff_ids) AND u.school_id = $6 AND u.kind = 'staff') AS known""")
                .execute(Tuple.tuple()
                        .addUUID(roundId)
                        .addUUID(p.pupilId())
                        .addArrayOfUUID(p.staffIds())
                        .addBoolean(p.separateMeetings())
                        .addUUID(roundAuthor)
                        .addUUID(schoolId))
                .map(rows -> {
                    Row r = rows.iterator().next();
                    return new StaffCheck(r.getInteger("n") == null ? 0 : r.getInteger("n"), r.getLong("known"));
                });
    }

    Future<List<RoundAnswers.Expected>> progress(SqlClient sql, UUID roundId) {
        return sql.preparedQuery(
                        """
            SELECT p.id, coalesce(p.preferred_name, p.first_name) || ' ' || p.last_name AS name, rp.staff_ids, rp.nudged_at,
                   (SELECT json_agg(json_build_object('id', u.id, 'displayName', u.display_name)
                                    ORDER BY array_position(rp.staff_ids, u.id))
                    FROM person u WHERE u.id = ANY (rp.staff_ids)) AS staff,
                   (SELECT m.id FROM meeting m WHERE m.round_id = rp.round_id AND m.pupil_id = rp.pupil_id AND m.status <> 'cancelled'
                    LIMIT 1) AS meeting_id
            FROM round_pupil rp JOIN pupil_profile p ON p.id = rp.pupil_id WHERE rp.round_id = $1 ORDER BY p.last_name, p.first_name""")
                .execute(Tuple.of(roundId))
                .map(rows -> Sql.list(
                        rows,
                        r -> new RoundAnswers.Expected(
                                new Named(r.getUUID("id"), r.getString("name")),
                                List.of(r.getArrayOfUUIDs("staff_ids")),
                                Json.array(r.getValue("staff")),
                                r.getUUID("meeting_id"),
                                Sql.instant(r.getOffsetDateTime("nudged_at")))));
    }

    /** Why pupils of a round would not be nudged now. */
    record NudgeCounts(long alreadyBooked, long nudgedToday, long noParentOnTandem) {}

    Future<NudgeCounts> nudgeCounts(SqlClient sql, UUID roundId, Instant now) {
        return sql.preparedQuery(
                        """
            SELECT count(*) FILTER (WHERE booked) AS already_booked,
                   count(*) FILTER (WHERE NOT booked AND recent) AS nudged_today,
                   count(*) FILTER (WHERE NOT booked AND NOT recent AND NOT reachable) AS no_parent
            FROM (SELECT EXISTS (SELECT 1 FROM meeting m WHERE m.round_id = rp.round_id AND m.pupil_id = rp.pupil_id
                                 AND m.status <> 'cancelled') AS booked,
                         coalesce(rp.nudged_at >= $2::timestamptz - interval '1 day', false) AS recent,
                         EXISTS (SELECT 1 FROM pupil_relationship r WHERE r.pupil_id = rp.pupil_id
                                 AND r.relationship = 'parent') AS reachable
                  FROM round_pupil rp WHERE rp.round_id = $1) AS x""")
                .execute(Tuple.of(roundId, Requests.utc(now)))
                .map(rows -> {
                    Row r = rows.iterator().next();
                    return new NudgeCounts(
                            r.getLong("already_booked"), r.getLong("nudged_today"), r.getLong("no_parent"));
                });
    }

    /** Marks the round's unbooked pupils not nudged in the last day, with a parent to nudge, as nudged now; returns them. */
    Future<List<UUID>> markNudged(SqlClient tx, UUID roundId, Instant now) {
        return tx.preparedQuery(
                        """
            UPDATE round_pupil rp SET nudged_at = $2::timestamptz WHERE rp.round_id = $1::uuid
              AND (rp.nudged_at IS NULL OR rp.nudged_at < $2::timestamptz - interval '1 day')
              AND NOT EXISTS (SELECT 1 FROM meeting m WHERE m.round_id = rp.round_id AND m.pupil_id = rp.pupil_id
                              AND m.status <> 'cancelled')
              AND EXISTS (SELECT 1 FROM pupil_relationship r WHERE r.pupil_id = rp.pupil_id AND r.relationship = 'parent')
            RETURNING rp.pupil_id""")
                .execute(Tuple.of(roundId, Requests.utc(now)))
                .map(rows -> {
                    List<UUID> pupils = new ArrayList<>();
                    rows.forEach(row -> pupils.add(row.getUUID("pupil_id")));
                    return pupils;
                });
    }

    Future<String> timeZone(SqlClient sql, UUID schoolId) {
        return sql.preparedQuery("SELECT time_zone FROM school_profile WHERE id = $1")
                .execute(Tuple.of(schoolId))
                .map(rows -> rows.iterator().next().getString(0));
    }

    /**
     * For each pupil on SEN support or with an EHC plan whose register the person may read (the
     * access rule): meetings held and booked since the school year began, and when the annual review is due.
     */
    Future<List<RoundAnswers.Covered>> coverage(
            SqlClient sql, UUID schoolId, UUID personId, OffsetDateTime yearStarts, Instant now) {
        return sql.preparedQuery(
                        """
            SELECT p.id, coalesce(p.preferred_name, p.first_name) || ' ' || p.last_name AS name, p.sen_status,
                   (SELECT count(*) FROM meeting m WHERE m.pupil_id = p.id AND m.status = 'held' AND lower(m.during) >= $2) AS held,
                   (SELECT count(*) FROM meeting m WHERE m.pupil_id = p.id AND m.status = 'booked' AND lower(m.during) >= $2) AS booked,
                   CASE WHEN p.sen_status = 'ehc-plan' THEN clock.due_on END AS due_by
            FROM pupil_relationship r JOIN pupil_profile p ON p.id = r.pupil_id JOIN school_profile s ON s.id = p.school_id,
            """
                                + AnnualReviewStore.clock("$4")
                                + " WHERE r.person_id = $3 AND r.school_id = $1 AND "
                                + Access.grants(Access.Action.READ_REGISTER, "r")
                                + " AND p.sen_status IN ('sen-support', 'ehc-plan')")
                .execute(Tuple.of(schoolId, yearStarts, personId, Requests.utc(now)))
                .map(rows -> Sql.list(
                        rows,
                        r -> new RoundAnswers.Covered(
                                new Named(r.getUUID("id"), r.getString("name")),
                                r.getString("sen_status"),
                                r.getLong("held"),
                                r.getLong("booked"),
                                r.getLocalDate("due_by"))));
    }
}
