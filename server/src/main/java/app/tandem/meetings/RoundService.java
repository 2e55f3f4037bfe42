package app.tandem.meetings;

import app.tandem.access.Access;
import app.tandem.platform.Caller;
import app.tandem.platform.Caller.Role;
import app.tandem.platform.Items;
import app.tandem.platform.Problem;
import app.tandem.platform.ProblemType;
import app.tandem.push.Outbox;
import io.vertx.core.Future;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
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
record RoundService(Pool pool, RoundStore store, Access access, Clock clock) {
    Future<RoundAnswers.Round> create(Caller caller, RoundRequests.NewRound round) {
        caller.requireStaff(Role.SENCO, Role.TEACHER);
        if (!round.bookingClosesAt().isAfter(round.bookingOpensAt()))
            throw Problem.invalid("body.bookingClosesAt", "must be after bookingOpensAt.");
        return store.insert(
                        pool,
                        new RoundStore.NewRound(
                                caller.schoolId(),
                                round.name(),
                                round.slotMinutes(),
                                round.bookingOpensAt(),
                                round.bookingClosesAt(),
                                caller.subject()),
                        clock.instant())
                .map(RoundService::round);
    }

    Future<Items<RoundAnswers.Round>> list(Caller caller) {
        caller.requireStaff();
        return store.list(pool, caller.schoolId()).map(rows -> {
            List<RoundAnswers.Round> items = new ArrayList<>();
            for (Row r : rows) items.add(round(r));
            return Items.of(items);
        });
    }

    private Future<Row> requireRound(SqlClient sql, Caller caller, UUID roundId) {
        caller.requireStaff();
        return store.find(sql, roundId, caller.schoolId())
                .compose(round ->
                        round == null ? Future.failedFuture(Problem.notFound()) : Future.succeededFuture(round));
    }

