package app.tandem.meetings;

import app.tandem.access.Access;
import app.tandem.meetings.Slots.SlotRef;
import app.tandem.platform.Caller;
import app.tandem.platform.Problem;
import app.tandem.platform.ProblemType;
import app.tandem.push.Outbox;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;

/**
 * Booking, moving and cancelling review meetings, and what was agreed at them. PostgreSQL's
 * exclusion constraints are the last word on double booking: whatever two parents do at the same
 * moment, a member of staff, a room and a pupil are never in two meetings at once, and the loser
 * gets a 409 with nothing half-booked.
 */
final class MeetingService {
    private static final String REMINDER = "meeting-reminder";
    private static final String SLOT_TAKEN = "That time has just been taken. Please choose another.";
    private final Vertx vertx;
    private final Pool pool;
    private final MeetingStore store;
    private final Access access;
    private final Clock clock;

    MeetingService(Vertx vertx, Pool pool, MeetingStore store, Access access, Clock clock) {
        this.vertx = vertx;
        this.pool = pool;
        this.store = store;
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
        return access.require(caller, pupilId, Access.Action.BOOK)
                .compose(pupil -> taken(
                        pool.withTransaction(tx -> insert(tx, caller, pupilId, slot, body.getString("note"), now)),
                        SLOT_TAKEN))
                .compose(id -> one(id));
    }

    Future<JsonObject> reschedule(Caller caller, UUID meetingId, String slotId) {
        SlotRef slot = Slots.decode(slotId, "body.slotId");
        Instant now = clock.instant();
        return changeable(caller, meetingId, now)
                .compose(m -> {
                    if (m.getString("kind").equals("annual-review")) {
                        return Future.failedFuture(Problem.conflict(
                                "An annual review has no slots to move to; cancel it and schedule a new one."));
                    }
                    return taken(
                            pool.withTransaction(tx -> cancelIn(tx, meetingId, now)
                                    .compose(v ->
                                            insert(tx, caller, m.getUUID("pupil_id"), slot, m.getString("note"), now))),
                            SLOT_TAKEN);
                })
                .compose(this::one);
    }

    Future<JsonObject> cancel(Caller caller, UUID meetingId) {
        Instant now = clock.instant();
        return changeable(caller, meetingId, now)
                .compose(m -> pool.withTransaction(tx -> cancelIn(tx, meetingId, now)))
                .compose(v -> one(meetingId));
    }

    /** A booked meeting the caller may change now: parents until the round's booking window closes. */
    private Future<Row> changeable(Caller caller, UUID meetingId, Instant now) {
        return store.withRound(pool, meetingId, caller.schoolId()).compose(m -> {
            if (m == null) return Future.failedFuture(Problem.notFound());
            return access.require(caller, m.getUUID("pupil_id"), Access.Action.BOOK)
                    .compose(p -> {
                        if (!m.getString("status").equals("booked"))
                            return Future.failedFuture(
                                    Problem.conflict("This meeting is " + m.getString("status") + "."));
                        if (caller.kind() == Caller.Kind.PARENT
                                && m.getString("kind").equals("annual-review")) {
                            return Future.failedFuture(
                                    Problem.conflict(
                                            "The annual review is arranged by the school; please message the SENCO to change it."));
                        }
                        if (caller.kind() == Caller.Kind.PARENT
                                && m.getOffsetDateTime("booking_closes_at") != null
                                && !now.isBefore(
                                        m.getOffsetDateTime("booking_closes_at").toInstant())) {
                            return Future.failedFuture(Problem.conflict(
                                    "Booking has closed; please message the school to change this meeting."));
                        }
                        return Future.succeededFuture(m);
                    });
        });
    }

    private Future<UUID> insert(SqlClient tx, Caller caller, UUID pupilId, SlotRef slot, String note, Instant now) {
        return store.roundPupil(tx, slot.roundId(), pupilId).compose(round -> {
            if (round == null)
                return Future.failedFuture(Problem.invalid("body.slotId", "is not a slot for this pupil."));
            if (now.isBefore(round.getOffsetDateTime("booking_opens_at").toInstant())) {
                return Future.failedFuture(Problem.conflict("Booking opens at "
                        + round.getOffsetDateTime("booking_opens_at").toInstant() + "."));
            }
            if (!now.isBefore(round.getOffsetDateTime("booking_closes_at").toInstant())) {
                return Future.failedFuture(Problem.conflict("Booking has closed for this round."));
            }
            return Slots.stillFree(tx, pupilId, slot, now)
                    .compose(free -> free != null
                            ? Future.succeededFuture(free)
                            : store.offered(tx, slot, round.getArrayOfUUIDs("staff_ids")[0])
                                    .compose(wasOffered -> Future.<Row>failedFuture(
                                            wasOffered
                                                    ? Problem.conflict(
                                                            "That time has just been taken. Please choose another.")
                                                    : Problem.invalid(
                                                            "body.slotId", "is not a time the school offered."))))
                    .compose(free -> {
                        UUID forParent = round.getBoolean("separate_meetings") && caller.kind() == Caller.Kind.PARENT
                                ? caller.subject()
                                : null;
                        return arrange(
                                tx,
                                new MeetingStore.Arrangement(
                                        round.getUUID("school_id"),
                                        slot.roundId(),
                                        pupilId,
                                        "review",
                                        free.getOffsetDateTime("starts_at").toInstant(),
                                        free.getOffsetDateTime("ends_at").toInstant(),
                                        free.getString("place"),
                                        free.getString("place_kind"),
                                        forParent,
                                        note,
                                        caller.subject(),
                                        round.getArrayOfUUIDs("staff_ids")),
                                now);
                    });
        });
    }

