package app.tandem.meetings;

import app.tandem.access.Access;
import app.tandem.platform.Caller;
import app.tandem.platform.Caller.Role;
import app.tandem.platform.Problem;
import app.tandem.platform.ProblemType;
import app.tandem.platform.Requests;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

/**
 * Review rounds: the SENCO (or a class teacher) opens one, staff publish when they can meet, the
 * pupils expected are listed with the staff who must attend, families are nudged, and the school
 * year shows who is heading towards fewer than three meetings.
 */
final class RoundService {
  private final Pool pool;
  private final Access access;
  private final Clock clock;

  RoundService(Pool pool, Access access, Clock clock) {
    this.pool = pool;
    this.access = access;
    this.clock = clock;
  }

  Future<JsonObject> create(Caller caller, JsonObject body) {
    caller.requireStaff(Role.SENCO, Role.TEACHER);
    Instant opens = Instant.parse(body.getString("bookingOpensAt"));
    Instant closes = Instant.parse(body.getString("bookingClosesAt"));
    if (!closes.isAfter(opens)) throw Problem.invalid("body.bookingClosesAt", "must be after bookingOpensAt.");
    return pool.preparedQuery("""
            INSERT INTO review_round (school_id, name, slot_minutes, booking_opens_at, booking_closes_at, created_by, created_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *""")
        .execute(Tuple.from(new Object[] {caller.schoolId(), body.getString("name"), body.getInteger("slotMinutes", 30), Requests.utc(opens),
            Requests.utc(closes), caller.subject(), Requests.utc(clock.instant())}))
        .map(rows -> round(rows.iterator().next()));
  }

  Future<JsonObject> list(Caller caller) {
    caller.requireStaff();
    return pool.preparedQuery("SELECT * FROM review_round WHERE school_id = $1 ORDER BY booking_closes_at DESC LIMIT 100")
        .execute(Tuple.of(caller.schoolId()))
        .map(rows -> {
          JsonArray items = new JsonArray();
          for (Row r : rows) items.add(round(r));
          return new JsonObject().put("items", items);
        });
  }

  private Future<Row> requireRound(SqlClient sql, Caller caller, UUID roundId) {
    caller.requireStaff();
    return sql.preparedQuery("SELECT * FROM review_round WHERE id = $1 AND school_id = $2").execute(Tuple.of(roundId, caller.schoolId()))
        .compose(rows -> rows.size() == 0 ? Future.failedFuture(Problem.notFound()) : Future.succeededFuture(rows.iterator().next()));
  }

