package app.tandem.meetings;

import app.tandem.access.Access;
import app.tandem.meetings.SlotStore.SlotRef;
import app.tandem.platform.Caller;
import app.tandem.platform.Caller.Role;
import app.tandem.platform.Problem;
import app.tandem.platform.ProblemType;
import app.tandem.platform.SqlJson;
import app.tandem.push.Outbox;
import app.tandem.voice.Voice;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
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
 * Booking, moving and cancelling review meetings, and what was agreed at them. A meeting keeps its
 * id (and its calendar UID) from booking to the end: a move raises its sequence, a cancellation by
 * the school tells the family, and a correction of what was agreed keeps the earlier version.
 */
final class MeetingService {
    private final Vertx vertx;
    private final Pool pool;
    private final MeetingStore store;
    private final Bookings bookings;
    private final Access access;
    private final ReviewInvitations invitations;
    private final Clock clock;

    MeetingService(
            Vertx vertx, Pool pool, MeetingStore store, Access access, ReviewInvitations invitations, Clock clock) {
        this.vertx = vertx;
        this.pool = pool;
        this.store = store;
        this.bookings = new Bookings(store);
        this.access = access;
        this.invitations = invitations;
        this.clock = clock;
    }

    /** Free slots, and the meetings the pupil already has in those rounds (one a round: move it rather than book again). */
    Future<SqlJson> slots(Caller caller, UUID pupilId, UUID roundId) {
        Instant now = clock.instant();
        return access.require(caller, pupilId, Access.Action.BOOK)
                .compose(p -> SlotStore.free(pool, pupilId, roundId, now))
                .compose(items -> store.bookedInOpenRounds(pool, pupilId, roundId, now)
                        .map(booked -> new JsonObject().put("items", items).put("booked", booked)))
                .map(SqlJson::new);
    }

    Future<SqlJson> book(Caller caller, MeetingRequests.Booking body) {
        UUID pupilId = body.pupilId();
        SlotRef slot = body.slot();
        Instant now = clock.instant();
        return access.require(caller, pupilId, Access.Action.BOOK)
                .compose(pupil -> bookings.place(pool, caller, pupilId, slot, body.note(), now, true))
                .compose(a ->
                        Bookings.taken(pool.withTransaction(tx -> bookings.arrange(tx, a, now)), Bookings.SLOT_TAKEN))
                .compose(this::one);
    }

    Future<SqlJson> reschedule(Caller caller, UUID meetingId, String slotId) {
        SlotRef slot = SlotStore.decode(slotId, "body.slotId");
        Instant now = clock.instant();
        return changeable(caller, meetingId, now)
                .compose(m -> {
                    if (m.getString("kind").equals("annual-review")) {
                        return Future.failedFuture(Problem.conflict(
                                "An annual review has no slots to move to; cancel it and schedule a new one."));
                    }
                    UUID pupilId = m.getUUID("pupil_id");
                    // Released first, so its own time does not stand in the way of a nearby slot.
                    return Bookings.taken(
                            pool.withTransaction(tx -> store.release(tx, meetingId)
                                    .compose(v ->
                                            bookings.place(tx, caller, pupilId, slot, m.getString("note"), now, false))
                                    .compose(to -> bookings.move(tx, meetingId, to, now))),
                            Bookings.SLOT_TAKEN);
                })
                .compose(v -> one(meetingId));
    }

    /**
     * Cancels a booked meeting; when the school cancels, the family is told (with the reason, if
     * given). An annual review's meeting is the SENCO's (or an admin's) to cancel, and its invitees'
     * calendars get the cancellation.
     */
    Future<SqlJson> cancel(Caller caller, UUID meetingId, String reason) {
        Instant now = clock.instant();
        return changeable(caller, meetingId, now)
                .compose(m -> {
                    boolean review = m.getString("kind").equals("annual-review");
                    if (review && !caller.has(Role.SENCO) && !caller.has(Role.ADMIN))
                        return Future.failedFuture(
                                Problem.forbidden("Only the SENCO or an admin cancels the annual review."));
                    return Future.succeededFuture(m);
                })
                .compose(m -> pool.withTransaction(tx -> store.cancel(tx, meetingId, reason, now)
                        .compose(v -> Outbox.cancel(tx, Bookings.REMINDER, meetingId))
                        .compose(v -> m.getString("kind").equals("annual-review")
                                ? invitations.cancelled(tx, meetingId, now)
                                : Future.succeededFuture())
                        .compose(v -> !caller.isStaff()
                                ? Future.succeededFuture()
                                : Outbox.toParentsNow(
                                        tx,
                                        caller.schoolId(),
                                        Outbox.Notification.of("meeting-cancelled", meetingId, "meeting"),
                                        Access.Action.BOOK,
                                        m.getUUID("pupil_id"),
                                        now))))
                .compose(v -> one(meetingId));
    }

