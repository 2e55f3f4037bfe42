package app.tandem.meetings;

import app.tandem.access.Access;
import app.tandem.platform.Requests;
import app.tandem.platform.Sql;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** EHC annual reviews, their invitees and the dates each statutory step was done, in PostgreSQL. */
final class AnnualReviewStore {
    /** A review still standing: its meeting (when it has one) was not cancelled. For an annual_review aliased `a`. */
    static final String STANDING =
            "NOT EXISTS (SELECT 1 FROM meeting sm WHERE sm.id = a.meeting_id AND sm.status = 'cancelled')";

    private static final String COLUMNS = """
      a.*, NOT (""" + STANDING
            + """
      ) AS cancelled, coalesce(p.preferred_name, p.first_name) || ' ' || p.last_name AS pupil_name,
      (SELECT coalesce(json_agg(json_strip_nulls(json_build_object('id', i.id, 'name', i.name, 'role', i.role, 'email', i.email,
                                'invitedOn', i.invited_on)) ORDER BY i.name), '[]'::json)
       FROM annual_review_invitee i WHERE i.review_id = a.id) AS invitees,
      (SELECT coalesce(json_agg(json_strip_nulls(json_build_object('recipient', s.recipient_name,
                                'organisation', s.recipient_organisation, 'requestedAt', s.created_at,
                                'repliedAt', s.advice_received_at))
                                ORDER BY s.created_at), '[]'::json)
       FROM share_recipient s WHERE s.pupil_id = a.pupil_id AND s.accepts_advice
         AND s.created_at BETWEEN a.meeting_at - interval '16 weeks' AND a.meeting_at) AS advice_replies""";

    /** The steps, as the API names them, and the column that holds when each was done. */
    static final List<String> STEP_COLUMNS = List.of(
            "invitations_sent_on",
            "advice_requested_on",
            "advice_circulated_on",
            "views_gathered_on",
            "report_sent_on",
            "appeal_rights_on");

    /** A review to write: when and where, the interval it keeps to, and the reasons for any exception. */
    record NewReview(
            UUID schoolId,
            UUID pupilId,
            Instant meetingAt,
            String place,
            LocalDate previousReviewOn,
            int intervalMonths,
            String shortNoticeReason,
            String lateReason,
            UUID createdBy,
            UUID meetingId,
            JsonArray invitees) {}

    /** The date of the pupil's last standing review held by `now`; null when there was none. */
    Future<LocalDate> previousReview(SqlClient sql, UUID pupilId, Instant now) {
        return sql.preparedQuery(
                        "SELECT max(meeting_at)::date FROM annual_review a WHERE a.pupil_id = $1 AND a.meeting_at <= $2 AND "
                                + STANDING)
                .execute(Tuple.of(pupilId, Requests.utc(now)))
                .map(rows -> rows.iterator().next().getLocalDate(0));
    }

    /** The staff whose time a review holds, and whether a SENCO is among them. */
    record Attendees(UUID[] staff, boolean withSenco) {}

    /**
     * The pupil's class teachers and the SENCO arranging the review, or (when `senco` is null, an
     * admin arranging it) every SENCO of the school.
     */
    Future<Attendees> attending(SqlClient tx, UUID pupilId, UUID senco) {
        return tx.preparedQuery(
                        """
            SELECT ARRAY(SELECT DISTINCT s FROM (
                     SELECT r.person_id FROM pupil_relationship r WHERE r.pupil_id = $1 AND r.relationship = 'class-teacher'
                     UNION SELECT $2::uuid WHERE $2::uuid IS NOT NULL
                     UNION SELECT r.person_id FROM pupil_relationship r WHERE $2::uuid IS NULL AND r.pupil_id = $1
                       AND r.relationship IN ('class-teacher', 'school-staff') AND 'senco' = ANY (r.roles)) AS x (s)
                   WHERE s IS NOT NULL ORDER BY s) AS staff,
                   $2::uuid IS NOT NULL OR EXISTS (SELECT 1 FROM pupil_relationship r WHERE r.pupil_id = $1
                     AND r.relationship IN ('class-teacher', 'school-staff') AND 'senco' = ANY (r.roles)) AS with_senco""")
                .execute(Tuple.of(pupilId, senco))
                .map(rows -> {
                    Row r = rows.iterator().next();
                    return new Attendees(r.getArrayOfUUIDs("staff"), r.getBoolean("with_senco"));
                });
    }

