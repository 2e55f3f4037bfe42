package app.tandem.meetings;

import app.tandem.access.Access;
import app.tandem.platform.Caller;
import app.tandem.platform.Caller.Role;
import app.tandem.platform.Problem;
import app.tandem.platform.Requests;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.UUID;

/**
 * The EHC annual review's statutory timeline (CoP 9.176 onwards; the schools' policies): invitees get
 * at least two weeks' notice, advice is requested and circulated to everyone at least two weeks
 * before, the report goes to everyone within two weeks after with the right to appeal, and reviews
 * are at most the local authority's interval apart. Each step has a due date and a state; a date
 * that breaks the notice or the interval needs a recorded reason.
 */
final class AnnualReviews {
  static final Duration NOTICE = Duration.ofDays(14);
  /** Tandem's lead time for advice requests, so advice can come back and be circulated in time. */
  static final int ADVICE_LEAD_DAYS = 42;

  /** A review still standing: its meeting (when it has one) was not cancelled. For an annual_review aliased `a`. */
  static final String STANDING = "NOT EXISTS (SELECT 1 FROM meeting sm WHERE sm.id = a.meeting_id AND sm.status = 'cancelled')";
  private static final String CLASH = "The pupil, a member of staff who must attend, or the room already has a meeting then. Please choose another time.";

  private static final String COLUMNS = """
      a.*, NOT (""" + STANDING + """
      ) AS cancelled, coalesce(p.preferred_name, p.first_name) || ' ' || p.last_name AS pupil_name,
      (SELECT coalesce(json_agg(json_strip_nulls(json_build_object('id', i.id, 'name', i.name, 'role', i.role, 'email', i.email,
                                'invitedOn', i.invited_on)) ORDER BY i.name), '[]'::json)
       FROM annual_review_invitee i WHERE i.review_id = a.id) AS invitees""";

  private final Pool pool;
  private final Access access;
  private final Clock clock;

  AnnualReviews(Pool pool, Access access, Clock clock) {
    this.pool = pool;
    this.access = access;
    this.clock = clock;
  }

  private LocalDate today() {
    return clock.instant().atZone(ZoneOffset.UTC).toLocalDate();
  }

  Future<JsonObject> schedule(Caller caller, UUID pupilId, JsonObject body) {
    Instant now = clock.instant();
    Instant meetingAt = Instant.parse(body.getString("meetingAt"));
    int interval = body.getInteger("intervalMonths", 12);
    if (!meetingAt.isAfter(now)) throw Problem.invalid("body.meetingAt", "is in the past.");
    if (meetingAt.isBefore(now.plus(NOTICE)) && body.getString("shortNoticeReason") == null) {
      throw Problem.invalid("body.meetingAt", "gives less than two weeks' notice; record a shortNoticeReason to go ahead.");
    }
    return access.require(caller, pupilId, Access.Action.WRITE_RECORD).compose(pupil -> pool.preparedQuery(
            "SELECT max(meeting_at)::date FROM annual_review a WHERE a.pupil_id = $1 AND a.meeting_at <= $2 AND " + STANDING)
        .execute(Tuple.of(pupilId, Requests.utc(now)))
        .compose(rows -> {
          LocalDate previous = body.getString("previousReviewOn") != null ? LocalDate.parse(body.getString("previousReviewOn"))
              : rows.iterator().next().getLocalDate(0);
          if (previous != null && meetingAt.atZone(ZoneOffset.UTC).toLocalDate().isAfter(previous.plusMonths(interval))
              && body.getString("lateReason") == null) {
            return Future.failedFuture(Problem.invalid("body.meetingAt",
                "is more than " + interval + " months after the previous review (" + previous + "); record a lateReason to go ahead."));
          }
          Instant endsAt = meetingAt.plus(Duration.ofMinutes(body.getInteger("durationMinutes", 60)));
          return MeetingService.taken(pool.withTransaction(tx -> attending(tx, pupilId, caller.subject())
              .compose(staff -> MeetingService.arrange(tx, new MeetingService.Arrangement(pupil.schoolId(), null, pupilId, "annual-review",
                  meetingAt, endsAt, body.getString("place"), body.getString("placeKind", "room"), null, null, caller.subject(), staff), now))
              .compose(meetingId -> tx.preparedQuery("""
                      INSERT INTO annual_review (school_id, pupil_id, meeting_at, place, previous_review_on, interval_months, short_notice_reason,
                                                 late_reason, created_by, created_at, meeting_id)
                      VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id""")
                  .execute(Tuple.from(new Object[] {pupil.schoolId(), pupilId, Requests.utc(meetingAt), body.getString("place"), previous,
                      interval, body.getString("shortNoticeReason"), body.getString("lateReason"), caller.subject(), Requests.utc(now),
                      meetingId})))
              .map(ins -> ins.iterator().next().getUUID("id"))
              .compose(id -> tx.preparedQuery("""
                      INSERT INTO annual_review_invitee (review_id, name, role, email)
                      SELECT $1, i->>'name', i->>'role', i->>'email' FROM jsonb_array_elements($2::jsonb) AS i""")
                  .execute(Tuple.of(id, body.getJsonArray("invitees"))).map(id))), CLASH);
        }))
        .compose(id -> one(caller, id));
  }

  /** The pupil's class teachers and the SENCO arranging the review: the staff whose time it holds. */
  private static Future<UUID[]> attending(SqlClient tx, UUID pupilId, UUID senco) {
    return tx.preparedQuery("""
            SELECT ARRAY(SELECT DISTINCT s FROM (SELECT t.staff_id FROM class_teacher t JOIN pupil p ON p.class_id = t.class_id WHERE p.id = $1
                                                 UNION SELECT $2::uuid) AS x (s) ORDER BY s)""")
        .execute(Tuple.of(pupilId, senco)).map(rows -> rows.iterator().next().getArrayOfUUIDs(0));
  }