    /** Writes a meeting arranged by the school (an annual review) with its staff and reminders. */
    Future<UUID> arrange(SqlClient tx, MeetingStore.Arrangement a, Instant now) {
        return bookings.arrange(tx, a, now);
    }

    /** A booked meeting the caller may change now: parents until the round's booking window closes. */
    private Future<Row> changeable(Caller caller, UUID meetingId, Instant now) {
        return store.withRound(pool, meetingId, caller.schoolIds()).compose(m -> {
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

    Future<SqlJson> mine(Caller caller) {
        if (caller.kind() == Caller.Kind.PUPIL)
            throw new Problem(ProblemType.FORBIDDEN, "Pupils' meetings are arranged by the school.");
        Instant now = clock.instant();
        return store.mine(
                        pool,
                        caller.subject(),
                        caller.schoolIds(),
                        caller.isStaff(),
                        now.minus(Duration.ofDays(30)),
                        now)
                .map(SqlJson::items);
    }

    Future<SqlJson> get(Caller caller, UUID meetingId) {
        return visible(caller, meetingId).compose(v -> one(meetingId));
    }

    private Future<Row> visible(Caller caller, UUID meetingId) {
        return store.forCalendar(pool, meetingId, caller.schoolIds())
                .compose(m -> m == null
                        ? Future.failedFuture(Problem.notFound())
                        : access.require(caller, m.getUUID("pupil_id"), Access.Action.READ_RECORD)
                                .map(m));
    }

    Future<String> calendar(Caller caller, UUID meetingId) {
        return visible(caller, meetingId)
                .compose(m -> vertx.executeBlocking(
                        () -> Calendars.meeting(
                                new Calendars.Event(
                                        meetingId,
                                        m.getInteger("sequence"),
                                        m.getString("status").equals("cancelled"),
                                        m.getOffsetDateTime("starts_at").toInstant(),
                                        m.getOffsetDateTime("ends_at").toInstant(),
                                        ZoneId.of(m.getString("time_zone")),
                                        (m.getString("kind").equals("annual-review")
                                                        ? "Annual review meeting about "
                                                        : "Review meeting about ")
                                                + m.getString("first_name"),
                                        m.getString("place"),
                                        "Your review meeting with the school. Open Tandem for details."),
                                invitations.organizer(m.getString("school_name"))),
                        false));
    }

    /** Records what was agreed and tells the family; recording again corrects it, keeping the earlier version. */
    Future<SqlJson> record(Caller caller, UUID meetingId, MeetingRequests.Record body) {
        caller.requireStaff();
        Instant now = clock.instant();
        return visible(caller, meetingId)
                .compose(m -> access.require(caller, m.getUUID("pupil_id"), Access.Action.WRITE_RECORD)
                        .compose(p -> {
                            if (m.getString("status").equals("cancelled"))
                                return Future.failedFuture(Problem.conflict("This meeting was cancelled."));
                            if (m.getOffsetDateTime("starts_at").toInstant().isAfter(now))
                                return Future.failedFuture(Problem.conflict("This meeting has not happened yet."));
                            List<UUID> cited = body.citedViewIds();
                            return pool.withTransaction(tx -> Voice.requireViewsOf(
                                            tx, m.getUUID("pupil_id"), cited, "body.citedViewIds")
                                    .compose(ok -> store.recordOutcome(
                                            tx, meetingId, body.agreed(), body.actions(), cited, caller.subject(), now))
                                    .compose(v -> Outbox.toParentsNow(
                                            tx,
                                            caller.schoolId(),
                                            Outbox.Notification.of("meeting-record", meetingId, "meeting"),
                                            Access.Action.READ_RECORD,
                                            m.getUUID("pupil_id"),
                                            now)));
                        }))
                .compose(v -> one(meetingId));
    }

    private Future<SqlJson> one(UUID meetingId) {
        return store.one(pool, meetingId).map(SqlJson::new);
    }
}