  /** The window less its breaks, as separate windows; one person's windows never overlap (409). */
  Future<JsonObject> addAvailability(Caller caller, UUID roundId, JsonObject body) {
    UUID staffId = body.getString("staffId") == null ? caller.subject() : UUID.fromString(body.getString("staffId"));
    if (!staffId.equals(caller.subject()) && !caller.has(Role.SENCO)) {
      throw new Problem(ProblemType.FORBIDDEN, "Only the SENCO publishes availability for someone else.");
    }
    Instant starts = Instant.parse(body.getString("startsAt"));
    Instant ends = Instant.parse(body.getString("endsAt"));
    if (!ends.isAfter(starts)) throw Problem.invalid("body.endsAt", "must be after startsAt.");
    List<Instant[]> breaks = new ArrayList<>();
    JsonArray requested = body.getJsonArray("breaks", new JsonArray());
    for (int i = 0; i < requested.size(); i++) {
      Instant b0 = Instant.parse(requested.getJsonObject(i).getString("startsAt"));
      Instant b1 = Instant.parse(requested.getJsonObject(i).getString("endsAt"));
      if (!b1.isAfter(b0) || b0.isBefore(starts) || b1.isAfter(ends)) {
        throw Problem.invalid("body.breaks[" + i + "]", "must be a time inside the window, ending after it starts.");
      }
      breaks.add(new Instant[] {b0, b1});
    }
    breaks.sort(Comparator.comparing(b -> b[0]));
    List<Instant[]> windows = new ArrayList<>();
    Instant from = starts;
    for (Instant[] b : breaks) {
      if (b[0].isAfter(from)) windows.add(new Instant[] {from, b[0]});
      if (b[1].isAfter(from)) from = b[1];
    }
    if (ends.isAfter(from)) windows.add(new Instant[] {from, ends});
    Instant now = clock.instant();
    return requireRound(pool, caller, roundId)
        .compose(r -> pool.preparedQuery("SELECT 1 FROM app_user WHERE id = $1 AND school_id = $2 AND kind = 'staff' AND active")
            .execute(Tuple.of(staffId, caller.schoolId())))
        .compose(found -> found.size() == 0 ? Future.failedFuture(Problem.invalid("body.staffId", "is not a member of staff here."))
            : pool.withTransaction(tx -> {
              Future<JsonArray> added = Future.succeededFuture(new JsonArray());
              for (Instant[] w : windows) {
                added = added.compose(list -> tx.preparedQuery("""
                        INSERT INTO availability (round_id, school_id, staff_id, during, place, place_kind, created_at)
                        VALUES ($1, $2, $3, tstzrange($4, $5, '[)'), $6, $7, $8)
                        RETURNING id, staff_id, lower(during) AS starts_at, upper(during) AS ends_at, place, place_kind""")
                    .execute(Tuple.from(new Object[] {roundId, caller.schoolId(), staffId, Requests.utc(w[0]), Requests.utc(w[1]),
                        body.getString("place"), body.getString("placeKind"), Requests.utc(now)}))
                    .map(rows -> list.add(window(rows.iterator().next()))));
              }
              return added;
            }))
        .recover(ex -> ex instanceof PgException pg && "23P01".equals(pg.getSqlState())
            ? Future.failedFuture(Problem.conflict("This overlaps availability already published for that person."))
            : Future.failedFuture(ex))
        .map(items -> new JsonObject().put("items", items));
  }

  /** Adds (or updates) the pupils expected; required staff default to the class teacher and the round's SENCO. */
  Future<JsonObject> addPupils(Caller caller, UUID roundId, JsonObject body) {
    JsonArray pupils = body.getJsonArray("pupils");
    return requireRound(pool, caller, roundId).compose(round -> {
      Future<Void> checked = Future.succeededFuture();
      for (int i = 0; i < pupils.size(); i++) {
        UUID pupilId = UUID.fromString(pupils.getJsonObject(i).getString("pupilId"));
        String field = "body.pupils[" + i + "].pupilId";
        checked = checked.compose(v -> access.require(caller, pupilId, Access.Action.BOOK).mapEmpty()
            .recover(ex -> Future.failedFuture(Problem.invalid(field, "is not a pupil you work with."))).mapEmpty());
      }
      return checked.compose(v -> pool.withTransaction(tx -> {
        Future<Void> all = Future.succeededFuture();
        for (int i = 0; i < pupils.size(); i++) {
          JsonObject p = pupils.getJsonObject(i);
          String field = "body.pupils[" + i + "].staffIds";
          all = all.compose(v2 -> tx.preparedQuery("""
                  INSERT INTO round_pupil (round_id, pupil_id, school_id, staff_ids, separate_meetings)
                  SELECT $1, p.id, p.school_id,
                         coalesce($3, ARRAY(SELECT t.staff_id FROM class_teacher t WHERE t.class_id = p.class_id ORDER BY t.staff_id)
                                      || ARRAY(SELECT u.id FROM app_user u WHERE u.id = $5 AND 'senco' = ANY (u.roles)
                                               AND NOT EXISTS (SELECT 1 FROM class_teacher t WHERE t.class_id = p.class_id AND t.staff_id = u.id))),
                         $4
                  FROM pupil p WHERE p.id = $2
                  ON CONFLICT (round_id, pupil_id) DO UPDATE SET staff_ids = excluded.staff_ids, separate_meetings = excluded.separate_meetings
                  RETURNING cardinality(staff_ids) AS n,
                            (SELECT count(*) FROM app_user u WHERE u.id = ANY (staff_ids) AND u.school_id = $6 AND u.kind = 'staff') AS known""")
              .execute(Tuple.tuple().addUUID(roundId).addUUID(UUID.fromString(p.getString("pupilId")))
                  .addArrayOfUUID(p.getJsonArray("staffIds") == null ? null
                      : p.getJsonArray("staffIds").stream().map(o -> UUID.fromString(o.toString())).toArray(UUID[]::new))
                  .addBoolean(p.getBoolean("separateMeetings", false)).addUUID(round.getUUID("created_by")).addUUID(caller.schoolId()))
              .compose(rows -> {
                Row r = rows.iterator().next();
                if (r.getInteger("n") == null || r.getInteger("n") == 0) {
                  return Future.failedFuture(Problem.invalid(field, "nobody to attend: the pupil has no class teacher; name the staff."));
                }
                return r.getLong("known") == r.getInteger("n").longValue() ? Future.<Void>succeededFuture()
                    : Future.failedFuture(Problem.invalid(field, "includes someone who is not staff at this school."));
              }));
        }
        return all;
      }));
    }).compose(v -> progress(caller, roundId));
  }

