package app.tandem.meetings;

import app.tandem.access.Access;
import app.tandem.meetings.Slots.SlotRef;
import app.tandem.platform.Caller;
import app.tandem.platform.Problem;
import app.tandem.platform.ProblemType;
import app.tandem.platform.Requests;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.UUID;

/**
 * Booking, moving and cancelling review meetings, and what was agreed at them. PostgreSQL's
 * exclusion constraints are the last word on double booking: whatever two parents do at the same
 * moment, a member of staff, a room and a pupil are never in two meetings at once, and the loser
 * gets a 409 with nothing half-booked.
 */
final class MeetingService {
  private static final String SLOT_TAKEN = "That time has just been taken. Please choose another.";
  static final String MEETING_JSON = """
      json_strip_nulls(json_build_object('id', m.id, 'roundId', m.round_id,
        'pupil', json_build_object('id', p.id, 'name', coalesce(p.preferred_name, p.first_name) || ' ' || p.last_name),
        'kind', m.kind, 'startsAt', lower(m.during), 'endsAt', upper(m.during), 'place', m.place, 'placeKind', m.place_kind,
        'status', m.status, 'note', m.note, 'agreed', m.agreed, 'actions', m.actions, 'recordedAt', m.recorded_at,
        'staff', (SELECT coalesce(json_agg(json_build_object('id', u.id, 'displayName', u.display_name) ORDER BY u.display_name), '[]'::json)
                  FROM meeting_staff ms JOIN app_user u ON u.id = ms.staff_id WHERE ms.meeting_id = m.id))) AS meeting""";

  private final Vertx vertx;
  private final Pool pool;
  private final Access access;
  private final Clock clock;

  MeetingService(Vertx vertx, Pool pool, Access access, Clock clock) {
    this.vertx = vertx;
    this.pool = pool;
    this.access = access;
    this.clock = clock;
  }

  Future<JsonObject> slots(Caller caller, UUID pupilId, UUID roundId) {
    return access.require(caller, pupilId, Access.Action.BOOK)
        .compose(p -> Slots.free(pool, pupilId, roundId, clock.instant()))
        .map(items -> new JsonObject().put("items", items));
  }

  Future<JsonObject> book(Caller caller, JsonObject body) {
    UUID pupilId = UUID.fromString(body.getString("pupilId"));
    SlotRef slot = Slots.decode(body.getString("slotId"), "body.slotId");
    Instant now = clock.instant();
    return access.require(caller, pupilId, Access.Action.BOOK).compose(pupil -> taken(pool.withTransaction(tx ->
        insert(tx, caller, pupilId, slot, body.getString("note"), now)), SLOT_TAKEN))
        .compose(id -> one(id));
  }

  Future<JsonObject> reschedule(Caller caller, UUID meetingId, String slotId) {
    SlotRef slot = Slots.decode(slotId, "body.slotId");
    Instant now = clock.instant();
    return changeable(caller, meetingId, now).compose(m -> {
      if (m.getString("kind").equals("annual-review")) {
        return Future.failedFuture(Problem.conflict("An annual review has no slots to move to; cancel it and schedule a new one."));
      }
      return taken(pool.withTransaction(tx -> cancelIn(tx, meetingId, now)
          .compose(v -> insert(tx, caller, m.getUUID("pupil_id"), slot, m.getString("note"), now))), SLOT_TAKEN);
    })
        .compose(this::one);
  }

  Future<JsonObject> cancel(Caller caller, UUID meetingId) {
    Instant now = clock.instant();
    return changeable(caller, meetingId, now).compose(m -> pool.withTransaction(tx -> cancelIn(tx, meetingId, now)))
        .compose(v -> one(meetingId));
  }