    /** The window less its breaks, as separate windows; one person's windows never overlap (409). */
    Future<Items<RoundAnswers.Window>> addAvailability(Caller caller, UUID roundId, RoundRequests.Availability body) {
        UUID staffId = body.staffId() == null ? caller.subject() : body.staffId();
        if (!staffId.equals(caller.subject()) && !caller.has(Role.SENCO)) {
            throw new Problem(ProblemType.FORBIDDEN, "Only the SENCO publishes availability for someone else.");
        }
        Instant starts = body.startsAt();
        Instant ends = body.endsAt();
        if (!ends.isAfter(starts)) throw Problem.invalid("body.endsAt", "must be after startsAt.");
        List<Instant[]> breaks = new ArrayList<>();
        for (int i = 0; i < body.breaks().size(); i++) {
            Instant b0 = body.breaks().get(i).startsAt();
            Instant b1 = body.breaks().get(i).endsAt();
            if (!b1.isAfter(b0) || b0.isBefore(starts) || b1.isAfter(ends)) {
                throw Problem.invalid(
                        "body.breaks[" + i + "]", "must be a time inside the window, ending after it starts.");
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
                .compose(r -> store.isActiveStaff(pool, staffId, caller.schoolId()))
                .compose(found -> !found
                        ? Future.failedFuture(Problem.invalid("body.staffId", "is not a member of staff here."))
                        : pool.withTransaction(tx -> {
                            Future<List<RoundAnswers.Window>> added = Future.succeededFuture(new ArrayList<>());
                            for (Instant[] w : windows) {
                                added = added.compose(list -> store.addWindow(
                                                tx,
                                                roundId,
                                                caller.schoolId(),
                                                staffId,
                                                w[0],
                                                w[1],
                                                body.place(),
                                                body.placeKind(),
                                                now)
                                        .map(row -> {
                                            list.add(window(row));
                                            return list;
                                        }));
                            }
                            return added;
                        }))
                .recover(ex -> ex instanceof PgException pg && "23P01".equals(pg.getSqlState())
                        ? Future.failedFuture(
                                Problem.conflict("This overlaps availability already published for that person."))
                        : Future.failedFuture(ex))
                .map(items -> Items.of(items));
    }

    /** Adds (or updates) the pupils expected; required staff default to the class teacher and the round's SENCO. */
    Future<Items<RoundAnswers.Expected>> addPupils(
            Caller caller, UUID roundId, List<RoundRequests.ExpectedPupil> pupils) {
        return requireRound(pool, caller, roundId)
                .compose(round -> {
                    Future<Void> checked = Future.succeededFuture();
                    for (int i = 0; i < pupils.size(); i++) {
                        UUID pupilId = pupils.get(i).pupilId();
                        String field = "body.pupils[" + i + "].pupilId";
                        checked = checked.compose(v -> access.require(caller, pupilId, Access.Action.BOOK)
                                .mapEmpty()
                                .recover(ex ->
                                        Future.failedFuture(Problem.invalid(field, "is not a pupil you work with.")))
                                .mapEmpty());
                    }
                    return checked.compose(v -> pool.withTransaction(tx -> {
                        Future<Void> all = Future.succeededFuture();
                        for (int i = 0; i < pupils.size(); i++) {
                            RoundRequests.ExpectedPupil p = pupils.get(i);
                            String field = "body.pupils[" + i + "].staffIds";
                            RoundStore.ExpectedPupil expected = new RoundStore.ExpectedPupil(
                                    p.pupilId(),
                                    p.staffIds() == null ? null : p.staffIds().toArray(UUID[]::new),
                                    p.separateMeetings());
                            all = all.compose(v2 -> store.expect(
                                            tx, roundId, round.getUUID("created_by"), caller.schoolId(), expected)
                                    .compose(check -> {
                                        if (check.named() == 0) {
                                            return Future.failedFuture(
                                                    Problem.invalid(
                                                            field,
                                                            "nobody to attend: the pupil has no class teacher; name the staff."));
                                        }
                                        return check.known() == check.named()
                                                ? Future.<Void>succeededFuture()
                                                : Future.failedFuture(Problem.invalid(
                                                        field, "includes someone who is not staff at this school."));
                                    }));
                        }
                        return all;
                    }));
                })
                .compose(v -> progress(caller, roundId));
    }

    Future<Items<RoundAnswers.Expected>> progress(Caller caller, UUID roundId) {
        return requireRound(pool, caller, roundId)
                .compose(r -> store.progress(pool, roundId))
                .map(Items::of);
    }

    /** A push to every family in the round who has not booked (once a day at most per pupil). */
    Future<RoundAnswers.Nudged> nudge(Caller caller, UUID roundId) {
        Instant now = clock.instant();
        return requireRound(pool, caller, roundId).compose(r -> {
            if (!now.isBefore(r.getOffsetDateTime("booking_closes_at").toInstant())) {
                return Future.failedFuture(Problem.conflict("Booking has closed for this round."));
            }
            return pool.withTransaction(
                    tx -> store.nudgeCounts(tx, roundId, now).compose(why -> store.markNudged(tx, roundId, now)
                            .compose(pupils -> Outbox.toParents(
                                    tx,
                                    caller.schoolId(),
                                    Outbox.Notification.of("meeting-nudge", roundId, "round"),
                                    Access.Action.BOOK,
                                    pupils,
                                    List.of(now),
                                    now))
                            .map(n -> new RoundAnswers.Nudged(
                                    n, why.alreadyBooked(), why.nudgedToday(), why.noParentOnTandem()))));
        });
    }

    /** The three-meetings promise for the school year (September to August), those falling short first. */
    /** At the school named (a trust's SEND lead names one of the trust's), else the caller's. */
    Future<RoundAnswers.Coverage> coverage(Caller caller, UUID schoolId) {
        caller.requireStaff(Role.SENCO, Role.TRUST_SEND_LEAD);
        UUID school = caller.school(schoolId);
        return store.timeZone(pool, school).compose(zone -> {
            LocalDate today = clock.instant().atZone(ZoneId.of(zone)).toLocalDate();
            LocalDate yearStarts =
                    LocalDate.of(today.getMonthValue() >= 9 ? today.getYear() : today.getYear() - 1, 9, 1);
            return store.coverage(
                            pool,
                            school,
                            caller.subject(),
                            yearStarts.atStartOfDay(ZoneId.of(zone)).toOffsetDateTime(),
                            clock.instant())
                    .map(covered -> {
                        List<RoundAnswers.Covered> items = new ArrayList<>(covered);
                        items.sort(Comparator.comparing((RoundAnswers.Covered c) -> -c.stillNeeded())
                                .thenComparing(c -> c.pupil().name()));
                        return new RoundAnswers.Coverage(yearStarts, items);
                    });
        });
    }

    private static RoundAnswers.Round round(Row r) {
        return new RoundAnswers.Round(
                r.getUUID("id"),
                r.getString("name"),
                r.getInteger("slot_minutes"),
                r.getOffsetDateTime("booking_opens_at").toInstant(),
                r.getOffsetDateTime("booking_closes_at").toInstant());
    }

    private static RoundAnswers.Window window(Row r) {
        return new RoundAnswers.Window(
                r.getUUID("id"),
                r.getUUID("staff_id"),
                r.getOffsetDateTime("starts_at").toInstant(),
                r.getOffsetDateTime("ends_at").toInstant(),
                r.getString("place"),
                r.getString("place_kind"));
    }
}