  Future<JsonObject> progress(Caller caller, UUID roundId) {
    return requireRound(pool, caller, roundId).compose(r -> pool.preparedQuery("""
            SELECT p.id, coalesce(p.preferred_name, p.first_name) || ' ' || p.last_name AS name, rp.staff_ids, rp.nudged_at,
                   (SELECT m.id FROM meeting m WHERE m.round_id = rp.round_id AND m.pupil_id = rp.pupil_id AND m.status <> 'cancelled' LIMIT 1) AS meeting_id
            FROM round_pupil rp JOIN pupil p ON p.id = rp.pupil_id WHERE rp.round_id = $1 ORDER BY p.last_name, p.first_name""")
        .execute(Tuple.of(roundId)))
        .map(rows -> {
          JsonArray items = new JsonArray();
          for (Row r : rows) {
            JsonObject item = new JsonObject().put("pupil", new JsonObject().put("id", r.getUUID("id").toString()).put("name", r.getString("name")))
                .put("staffIds", new JsonArray(java.util.Arrays.stream(r.getArrayOfUUIDs("staff_ids")).map(UUID::toString).toList()))
                .put("booked", r.getUUID("meeting_id") != null);
            if (r.getUUID("meeting_id") != null) item.put("meetingId", r.getUUID("meeting_id").toString());
            if (r.getOffsetDateTime("nudged_at") != null) item.put("nudgedAt", r.getOffsetDateTime("nudged_at").toInstant().toString());
            items.add(item);
          }
          return new JsonObject().put("items", items);
        });
  }

  /** A push to every family in the round who has not booked (once a day at most per pupil). */
  Future<JsonObject> nudge(Caller caller, UUID roundId) {
    Instant now = clock.instant();
    return requireRound(pool, caller, roundId).compose(r -> {
      if (!now.isBefore(r.getOffsetDateTime("booking_closes_at").toInstant())) {
        return Future.failedFuture(Problem.conflict("Booking has closed for this round."));
      }
      return pool.withTransaction(tx -> tx.preparedQuery("""
              WITH unbooked AS (
                UPDATE round_pupil rp SET nudged_at = $2::timestamptz WHERE rp.round_id = $1::uuid
                  AND (rp.nudged_at IS NULL OR rp.nudged_at < $2::timestamptz - interval '1 day')
                  AND NOT EXISTS (SELECT 1 FROM meeting m WHERE m.round_id = rp.round_id AND m.pupil_id = rp.pupil_id AND m.status <> 'cancelled')
                RETURNING rp.pupil_id, rp.school_id),
              pushed AS (
                INSERT INTO notification_outbox (school_id, user_id, kind, ref_id, urgent, collapse_key, created_at, due_at)
                SELECT u.school_id, l.parent_id, 'meeting-nudge', $1::uuid, false, 'round-' || $1::text, $2::timestamptz, $2::timestamptz
                FROM unbooked u JOIN parent_link l ON l.pupil_id = u.pupil_id AND NOT l.contact_blocked
                RETURNING 1)
              SELECT count(*) FROM pushed""")
          .execute(Tuple.of(roundId, Requests.utc(now))))
          .map(rows -> new JsonObject().put("nudged", rows.iterator().next().getLong(0)));
    });
  }