  /** A booked meeting the caller may change now: parents until the round's booking window closes. */
  private Future<Row> changeable(Caller caller, UUID meetingId, Instant now) {
    return pool.preparedQuery("""
            SELECT m.pupil_id, m.kind, m.status, m.note, r.booking_closes_at FROM meeting m LEFT JOIN review_round r ON r.id = m.round_id
            WHERE m.id = $1 AND m.school_id = $2""")
        .execute(Tuple.of(meetingId, caller.schoolId()))
        .compose(rows -> {
          if (rows.size() == 0) return Future.failedFuture(Problem.notFound());
          Row m = rows.iterator().next();
          return access.require(caller, m.getUUID("pupil_id"), Access.Action.BOOK).compose(p -> {
            if (!m.getString("status").equals("booked")) return Future.failedFuture(Problem.conflict("This meeting is " + m.getString("status") + "."));
            if (caller.kind() == Caller.Kind.PARENT && m.getString("kind").equals("annual-review")) {
              return Future.failedFuture(Problem.conflict("The annual review is arranged by the school; please message the SENCO to change it."));
            }
            if (caller.kind() == Caller.Kind.PARENT && m.getOffsetDateTime("booking_closes_at") != null
                && !now.isBefore(m.getOffsetDateTime("booking_closes_at").toInstant())) {
              return Future.failedFuture(Problem.conflict("Booking has closed; please message the school to change this meeting."));
            }
            return Future.succeededFuture(m);
          });
        });
  }

  private Future<UUID> insert(SqlClient tx, Caller caller, UUID pupilId, SlotRef slot, String note, Instant now) {
    return tx.preparedQuery("""
            SELECT r.booking_opens_at, r.booking_closes_at, p.staff_ids, p.separate_meetings, p.school_id
            FROM review_round r JOIN round_pupil p ON p.round_id = r.id WHERE r.id = $1 AND p.pupil_id = $2""")
        .execute(Tuple.of(slot.roundId(), pupilId))
        .compose(rows -> {
          if (rows.size() == 0) return Future.failedFuture(Problem.invalid("body.slotId", "is not a slot for this pupil."));
          Row round = rows.iterator().next();
          if (now.isBefore(round.getOffsetDateTime("booking_opens_at").toInstant())) {
            return Future.failedFuture(Problem.conflict("Booking opens at " + round.getOffsetDateTime("booking_opens_at").toInstant() + "."));
          }
          if (!now.isBefore(round.getOffsetDateTime("booking_closes_at").toInstant())) {
            return Future.failedFuture(Problem.conflict("Booking has closed for this round."));
          }
          return Slots.stillFree(tx, pupilId, slot, now).compose(free -> free != null ? Future.succeededFuture(free)
              : offered(tx, slot, round.getArrayOfUUIDs("staff_ids")[0]).compose(wasOffered -> Future.<Row>failedFuture(wasOffered
                  ? Problem.conflict("That time has just been taken. Please choose another.")
                  : Problem.invalid("body.slotId", "is not a time the school offered."))))
          .compose(free -> {
            UUID forParent = round.getBoolean("separate_meetings") && caller.kind() == Caller.Kind.PARENT ? caller.subject() : null;
            return arrange(tx, new Arrangement(round.getUUID("school_id"), slot.roundId(), pupilId, "review",
                free.getOffsetDateTime("starts_at").toInstant(), free.getOffsetDateTime("ends_at").toInstant(), free.getString("place"),
                free.getString("place_kind"), forParent, note, caller.subject(), round.getArrayOfUUIDs("staff_ids")), now);
          });
        });
  }

  /** A meeting to put in the diary: who it is about, when, where, and the staff who must attend. */
  record Arrangement(UUID schoolId, UUID roundId, UUID pupilId, String kind, Instant startsAt, Instant endsAt, String place,
                     String placeKind, UUID forParent, String note, UUID bookedBy, UUID[] staffIds) {}

  /**
   * Writes a meeting, its staff and its reminders in the caller's transaction. The exclusion
   * constraints refuse an overlap for the pupil, any of the staff or the room; see {@link #taken}.
   */
  static Future<UUID> arrange(SqlClient tx, Arrangement a, Instant now) {
    return tx.preparedQuery("""
            INSERT INTO meeting (school_id, round_id, pupil_id, kind, during, place, place_kind, for_parent, note, booked_by, created_at)
            VALUES ($1, $2, $3, $4, tstzrange($5, $6, '[)'), $7, $8, $9, $10, $11, $12) RETURNING id""")
        .execute(Tuple.from(new Object[] {a.schoolId(), a.roundId(), a.pupilId(), a.kind(), Requests.utc(a.startsAt()), Requests.utc(a.endsAt()),
            a.place(), a.placeKind(), a.forParent(), a.note(), a.bookedBy(), Requests.utc(now)}))
        .compose(ins -> {
          UUID id = ins.iterator().next().getUUID("id");
          return tx.preparedQuery("""
                  INSERT INTO meeting_staff (meeting_id, staff_id, during)
                  SELECT m.id, s, m.during FROM meeting m, unnest($2::uuid[]) AS s WHERE m.id = $1""")
              .execute(Tuple.tuple().addUUID(id).addArrayOfUUID(a.staffIds()))
              .compose(v -> remind(tx, id, a.pupilId(), a.startsAt(), now))
              .map(id);
        });
  }

