package app.tandem.meetings;

import app.tandem.access.Access;
import app.tandem.meetings.SlotStore.SlotRef;
import app.tandem.platform.Caller;
import app.tandem.platform.Problem;
import app.tandem.push.Outbox;
import io.vertx.core.Future;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Row;
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
     * window is open, the time was offered and is free for every person and the room.
     */
    Future<MeetingStore.Arrangement> place(
            SqlClient tx, Caller caller, UUID pupilId, SlotRef slot, String note, Instant now) {
        return store.roundPupil(tx, slot.roundId(), pupilId).compose(round -> {
            if (round == null)
                return Future.failedFuture(Problem.invalid("body.slotId", "is not a slot for this pupil."));
            Instant opens = round.getOffsetDateTime("booking_opens_at").toInstant();
            if (now.isBefore(opens)) return Future.failedFuture(Problem.conflict("Booking opens at " + opens + "."));
            if (!now.isBefore(round.getOffsetDateTime("booking_closes_at").toInstant())) {
                return Future.failedFuture(Problem.conflict("Booking has closed for this round."));
            }
            UUID[] staff = round.getArrayOfUUIDs("staff_ids");
            return SlotStore.stillFree(tx, pupilId, slot, now)
                    .compose(free -> free != null ? Future.succeededFuture(free) : notFree(tx, slot, staff[0]))
                    .map(free -> new MeetingStore.Arrangement(
                            round.getUUID("school_id"),
                            slot.roundId(),
                            pupilId,
                            "review",
                            free.getOffsetDateTime("starts_at").toInstant(),
                            free.getOffsetDateTime("ends_at").toInstant(),
                            free.getString("place"),
                            free.getString("place_kind"),
                            round.getBoolean("separate_meetings") && caller.kind() == Caller.Kind.PARENT
                                    ? caller.subject()
                                    : null,
                            note,
                            caller.subject(),
                            staff));
        });
    }

    private Future<Row> notFree(SqlClient tx, SlotRef slot, UUID firstStaff) {
        return store.offered(tx, slot, firstStaff)
                .compose(offered -> Future.failedFuture(
                        offered
                                ? Problem.conflict(SLOT_TAKEN)
                                : Problem.invalid("body.slotId", "is not a time the school offered.")));
    }

    /**
     * Writes a meeting, its staff and its reminders in the caller's transaction. The exclusion
     * constraints refuse an overlap for the pupil, any of the staff or the room; see {@link #taken}.
     */
    Future<UUID> arrange(SqlClient tx, MeetingStore.Arrangement a, Instant now) {
        return store.insert(tx, a, now).compose(id -> remind(tx, a.schoolId(), id, a.pupilId(), a.startsAt(), now)
                .map(id));
    }

    /** Moves a meeting to a new time: same id and calendar UID, a higher sequence, reminders for the new time. */
    Future<Void> move(SqlClient tx, UUID meetingId, MeetingStore.Arrangement to, Instant now) {
        return store.move(tx, meetingId, to)
                .compose(v -> Outbox.cancel(tx, REMINDER, meetingId))
                .compose(v -> remind(tx, to.schoolId(), meetingId, to.pupilId(), to.startsAt(), now));
    }

    /** Reminders the day before and the hour before, to the pupil's parents (ids only, like every push). */
    static Future<Void> remind(SqlClient tx, UUID schoolId, UUID meetingId, UUID pupilId, Instant starts, Instant now) {
        return Outbox.toParents(
                        tx,
                        schoolId,
                        Outbox.Notification.of(REMINDER, meetingId, "meeting"),
                        Access.Action.BOOK,
                        List.of(pupilId),
                        List.of(starts.minus(Duration.ofDays(1)), starts.minus(Duration.ofHours(1))),
                        now)
                .mapEmpty();
    }

    /** Double booking refused by the database: a clear 409, and the transaction has changed nothing. */
    static <T> Future<T> taken(Future<T> work, String detail) {
        return work.recover(ex ->
                ex instanceof PgException pg && ("23P01".equals(pg.getSqlState()) || "23505".equals(pg.getSqlState()))
                        ? Future.failedFuture(Problem.conflict(detail))
                        : Future.failedFuture(ex));
    }
}
