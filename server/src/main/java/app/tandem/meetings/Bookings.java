package app.tandem.meetings;

import app.tandem.access.Access;
import app.tandem.meetings.SlotStore.SlotRef;
import app.tandem.platform.Caller;
import app.tandem.platform.Problem;
import app.tandem.push.Outbox;
import io.vertx.core.Future;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.SqlClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Putting meetings in the diary: a slot taken for a new booking or a move, and every meeting's
 * reminders. PostgreSQL's exclusion constraints are the last word on double booking: whatever two
 * parents do at the same moment, a member of staff, a room and a pupil are never in two meetings at
 * once, and the loser gets a 409 with nothing half-booked.
 */
record Bookings(MeetingStore store) {
    static final String REMINDER = "meeting-reminder";
    static final String SLOT_TAKEN = "That time has just been taken. Please choose another.";

    /**
     * What a slot would put in the diary for this pupil, if it is still theirs to take: the round's
     * window is open, the time was offered and is free for every person and the room, and (for a
     * new booking) the pupil has no meeting in the round yet. One read; a booking makes it before
     * its transaction, so the losers of a race for a slot are told without taking a lock.
     */
    Future<MeetingStore.Arrangement> place(
            SqlClient sql, Caller caller, UUID pupilId, SlotRef slot, String note, Instant now, boolean newBooking) {
        UUID parent = caller.kind() == Caller.Kind.PARENT ? caller.subject() : null;
        return SlotStore.bookable(sql, pupilId, slot, now, parent).compose(round -> {
            if (round == null)
                return Future.failedFuture(Problem.invalid("body.slotId", "is not a slot for this pupil."));
            Instant opens = round.getOffsetDateTime("booking_opens_at").toInstant();
            if (now.isBefore(opens)) return Future.failedFuture(Problem.conflict("Booking opens at " + opens + "."));
            if (!now.isBefore(round.getOffsetDateTime("booking_closes_at").toInstant())) {
                return Future.failedFuture(Problem.conflict("Booking has closed for this round."));
            }
            if (round.getOffsetDateTime("starts_at") == null) {
                return Future.failedFuture(
                        round.getBoolean("offered")
                                ? Problem.conflict(SLOT_TAKEN)
                                : Problem.invalid("body.slotId", "is not a time the school offered."));
            }
            if (newBooking && round.getUUID("booked_id") != null) {
                return Future.failedFuture(Problem.conflict(
                        "This pupil already has a meeting in this round; move it instead of booking another."));
            }
            return Future.succeededFuture(new MeetingStore.Arrangement(
                    round.getUUID("school_id"),
                    slot.roundId(),
                    pupilId,
                    "review",
                    round.getOffsetDateTime("starts_at").toInstant(),
                    round.getOffsetDateTime("ends_at").toInstant(),
                    round.getString("place"),
                    round.getString("place_kind"),
                    round.getBoolean("separate_meetings") ? parent : null,
                    note,
                    caller.subject(),
                    round.getArrayOfUUIDs("staff_ids")));
        });
    }

    /**
     * Writes a meeting, its staff and its reminders in the caller's transaction. The two statements
     * go to PostgreSQL together (the meeting's id is made here, so the reminders need not wait for
     * it): the transaction holds the slot for one round trip, not one a statement. A slot another
     * transaction is taking at this moment, or one the exclusion constraints refuse (an overlap for
     * the pupil, any of the staff or the room), is a 409; see {@link #taken}.
     */
    Future<UUID> arrange(SqlClient tx, MeetingStore.Arrangement a, Instant now) {
        UUID id = UUID.randomUUID();
        Future<Boolean> written = store.insert(tx, id, a, now);
        Future<Integer> reminded = remind(tx, a.schoolId(), id, a.pupilId(), a.startsAt(), now);
        // Both settle before the answer: when the insert is refused the reminders fail only because
        // the transaction has, and the insert's reason is the one to give.
        return Future.join(written, reminded).transform(settled -> {
            if (written.failed()) return Future.failedFuture(written.cause());
            if (reminded.failed()) return Future.failedFuture(reminded.cause());
            return written.result() ? Future.succeededFuture(id) : beingTaken();
        });
    }

    /** Moves a meeting to a new time: same id and calendar UID, a higher sequence, reminders for the new time. */
    Future<Void> move(SqlClient tx, UUID meetingId, MeetingStore.Arrangement to, Instant now) {
        return store.claimSlot(tx, to)
                .compose(claimed -> claimed ? store.move(tx, meetingId, to) : beingTaken())
                .compose(v -> Outbox.cancel(tx, REMINDER, meetingId))
                .compose(v -> remind(tx, to.schoolId(), meetingId, to.pupilId(), to.startsAt(), now)
                        .mapEmpty());
    }

    /** Someone else's transaction is putting this slot in the diary right now. */
    private static <T> Future<T> beingTaken() {
        return Future.failedFuture(Problem.conflict(SLOT_TAKEN));
    }

    /** Reminders the day before and the hour before, to the pupil's parents (ids only, like every push). */
    static Future<Integer> remind(
            SqlClient tx, UUID schoolId, UUID meetingId, UUID pupilId, Instant starts, Instant now) {
        return Outbox.toParents(
                tx,
                schoolId,
                Outbox.Notification.of(REMINDER, meetingId, "meeting"),
                Access.Action.BOOK,
                List.of(pupilId),
                List.of(starts.minus(Duration.ofDays(1)), starts.minus(Duration.ofHours(1))),
                now);
    }

    /**
     * Double booking refused by the database: a clear 409, and the transaction has changed nothing.
     * A deadlock (40P01) counts too: two meetings that overlap without sharing a start can still meet
     * in an exclusion constraint at once, and PostgreSQL lets the other one through.
     */
    static <T> Future<T> taken(Future<T> work, String detail) {
        return work.recover(ex -> ex instanceof PgException pg
                        && ("23P01".equals(pg.getSqlState())
                                || "23505".equals(pg.getSqlState())
                                || "40P01".equals(pg.getSqlState()))
                ? Future.failedFuture(Problem.conflict(detail))
                : Future.failedFuture(ex));
    }
}