  /** Whether the time was ever offered: inside the first required person's availability in the round. */
  private static Future<Boolean> offered(SqlClient tx, SlotRef slot, UUID firstStaff) {
    return tx.preparedQuery("""
            SELECT 1 FROM availability a JOIN review_round r ON r.id = a.round_id
            WHERE a.round_id = $1 AND a.staff_id = $2
              AND a.during @> tstzrange($3::timestamptz, $3::timestamptz + r.slot_minutes * interval '1 minute', '[)')
              AND mod(extract(epoch FROM $3::timestamptz - lower(a.during))::bigint, r.slot_minutes * 60) = 0""")
        .execute(Tuple.of(slot.roundId(), firstStaff, Requests.utc(slot.startsAt()))).map(rows -> rows.size() > 0);
  }

  /** Reminders the day before and the hour before, to the pupil's parents (ids only, like every push). */
  private static Future<Void> remind(SqlClient tx, UUID meetingId, UUID pupilId, Instant starts, Instant now) {
    return tx.preparedQuery("""
            INSERT INTO notification_outbox (school_id, user_id, kind, ref_id, urgent, collapse_key, created_at, due_at)
            SELECT p.school_id, l.parent_id, 'meeting-reminder', $1::uuid, false, 'meeting-' || $1::text, $3::timestamptz, d.due
            FROM pupil p JOIN parent_link l ON l.pupil_id = p.id AND NOT l.contact_blocked
            CROSS JOIN unnest(ARRAY[$4::timestamptz - interval '1 day', $4::timestamptz - interval '1 hour']) AS d (due)
            WHERE p.id = $2::uuid AND d.due > $3::timestamptz""")
        .execute(Tuple.of(meetingId, pupilId, Requests.utc(now), Requests.utc(starts))).mapEmpty();
  }

  private static Future<Void> cancelIn(SqlClient tx, UUID meetingId, Instant now) {
    return tx.preparedQuery("UPDATE meeting SET status = 'cancelled', cancelled_at = $2 WHERE id = $1 AND status = 'booked'")
        .execute(Tuple.of(meetingId, Requests.utc(now)))
        .compose(v -> tx.preparedQuery("UPDATE meeting_staff SET cancelled = true WHERE meeting_id = $1").execute(Tuple.of(meetingId)))
        .compose(v -> tx.preparedQuery("DELETE FROM notification_outbox WHERE ref_id = $1 AND kind = 'meeting-reminder' AND sent_at IS NULL")
            .execute(Tuple.of(meetingId)))
        .mapEmpty();
  }

  /** Double booking refused by the database: a clear 409, and the transaction has changed nothing. */
  static <T> Future<T> taken(Future<T> work, String detail) {
    return work.recover(ex -> ex instanceof PgException pg && ("23P01".equals(pg.getSqlState()) || "23505".equals(pg.getSqlState()))
        ? Future.failedFuture(Problem.conflict(detail))
        : Future.failedFuture(ex));
  }