    /**
     * Writes a meeting, its staff and its reminders in the caller's transaction. The exclusion
     * constraints refuse an overlap for the pupil, any of the staff or the room; see {@link #taken}.
     */
    Future<UUID> arrange(SqlClient tx, MeetingStore.Arrangement a, Instant now) {
        return store.insert(tx, a, now).compose(id -> remind(tx, a.schoolId(), id, a.pupilId(), a.startsAt(), now)
                .map(id));
    }

    /** Reminders the day before and the hour before, to the pupil's parents (ids only, like every push). */
    private static Future<Void> remind(
            SqlClient tx, UUID schoolId, UUID meetingId, UUID pupilId, Instant starts, Instant now) {
        return Outbox.toParents(
                        tx,
                        schoolId,
                        Outbox.Notification.of(REMINDER, meetingId, "meeting"),
                        List.of(pupilId),
                        List.of(starts.minus(Duration.ofDays(1)), starts.minus(Duration.ofHours(1))),
                        now)
                .mapEmpty();
    }

    private Future<Void> cancelIn(SqlClient tx, UUID meetingId, Instant now) {
        return store.cancel(tx, meetingId, now)
                .compose(v -> Outbox.cancel(tx, REMINDER, meetingId))
                .mapEmpty();
    }

    /** Double booking refused by the database: a clear 409, and the transaction has changed nothing. */
    static <T> Future<T> taken(Future<T> work, String detail) {
        return work.recover(ex ->
                ex instanceof PgException pg && ("23P01".equals(pg.getSqlState()) || "23505".equals(pg.getSqlState()))
                        ? Future.failedFuture(Problem.conflict(detail))
                        : Future.failedFuture(ex));
    }

    Future<JsonObject> mine(Caller caller) {
        if (caller.kind() == Caller.Kind.PUPIL)
            throw new Problem(ProblemType.FORBIDDEN, "Pupils' meetings are arranged by the school.");
        return store.mine(
                        pool,
                        caller.subject(),
                        caller.schoolId(),
                        caller.isStaff(),
                        clock.instant().minus(Duration.ofDays(30)))
                .map(items -> new JsonObject().put("items", items));
    }

    Future<JsonObject> get(Caller caller, UUID meetingId) {
        return visible(caller, meetingId).compose(v -> one(meetingId));
    }

    private Future<Row> visible(Caller caller, UUID meetingId) {
        return store.forCalendar(pool, meetingId, caller.schoolId())
                .compose(m -> m == null
                        ? Future.failedFuture(Problem.notFound())
                        : access.require(caller, m.getUUID("pupil_id"), Access.Action.READ_RECORD)
                                .map(m));
    }

    Future<String> calendar(Caller caller, UUID meetingId) {
        return visible(caller, meetingId)
                .compose(m -> vertx.executeBlocking(
                        () -> Calendars.meeting(
                                meetingId,
                                m.getOffsetDateTime("starts_at").toInstant(),
                                m.getOffsetDateTime("ends_at").toInstant(),
                                ZoneId.of(m.getString("time_zone")),
                                (m.getString("kind").equals("annual-review")
                                                ? "Annual review meeting about "
                                                : "Review meeting about ")
                                        + m.getString("first_name"),
                                m.getString("place"),
                                "Your review meeting with the school. Open Tandem for details."),
                        false));
    }

    Future<JsonObject> record(Caller caller, UUID meetingId, JsonObject body) {
        caller.requireStaff();
        Instant now = clock.instant();
        return visible(caller, meetingId)
                .compose(m -> access.require(caller, m.getUUID("pupil_id"), Access.Action.WRITE_RECORD)
                        .compose(p -> {
                            if (m.getString("status").equals("cancelled"))
                                return Future.failedFuture(Problem.conflict("This meeting was cancelled."));
                            if (m.getOffsetDateTime("starts_at").toInstant().isAfter(now))
                                return Future.failedFuture(Problem.conflict("This meeting has not happened yet."));
                            return pool.withTransaction(tx -> store.recordOutcome(
                                            tx, meetingId, body.getString("agreed"), body.getString("actions"), now)
                                    .compose(v -> Outbox.toParents(
                                            tx,
                                            caller.schoolId(),
                                            Outbox.Notification.of("meeting-record", meetingId, "meeting"),
                                            List.of(m.getUUID("pupil_id")),
                                            List.of(now),
                                            now)));
                        }))
                .compose(v -> one(meetingId));
    }

    private Future<JsonObject> one(UUID meetingId) {
        return store.one(pool, meetingId);
    }
}
