package app.tandem.meetings;

import app.tandem.access.Access;
import app.tandem.platform.Requests;
import app.tandem.platform.SchoolTime;
import app.tandem.platform.Sql;
import app.tandem.push.Outbox;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
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
      (SELECT time_zone FROM school_profile WHERE id = a.school_id) AS time_zone,
      (SELECT coalesce(json_agg(json_strip_nulls(json_build_object('id', i.id, 'name', i.name, 'role', i.role, 'email', i.email,
                                'invitedOn', i.invited_on)) ORDER BY i.name), '[]'::json)
       FROM annual_review_invitee i WHERE i.review_id = a.id) AS invitees,
      (SELECT coalesce(json_agg(json_strip_nulls(json_build_object('recipient', s.recipient_name,
                                'organisation', s.recipient_organisation, 'requestedAt', s.created_at,
                                'repliedAt', s.advice_received_at))
                                ORDER BY s.created_at), '[]'::json)
       FROM share_recipient s WHERE s.pupil_id = a.pupil_id AND s.accepts_advice
         AND s.created_at BETWEEN a.meeting_at - interval '16 weeks' AND a.meeting_at) AS advice_replies,
      (SELECT coalesce(json_agg(json_strip_nulls(json_build_object('what', x.what, 'to', x.sent_to, 'at', x.at,
                                'lateReason', x.late_reason)) ORDER BY x.at, x.sent_to), '[]'::json)
       FROM annual_review_sent x WHERE x.review_id = a.id) AS sent""";

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
     * Standing reviews with a step past its due date (on the school's dates; a step already due when
     * the review was scheduled at short notice is due from that day), soonest meeting first, about
     * pupils whose reviews the person may arrange (the access rule).
     */
    Future<RowSet<Row>> overdue(SqlClient sql, UUID schoolId, UUID personId, Instant now, int adviceLeadDays) {
        String meeting = "(a.meeting_at AT TIME ZONE z.time_zone)::date";
        String made = "(a.created_at AT TIME ZONE z.time_zone)::date";
        String today = "($2 AT TIME ZONE z.time_zone)::date";
        java.util.function.BiFunction<String, String, String> late =
                (column, due) -> "(a." + column + " IS NULL AND greatest(" + due + ", " + made + ") < " + today + ")";
        return sql.preparedQuery("SELECT " + COLUMNS
                        + """
             FROM annual_review a JOIN pupil_profile p ON p.id = a.pupil_id JOIN school_profile z ON z.id = a.school_id
             JOIN pupil_relationship r ON r.pupil_id = a.pupil_id AND r.person_id = $4
            WHERE a.school_id = $1 AND
            """
                        + Access.grants(Access.Action.ARRANGE_ANNUAL_REVIEW, "r") + " AND " + STANDING
                        + " AND ("
                        + String.join(
                                " OR ",
                                late.apply("invitations_sent_on", meeting + " - 14"),
                                late.apply("advice_requested_on", meeting + " - $3::int"),
                                late.apply("advice_circulated_on", meeting + " - 14"),
                                late.apply("views_gathered_on", meeting + " - 14"),
                                late.apply("report_sent_on", meeting + " + 14"),
                                late.apply("appeal_rights_on", meeting + " + 14"))
                        + ") ORDER BY a.meeting_at LIMIT 200")
                .execute(Tuple.of(schoolId, Requests.utc(now), adviceLeadDays, personId));
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
     * The EHC plan's review clock as a LATERAL FROM item aliased {@code clock}, for a
     * {@code pupil_profile p} of a {@code school_profile s}, at the time {@code at} (a parameter):
     * the plan's latest issue, the last standing review held (on the school's date) with its
     * interval, the standing review arranged next, and {@code due_on}: the last review's date plus
     * its own interval, or, before any (or for a plan issued since), the local authority's first
     * review date, or 12 months after the plan was issued.
     */
    static String clock(String at) {
        return """
            LATERAL (
              SELECT plan.plan_issued_on, last.held_on, next.id AS review_id, next.meeting_at,
                     CASE WHEN last.held_on >= coalesce(plan.plan_issued_on, '-infinity'::date)
                          THEN (last.held_on + make_interval(months => last.interval_months))::date
                          ELSE coalesce(plan.plan_review_due, (plan.plan_issued_on + interval '12 months')::date) END AS due_on
              FROM (SELECT 1) one
              LEFT JOIN LATERAL (SELECT h.plan_issued_on, h.plan_review_due FROM sen_status_history h
                                 WHERE h.pupil_id = p.id AND h.status = 'ehc-plan' ORDER BY h.changed_at DESC LIMIT 1) plan ON true
              LEFT JOIN LATERAL (SELECT (a.meeting_at AT TIME ZONE s.time_zone)::date AS held_on, a.interval_months
                                 FROM annual_review a WHERE a.pupil_id = p.id AND a.meeting_at <= %1$s AND %2$s
                                 ORDER BY a.meeting_at DESC LIMIT 1) last ON true
              LEFT JOIN LATERAL (SELECT a.id, a.meeting_at FROM annual_review a
                                 WHERE a.pupil_id = p.id AND a.meeting_at > %1$s AND %2$s
                                 ORDER BY a.meeting_at LIMIT 1) next ON true) clock"""
                .formatted(at, STANDING);
    }

    /** The clock's state on the school's date: scheduled, overdue, due-soon (12 weeks), later, no-date. */
    static String clockState(String at) {
        return """
            CASE WHEN clock.review_id IS NOT NULL THEN 'scheduled'
                 WHEN clock.due_on IS NULL THEN 'no-date'
                 WHEN clock.due_on < (%1$s AT TIME ZONE s.time_zone)::date THEN 'overdue'
                 WHEN clock.due_on <= (%1$s AT TIME ZONE s.time_zone)::date + 84 THEN 'due-soon'
                 ELSE 'later' END"""
                .formatted(at);
    }

    private static final String DUE_COLUMNS =
            """
            p.id AS pupil_id, coalesce(p.preferred_name, p.first_name) || ' ' || p.last_name AS pupil_name,
            clock.plan_issued_on, clock.held_on, clock.due_on, clock.review_id, clock.meeting_at, """;

    /**
     * Every active pupil with an EHC plan whose reviews the person may arrange (the access rule),
     * with the clock; only those overdue with nothing arranged when `overdueOnly`. Soonest due first.
     */
    Future<RowSet<Row>> due(SqlClient sql, UUID schoolId, UUID personId, Instant at, boolean overdueOnly) {
        String state = clockState("$3");
        return sql.preparedQuery("SELECT " + DUE_COLUMNS + state + " AS state"
                        + """
             FROM pupil_relationship r JOIN pupil_profile p ON p.id = r.pupil_id JOIN school_profile s ON s.id = p.school_id,
            """
                        + clock("$3")
                        + " WHERE r.person_id = $2 AND r.school_id = $1 AND p.active AND p.sen_status = 'ehc-plan' AND "
                        + Access.grants(Access.Action.READ_REGISTER, "r")
                        + (overdueOnly ? " AND " + state + " = 'overdue'" : "")
                        + " ORDER BY clock.due_on NULLS FIRST, p.last_name, p.id LIMIT 2000")
                .execute(Tuple.of(schoolId, personId, Requests.utc(at)));
    }

    /**
     * Notes, once per plan's due date and mark, every active plan with no review arranged that has
     * reached two months before its due date (mark two-months-before) or the date itself (due);
     * only those noted now come back. A plan first seen past its date gets the second mark alone.
     */
    Future<List<Outbox.AboutPupil>> noteAlerts(SqlClient tx, Instant at) {
        return tx.preparedQuery(
                        """
            WITH reached AS (
              SELECT p.id AS pupil_id, p.school_id, clock.due_on,
                     CASE WHEN clock.due_on <= ($1 AT TIME ZONE s.time_zone)::date THEN 'due' ELSE 'two-months-before' END AS mark
              FROM pupil_profile p JOIN school_profile s ON s.id = p.school_id,
            """
                                + clock("$1")
                                + """
              WHERE p.active AND p.sen_status = 'ehc-plan' AND clock.review_id IS NULL
                AND clock.due_on - interval '2 months' <= ($1 AT TIME ZONE s.time_zone)::date)
            INSERT INTO annual_review_alert (pupil_id, school_id, due_on, mark, sent_at)
            SELECT pupil_id, school_id, due_on, mark, $1 FROM reached
            ON CONFLICT DO NOTHING RETURNING pupil_id, school_id, mark""")
                .execute(Tuple.of(Requests.utc(at)))
                .map(rows -> Outbox.AboutPupil.each(rows, "pupil_id", "annual-review-due", "annual-review-due"));
    }

    /** Someone invited to the review who has an email. */
    record Invitee(String name, String role, String email) {}

    /** What an invitation to the review says, and who with an email is invited. */
    record Invitation(
            UUID reviewId,
            UUID schoolId,
            UUID pupilId,
            UUID meetingId,
            int sequence,
            boolean cancelled,
            Instant startsAt,
            Instant endsAt,
            String place,
            ZoneId zone,
            String schoolName,
            String calledBy,
            String initial,
            boolean youngPerson,
            List<Invitee> invited) {
        /** The invitees with an email, as calendar parties. */
        List<Calendars.Party> invitees() {
            return invited.stream()
                    .map(i -> new Calendars.Party(i.name(), i.email()))
                    .toList();
        }

        /** "Tuesday 3 March 2026 at 2:00 pm", in the school's zone. */
        String startsInWords() {
            return SchoolTime.when(startsAt.atZone(zone));
        }
    }

    /** The review (by its own id, or its meeting's) as an invitation; null when there is none. */
    Future<Invitation> invitation(SqlClient tx, UUID reviewOrMeetingId, Instant now) {
        return tx.preparedQuery(
                        """
            SELECT a.id, a.school_id, a.pupil_id, a.meeting_id, m.sequence, m.status = 'cancelled' AS cancelled,
                   lower(m.during) AS starts_at, upper(m.during) AS ends_at, m.place, s.name AS school_name, s.time_zone,
                   coalesce(p.preferred_name, p.first_name) AS called, left(p.last_name, 1) AS initial,
                   p.young_person_from <= ($2 AT TIME ZONE s.time_zone)::date AS young,
                   ARRAY(SELECT i.name FROM annual_review_invitee i WHERE i.review_id = a.id AND i.email IS NOT NULL ORDER BY i.id) AS names,
                   ARRAY(SELECT i.email FROM annual_review_invitee i WHERE i.review_id = a.id AND i.email IS NOT NULL ORDER BY i.id) AS emails,
                   ARRAY(SELECT i.role FROM annual_review_invitee i WHERE i.review_id = a.id AND i.email IS NOT NULL ORDER BY i.id) AS roles
            FROM annual_review a JOIN meeting m ON m.id = a.meeting_id JOIN pupil_profile p ON p.id = a.pupil_id
            JOIN school_profile s ON s.id = a.school_id
            WHERE a.id = $1 OR a.meeting_id = $1""")
                .execute(Tuple.of(reviewOrMeetingId, Requests.utc(now)))
                .map(rows -> {
                    Row r = Sql.first(rows);
                    if (r == null) return null;
                    String[] names = r.getArrayOfStrings("names");
                    String[] emails = r.getArrayOfStrings("emails");
                    String[] roles = r.getArrayOfStrings("roles");
                    List<Invitee> invitees = new java.util.ArrayList<>();
                    for (int i = 0; i < names.length; i++) invitees.add(new Invitee(names[i], roles[i], emails[i]));
                    return new Invitation(
                            r.getUUID("id"),
                            r.getUUID("school_id"),
                            r.getUUID("pupil_id"),
                            r.getUUID("meeting_id"),
                            r.getInteger("sequence"),
                            r.getBoolean("cancelled"),
                            r.getOffsetDateTime("starts_at").toInstant(),
                            r.getOffsetDateTime("ends_at").toInstant(),
                            r.getString("place"),
                            ZoneId.of(r.getString("time_zone")),
                            r.getString("school_name"),
                            r.getString("called"),
                            r.getString("initial"),
                            r.getBoolean("young"),
                            invitees);
                });
    }

    /** The invitations went today: the step, and each invitee with an email. */
    Future<Void> invitationsSent(SqlClient tx, UUID reviewId, LocalDate on) {
        return tx.preparedQuery("UPDATE annual_review SET invitations_sent_on = $2 WHERE id = $1")
                .execute(Tuple.of(reviewId, on))
                .compose(v -> Sql.run(
                        tx,
                        "UPDATE annual_review_invitee SET invited_on = $2 WHERE review_id = $1 AND email IS NOT NULL AND invited_on IS NULL",
                        Tuple.of(reviewId, on)));
    }

    /** Records what went to whom for the review (`to` the invitee, or "family"), with the share it went by. */
    Future<Void> sent(
            SqlClient tx, UUID reviewId, String what, String to, UUID shareId, String lateReason, Instant now) {
        return Sql.run(
                tx,
                """
            INSERT INTO annual_review_sent (review_id, what, sent_to, share_id, late_reason, at)
            VALUES ($1, $2, $3, $4, $5, $6)""",
                Tuple.of(reviewId, what, to, shareId, lateReason, Requests.utc(now)));
    }

    /** The report went, with the family's right of appeal in it: both steps done on that date. */
    Future<Void> reportSent(SqlClient tx, UUID reviewId, LocalDate on) {
        return Sql.run(
                tx,
                "UPDATE annual_review SET report_sent_on = $2, appeal_rights_on = $2 WHERE id = $1",
                Tuple.of(reviewId, on));
    }

    /** The school's time zone, whose dates the review's rules are counted in. */
    Future<ZoneId> schoolZone(SqlClient sql, UUID schoolId) {
        return sql.preparedQuery("SELECT time_zone FROM school_profile WHERE id = $1")
                .execute(Tuple.of(schoolId))
                .map(rows -> ZoneId.of(rows.iterator().next().getString("time_zone")));
    }
}