  Future<JsonObject> mine(Caller caller) {
    if (caller.kind() == Caller.Kind.PUPIL) throw new Problem(ProblemType.FORBIDDEN, "Pupils' meetings are arranged by the school.");
    String who = caller.isStaff()
        ? "EXISTS (SELECT 1 FROM meeting_staff s WHERE s.meeting_id = m.id AND s.staff_id = $1 AND NOT s.cancelled)"
        : "EXISTS (SELECT 1 FROM parent_link l WHERE l.pupil_id = m.pupil_id AND l.parent_id = $1 AND NOT l.contact_blocked)";
    return pool.preparedQuery("SELECT " + MEETING_JSON + " FROM meeting m JOIN pupil p ON p.id = m.pupil_id WHERE m.school_id = $2 AND "
            + who + " AND m.status <> 'cancelled' AND upper(m.during) > $3 ORDER BY lower(m.during) LIMIT 200")
        .execute(Tuple.of(caller.subject(), caller.schoolId(), Requests.utc(clock.instant().minus(Duration.ofDays(30)))))
        .map(rows -> {
          JsonArray items = new JsonArray();
          for (Row r : rows) items.add(Meetings.utc(r.getValue("meeting")));
          return new JsonObject().put("items", items);
        });
  }

  Future<JsonObject> get(Caller caller, UUID meetingId) {
    return visible(caller, meetingId).compose(v -> one(meetingId));
  }

  private Future<Row> visible(Caller caller, UUID meetingId) {
    return pool.preparedQuery("""
            SELECT m.pupil_id, m.kind, m.status, lower(m.during) AS starts_at, upper(m.during) AS ends_at, m.place, s.time_zone,
                   coalesce(p.preferred_name, p.first_name) AS first_name
            FROM meeting m JOIN school s ON s.id = m.school_id JOIN pupil p ON p.id = m.pupil_id WHERE m.id = $1 AND m.school_id = $2""")
        .execute(Tuple.of(meetingId, caller.schoolId()))
        .compose(rows -> rows.size() == 0 ? Future.failedFuture(Problem.notFound())
            : access.require(caller, rows.iterator().next().getUUID("pupil_id"), Access.Action.READ_RECORD).map(rows.iterator().next()));
  }

  Future<String> calendar(Caller caller, UUID meetingId) {
    return visible(caller, meetingId).compose(m -> vertx.executeBlocking(() -> Calendars.meeting(meetingId,
        m.getOffsetDateTime("starts_at").toInstant(), m.getOffsetDateTime("ends_at").toInstant(), ZoneId.of(m.getString("time_zone")),
        (m.getString("kind").equals("annual-review") ? "Annual review meeting about " : "Review meeting about ") + m.getString("first_name"),
        m.getString("place"),
        "Your review meeting with the school. Open Tandem for details."), false));
  }

  Future<JsonObject> record(Caller caller, UUID meetingId, JsonObject body) {
    caller.requireStaff();
    Instant now = clock.instant();
    return visible(caller, meetingId).compose(m -> access.require(caller, m.getUUID("pupil_id"), Access.Action.WRITE_RECORD).compose(p -> {
      if (m.getString("status").equals("cancelled")) return Future.failedFuture(Problem.conflict("This meeting was cancelled."));
      if (m.getOffsetDateTime("starts_at").toInstant().isAfter(now)) return Future.failedFuture(Problem.conflict("This meeting has not happened yet."));
      return pool.withTransaction(tx -> tx.preparedQuery("""
              UPDATE meeting SET status = 'held', agreed = $2, actions = $3, recorded_at = $4 WHERE id = $1""")
          .execute(Tuple.of(meetingId, body.getString("agreed"), body.getString("actions"), Requests.utc(now)))
          .compose(v -> tx.preparedQuery("""
                  INSERT INTO notification_outbox (school_id, user_id, kind, ref_id, urgent, collapse_key, created_at, due_at)
                  SELECT $2::uuid, l.parent_id, 'meeting-record', $1::uuid, false, 'meeting-' || $1::text, $4::timestamptz, $4::timestamptz
                  FROM parent_link l WHERE l.pupil_id = $3::uuid AND NOT l.contact_blocked""")
              .execute(Tuple.of(meetingId, caller.schoolId(), m.getUUID("pupil_id"), Requests.utc(now)))));
    })).compose(v -> one(meetingId));
  }

  private Future<JsonObject> one(UUID meetingId) {
    return pool.preparedQuery("SELECT " + MEETING_JSON + " FROM meeting m JOIN pupil p ON p.id = m.pupil_id WHERE m.id = $1")
        .execute(Tuple.of(meetingId)).map(rows -> Meetings.utc(rows.iterator().next().getValue("meeting")));
  }
}