  Future<JsonObject> recordStep(Caller caller, UUID reviewId, JsonObject body) {
    String column = switch (body.getString("step")) {
      case "invitations-sent" -> "invitations_sent_on";
      case "advice-requested" -> "advice_requested_on";
      case "advice-circulated" -> "advice_circulated_on";
      case "report-sent" -> "report_sent_on";
      default -> "appeal_rights_on";
    };
    LocalDate on = body.getString("doneOn") == null ? today() : LocalDate.parse(body.getString("doneOn"));
    if (on.isAfter(today())) throw Problem.invalid("body.doneOn", "is in the future.");
    return one(caller, reviewId).compose(review -> pool.withTransaction(tx -> tx.preparedQuery(
            "UPDATE annual_review SET " + column + " = $2 WHERE id = $1").execute(Tuple.of(reviewId, on))
        .compose(v -> column.equals("invitations_sent_on")
            ? tx.preparedQuery("UPDATE annual_review_invitee SET invited_on = $2 WHERE review_id = $1 AND invited_on IS NULL")
                .execute(Tuple.of(reviewId, on)).mapEmpty()
            : Future.succeededFuture())))
        .compose(v -> one(caller, reviewId));
  }

  Future<JsonObject> get(Caller caller, UUID reviewId) {
    return one(caller, reviewId);
  }

  /** Reviews with a step past its due date, soonest meeting first. */
  Future<JsonObject> overdue(Caller caller) {
    caller.requireStaff(Role.SENCO);
    return pool.preparedQuery("SELECT " + COLUMNS + """
             FROM annual_review a JOIN pupil p ON p.id = a.pupil_id
            WHERE a.school_id = $1""" + " AND " + STANDING + " AND " + """
            (
                 (a.invitations_sent_on IS NULL AND a.meeting_at::date - 14 < $2)
              OR (a.advice_requested_on IS NULL AND a.meeting_at::date - $3::int < $2)
              OR (a.advice_circulated_on IS NULL AND a.meeting_at::date - 14 < $2)
              OR (a.report_sent_on IS NULL AND a.meeting_at::date + 14 < $2)
              OR (a.appeal_rights_on IS NULL AND a.meeting_at::date + 14 < $2))
            ORDER BY a.meeting_at LIMIT 200""")
        .execute(Tuple.of(caller.schoolId(), today(), ADVICE_LEAD_DAYS))
        .map(rows -> {
          JsonArray items = new JsonArray();
          for (Row r : rows) items.add(json(r));
          return new JsonObject().put("items", items);
        });
  }

  private Future<JsonObject> one(Caller caller, UUID reviewId) {
    caller.requireStaff();
    return pool.preparedQuery("SELECT " + COLUMNS + " FROM annual_review a JOIN pupil p ON p.id = a.pupil_id WHERE a.id = $1 AND a.school_id = $2")
        .execute(Tuple.of(reviewId, caller.schoolId()))
        .compose(rows -> {
          if (rows.size() == 0) return Future.failedFuture(Problem.notFound());
          Row r = rows.iterator().next();
          return access.require(caller, r.getUUID("pupil_id"), Access.Action.WRITE_RECORD).map(p -> json(r));
        });
  }

  private JsonObject json(Row r) {
    LocalDate meeting = r.getOffsetDateTime("meeting_at").toInstant().atZone(ZoneOffset.UTC).toLocalDate();
    JsonObject json = new JsonObject().put("id", r.getUUID("id").toString())
        .put("pupil", new JsonObject().put("id", r.getUUID("pupil_id").toString()).put("name", r.getString("pupil_name")))
        .put("meetingAt", r.getOffsetDateTime("meeting_at").toInstant().toString()).put("place", r.getString("place"))
        .put("cancelled", r.getBoolean("cancelled"))
        .put("invitees", r.getValue("invitees") instanceof JsonArray a ? a : new JsonArray(String.valueOf(r.getValue("invitees"))))
        .put("steps", new JsonArray()
            .add(step("invitations-sent", meeting.minusDays(14), r.getLocalDate("invitations_sent_on")))
            .add(step("advice-requested", meeting.minusDays(ADVICE_LEAD_DAYS), r.getLocalDate("advice_requested_on")))
            .add(step("advice-circulated", meeting.minusDays(14), r.getLocalDate("advice_circulated_on")))
            .add(step("report-sent", meeting.plusDays(14), r.getLocalDate("report_sent_on")))
            .add(step("appeal-rights-told", meeting.plusDays(14), r.getLocalDate("appeal_rights_on"))));
    if (r.getUUID("meeting_id") != null) json.put("meetingId", r.getUUID("meeting_id").toString());
    if (r.getLocalDate("previous_review_on") != null) json.put("previousReviewOn", r.getLocalDate("previous_review_on").toString());
    if (r.getString("short_notice_reason") != null) json.put("shortNoticeReason", r.getString("short_notice_reason"));
    if (r.getString("late_reason") != null) json.put("lateReason", r.getString("late_reason"));
    return json;
  }

  private JsonObject step(String name, LocalDate due, LocalDate done) {
    JsonObject step = new JsonObject().put("step", name).put("dueOn", due.toString())
        .put("state", done != null ? "done" : today().isAfter(due) ? "overdue" : "due");
    if (done != null) step.put("doneOn", done.toString());
    return step;
  }
}