    /**
     * The pupil's standing review still to happen, if any; locks the pupil, so two arranging at once
     * cannot both find none.
     */
    Future<UUID> upcoming(SqlClient tx, UUID pupilId, Instant now) {
        return tx.preparedQuery("SELECT id FROM pupil_profile WHERE id = $1 FOR UPDATE")
                .execute(Tuple.of(pupilId))
                .compose(v -> tx.preparedQuery(
                                "SELECT a.id FROM annual_review a WHERE a.pupil_id = $1 AND a.meeting_at > $2 AND "
                                        + STANDING + " LIMIT 1")
                        .execute(Tuple.of(pupilId, Requests.utc(now))))
                .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getUUID("id"));
    }

    Future<UUID> insert(SqlClient tx, NewReview r, Instant now) {
        return tx.preparedQuery(
                        """
            INSERT INTO annual_review (school_id, pupil_id, meeting_at, place, previous_review_on, interval_months, short_notice_reason,
                                       late_reason, created_by, created_at, meeting_id)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id""")
                .execute(Tuple.from(new Object[] {
                    r.schoolId(),
                    r.pupilId(),
                    Requests.utc(r.meetingAt()),
                    r.place(),
                    r.previousReviewOn(),
                    r.intervalMonths(),
                    r.shortNoticeReason(),
                    r.lateReason(),
                    r.createdBy(),
                    Requests.utc(now),
                    r.meetingId()
                }))
                .map(ins -> ins.iterator().next().getUUID("id"))
                .compose(id -> tx.preparedQuery(
                                """
                INSERT INTO annual_review_invitee (review_id, name, role, email)
                SELECT $1, i->>'name', i->>'role', i->>'email' FROM jsonb_array_elements($2::jsonb) AS i""")
                        .execute(Tuple.of(id, r.invitees()))
                        .map(id));
    }

    /** Records when a step was done (one of {@link #STEP_COLUMNS}); sending invitations dates every invitee not yet invited. */
    Future<Void> stepDone(SqlClient tx, UUID reviewId, String column, LocalDate on) {
        if (!STEP_COLUMNS.contains(column)) throw new IllegalArgumentException(column);
        return tx.preparedQuery("UPDATE annual_review SET " + column + " = $2 WHERE id = $1")
                .execute(Tuple.of(reviewId, on))
                .compose(v -> column.equals("invitations_sent_on")
                        ? tx.preparedQuery(
                                        "UPDATE annual_review_invitee SET invited_on = $2 WHERE review_id = $1 AND invited_on IS NULL")
                                .execute(Tuple.of(reviewId, on))
                                .mapEmpty()
                        : Future.succeededFuture());
    }

    /**
     * Standing reviews with a step past its due date, soonest meeting first, about pupils whose
     * record the person may write (the access rule).
     */
    Future<RowSet<Row>> overdue(SqlClient sql, UUID schoolId, UUID personId, LocalDate today, int adviceLeadDays) {
        return sql.preparedQuery(
                        "SELECT " + COLUMNS
                                + """
             FROM annual_review a JOIN pupil_profile p ON p.id = a.pupil_id
             JOIN pupil_relationship r ON r.pupil_id = a.pupil_id AND r.person_id = $4
            WHERE a.school_id = $1 AND
            """
                                + Access.grants(Access.Action.WRITE_RECORD, "r") + " AND " + STANDING
                                + """
             AND (
                 (a.invitations_sent_on IS NULL AND a.meeting_at::date - 14 < $2)
              OR (a.advice_requested_on IS NULL AND a.meeting_at::date - $3::int < $2)
              OR (a.advice_circulated_on IS NULL AND a.meeting_at::date - 14 < $2)
              OR (a.views_gathered_on IS NULL AND a.meeting_at::date - 14 < $2)
              OR (a.report_sent_on IS NULL AND a.meeting_at::date + 14 < $2)
              OR (a.appeal_rights_on IS NULL AND a.meeting_at::date + 14 < $2))
            ORDER BY a.meeting_at LIMIT 200""")
                .execute(Tuple.of(schoolId, today, adviceLeadDays, personId));
    }

    /** A review of the school; null if none. */
    Future<Row> one(SqlClient sql, UUID reviewId, UUID schoolId) {
        return sql.preparedQuery(
                        "SELECT " + COLUMNS
                                + " FROM annual_review a JOIN pupil_profile p ON p.id = a.pupil_id WHERE a.id = $1 AND a.school_id = $2")
                .execute(Tuple.of(reviewId, schoolId))
                .map(Sql::first);
    }

    /**
     * Whether the pupil is a young person today (the school's date) and when the meeting starts in
     * the school's words ("Tuesday 3 March 2026 at 14:00"): columns `young` and `starts`.
     */
    static Future<Row> youngPersonsReview(SqlClient tx, UUID pupilId, Instant meetingAt, Instant now) {
        return tx.preparedQuery(
                        """
            SELECT p.young_person_from <= ($2 AT TIME ZONE s.time_zone)::date AS young,
                   to_char($3 AT TIME ZONE s.time_zone, 'FMDay FMDD FMMonth YYYY "at" HH24:MI') AS starts
            FROM pupil_profile p JOIN school_profile s ON s.id = p.school_id WHERE p.id = $1""")
                .execute(Tuple.of(pupilId, Requests.utc(now), Requests.utc(meetingAt)))
                .map(rows -> rows.iterator().next());
    }
}