  /** The three-meetings promise for the school year (September to August), those falling short first. */
  Future<JsonObject> coverage(Caller caller) {
    caller.requireStaff(Role.SENCO);
    return pool.preparedQuery("SELECT time_zone FROM school WHERE id = $1").execute(Tuple.of(caller.schoolId())).compose(z -> {
      LocalDate today = clock.instant().atZone(ZoneId.of(z.iterator().next().getString(0))).toLocalDate();
      LocalDate yearStarts = LocalDate.of(today.getMonthValue() >= 9 ? today.getYear() : today.getYear() - 1, 9, 1);
      return pool.preparedQuery("""
              SELECT p.id, coalesce(p.preferred_name, p.first_name) || ' ' || p.last_name AS name, p.sen_status,
                     (SELECT count(*) FROM meeting m WHERE m.pupil_id = p.id AND m.status = 'held' AND lower(m.during) >= $2) AS held,
                     (SELECT count(*) FROM meeting m WHERE m.pupil_id = p.id AND m.status = 'booked' AND lower(m.during) >= $2) AS booked,
                     CASE WHEN p.sen_status = 'ehc-plan' THEN coalesce(
                       (SELECT (max(a.meeting_at) + make_interval(months => max(a.interval_months)))::date FROM annual_review a
                        WHERE a.pupil_id = p.id AND %s),
                       (SELECT (max(h.plan_issued_on) + interval '12 months')::date FROM sen_status_change h WHERE h.pupil_id = p.id)) END AS due_by
              FROM pupil p WHERE p.school_id = $1 AND p.active AND p.sen_status IN ('sen-support', 'ehc-plan')""".formatted(AnnualReviews.STANDING))
          .execute(Tuple.of(caller.schoolId(), yearStarts.atStartOfDay(ZoneId.of(z.iterator().next().getString(0))).toOffsetDateTime()))
          .map(rows -> {
            List<JsonObject> items = new ArrayList<>();
            for (Row r : rows) {
              long held = r.getLong("held");
              long booked = r.getLong("booked");
              JsonObject item = new JsonObject()
                  .put("pupil", new JsonObject().put("id", r.getUUID("id").toString()).put("name", r.getString("name")))
                  .put("senStatus", r.getString("sen_status")).put("held", held).put("booked", booked)
                  .put("stillNeeded", Math.max(0, 3 - held - booked));
              if (r.getLocalDate("due_by") != null) item.put("annualReviewDueBy", r.getLocalDate("due_by").toString());
              items.add(item);
            }
            items.sort(Comparator.comparing((JsonObject i) -> -i.getLong("stillNeeded")).thenComparing(i -> i.getJsonObject("pupil").getString("name")));
            return new JsonObject().put("schoolYearStarts", yearStarts.toString()).put("items", new JsonArray(items));
          });
    });
  }

  private static JsonObject round(Row r) {
    return new JsonObject().put("id", r.getUUID("id").toString()).put("name", r.getString("name")).put("slotMinutes", r.getInteger("slot_minutes"))
        .put("bookingOpensAt", r.getOffsetDateTime("booking_opens_at").toInstant().toString())
        .put("bookingClosesAt", r.getOffsetDateTime("booking_closes_at").toInstant().toString());
  }

  private static JsonObject window(Row r) {
    return new JsonObject().put("id", r.getUUID("id").toString()).put("staffId", r.getUUID("staff_id").toString())
        .put("startsAt", r.getOffsetDateTime("starts_at").toInstant().toString()).put("endsAt", r.getOffsetDateTime("ends_at").toInstant().toString())
        .put("place", r.getString("place")).put("placeKind", r.getString("place_kind"));
  }
}
