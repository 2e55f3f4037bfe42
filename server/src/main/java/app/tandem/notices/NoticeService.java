package app.tandem.notices;

import app.tandem.access.Access;
import app.tandem.attachments.Attachments;
import app.tandem.notices.NoticeAnswers.Notice;
import app.tandem.platform.Caller;
import app.tandem.platform.Caller.Role;
import app.tandem.platform.Cursor;
import app.tandem.platform.Items;
import app.tandem.platform.Page;
import app.tandem.platform.Problem;
import app.tandem.platform.ProblemType;
import app.tandem.platform.Sql;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * Notices to families: written by staff, delivered to the parents of the pupils in the audience
 * (never through a blocked link), read and acknowledged by parents. Sending is two statements in
 * one transaction whatever the audience's size; the pushes are queued in the same transaction.
 */
record NoticeService(Pool pool, NoticeStore store, Access access, Attachments attachments, Clock clock) {
    static final java.time.Duration REMINDER_GAP = java.time.Duration.ofHours(1);

    // --- writing

    Future<Notice> create(Caller caller, NoticeRequests.NewNotice body) {
        caller.requireStaff();
        Instant now = clock.instant();
        Audience audience = body.audience();
        boolean requiresAck = body.requiresAck();
        String reply = body.reply();
        Instant ackBy = body.acknowledgeBy();
        Instant sendAt = body.sendAt();
        if (!requiresAck && !reply.equals("none"))
            throw Problem.invalid("body.reply", "needs requiresAcknowledgement.");
        if (!requiresAck && ackBy != null)
            throw Problem.invalid("body.acknowledgeBy", "needs requiresAcknowledgement.");
        if (sendAt != null && sendAt.isBefore(now)) throw Problem.invalid("body.sendAt", "is in the past.");
        if (ackBy != null && !ackBy.isAfter(sendAt == null ? now : sendAt))
            throw Problem.invalid("body.acknowledgeBy", "is before the notice is sent.");
        UUID corrects = body.correctsNoticeId();
        List<UUID> files = body.attachmentIds();
        boolean scheduled = sendAt != null && sendAt.isAfter(now);
        Instant sending = scheduled ? sendAt : now;
        return mayAddress(caller, audience)
                .compose(v -> corrects == null ? Future.succeededFuture() : requireCorrectable(caller, corrects))
                .compose(v -> pool.withTransaction(tx -> store.insert(
                                tx,
                                caller.schoolId(),
                                "general",
                                body.letter(),
                                audience,
                                requiresAck,
                                reply,
                                ackBy,
                                body.urgent(),
                                sending,
                                null,
                                corrects,
                                caller.subject(),
                                now)
                        .compose(id -> attachments
                                .requireOwnUploads(tx, caller, files, "body.attachmentIds")
                                .compose(a -> store.attach(tx, id, files))
                                .compose(a -> store.insertTranslations(tx, id, body.translations()))
                                .compose(t -> scheduled
                                        ? store.countRecipients(tx, caller.schoolId(), audience)
                                        : store.deliver(tx, id, caller.schoolId(), audience, body.urgent(), now))
                                .compose(reached -> reached == 0
                                        ? Future.failedFuture(
                                                Problem.invalid("body.audience", "reaches no family with the app."))
                                        : store.forStaff(tx, id, caller.schoolId())))))
                .map(NoticeStore::staffNotice);
    }

    /** A formal notice to a pupil's parents (CoP 6.43): kept with the pupil's record, always acknowledged. */
    Future<Notice> sendFormal(Caller caller, UUID pupilId, NoticeRequests.FormalNotice body) {
        Instant now = clock.instant();
        Instant ackBy = body.acknowledgeBy();
        if (ackBy != null && !ackBy.isAfter(now)) throw Problem.invalid("body.acknowledgeBy", "is in the past.");
        return access.require(caller, pupilId, Access.Action.WRITE_RECORD)
                .compose(pupil -> pool.withTransaction(tx -> sendFormal(
                                tx, caller.schoolId(), pupilId, caller.subject(), body.letter(), ackBy, true, now)
                        .compose(id -> store.forStaff(tx, id, caller.schoolId()))))
                .map(NoticeStore::staffNotice);
    }

    /**
     * A formal notice about one pupil inside the caller's transaction (also the SEND record's, the
     * annual review's); its id. When {@code mustReach} is false a notice reaching no one is kept
     * (the school sends it on paper).
     */
    Future<UUID> sendFormal(
            SqlClient tx,
            UUID schoolId,
            UUID pupilId,
            UUID createdBy,
            NoticeRequests.Letter letter,
            Instant ackBy,
            boolean mustReach,
            Instant now) {
        Audience audience = Audience.pupil(pupilId);
        return store.insert(
                        tx, schoolId, "formal", letter, audience, true, "none", ackBy, false, now, pupilId, null,
                        createdBy, now)
                .compose(id -> store.deliverFormal(tx, id, schoolId, pupilId, now)
                        .compose(reached -> reached == 0 && mustReach
                                ? Future.failedFuture(
                                        Problem.invalid(
                                                "pupilId",
                                                "This pupil has no parent (or, as a young person, no sign-in of their own) on the app to inform."))
                                : Future.succeededFuture(id)));
    }

    private Future<Void> mayAddress(Caller caller, Audience audience) {
        Future<Void> known =
                switch (audience.type()) {
                    case "classes", "pupils" -> store.countInSchool(pool, caller.schoolId(), audience)
                            .compose(n -> n == audience.ids().size()
                                    ? Future.<Void>succeededFuture()
                                    : Future.failedFuture(Problem.invalid(
                                            "body.audience.ids", "includes one that is not of this school.")));
                    default -> Future.succeededFuture();
                };
        if (caller.has(Role.SENCO) || caller.has(Role.ADMIN)) return known;
        // A class teacher writes to their own classes' families only.
        return known.compose(v -> switch (audience.type()) {
            case "classes" -> store.countTaught(pool, caller.subject(), audience)
                    .compose(n -> n == audience.ids().size()
                            ? Future.<Void>succeededFuture()
                            : Future.failedFuture(
                                    Problem.invalid("body.audience.ids", "includes a class you do not teach.")));
            case "pupils" -> {
                Future<Void> all = Future.succeededFuture();
                for (UUID pupil : audience.ids())
                    all = all.compose(x ->
                            access.require(caller, pupil, Access.Action.MESSAGE).mapEmpty());
                yield all;
            }
            default -> Future.failedFuture(new Problem(
                    ProblemType.FORBIDDEN, "Only the SENCO or an admin can write to " + audience.type() + "."));
        });
    }

    private Future<Void> requireCorrectable(Caller caller, UUID noticeId) {
        return store.forStaff(pool, noticeId, caller.schoolId()).compose(row -> {
            if (row == null)
                return Future.failedFuture(Problem.invalid("body.correctsNoticeId", "is not a notice of this school."));
            if (row.getUUID("corrected_by") != null)
                return Future.failedFuture(Problem.conflict("That notice has already been corrected."));
            return Future.succeededFuture();
        });
    }

    /** Whether the caller may see a notice this file is attached to (so may download the file). */
    Future<Boolean> maySeeAttachment(Caller caller, UUID attachmentId) {
        return store.noticesWith(pool, attachmentId).compose(notices -> anyVisible(caller, notices, 0));
    }

    private Future<Boolean> anyVisible(Caller caller, List<UUID> notices, int i) {
        if (i >= notices.size()) return Future.succeededFuture(false);
        Future<Boolean> visible = recipient(caller)
                ? store.forParent(pool, notices.get(i), caller.subject(), "en").map(row -> row != null)
                : staffNotice(caller, notices.get(i), false).map(row -> true).otherwise(false);
        return visible.compose(ok -> ok ? Future.succeededFuture(true) : anyVisible(caller, notices, i + 1));
    }

    // --- parents

    Future<Page<NoticeAnswers.Listed>> myNotices(Caller caller, int limit, String cursor, boolean unreadFirst) {
        requireParent(caller);
        JsonArray after = cursor == null ? null : Cursor.decode(cursor, 3);
        return language(caller)
                .compose(lang -> store.myNotices(
                        pool,
                        caller.subject(),
                        lang,
                        unreadFirst,
                        after == null ? null : after.getInteger(0),
                        after == null ? null : OffsetDateTime.parse(after.getString(1)),
                        after == null ? null : UUID.fromString(after.getString(2)),
                        limit))
                .map(rows -> Page.of(
                        rows,
                        limit,
                        NoticeStore::listed,
                        last -> Cursor.encode(
                                last.getInteger("unread_key"),
                                last.getOffsetDateTime("delivered_at").toString(),
                                last.getUUID("id").toString())));
    }

    Future<Notice> get(Caller caller, UUID noticeId) {
        if (recipient(caller)) {
            return language(caller)
                    .compose(lang -> store.forParent(pool, noticeId, caller.subject(), lang))
                    .compose(row -> {
                        if (row == null) return Future.failedFuture(Problem.notFound());
                        return store.markRead(pool, noticeId, caller.subject(), clock.instant())
                                .map(v -> NoticeStore.parentNotice(
                                        row, row.getOffsetDateTime("read_at") == null ? clock.instant() : null));
                    });
        }
        return staffNotice(caller, noticeId, false).map(NoticeStore::staffNotice);
    }

    Future<NoticeAnswers.Acknowledged> acknowledge(Caller caller, UUID noticeId, String reply) {
        requireParent(caller);
        return store.forParent(pool, noticeId, caller.subject(), "en")
                .compose(row -> {
                    if (row == null) return Future.failedFuture(Problem.notFound());
                    if (!row.getBoolean("requires_ack"))
                        return Future.failedFuture(
                                Problem.conflict("This notice does not ask for an acknowledgement."));
                    String kind = row.getString("reply");
                    String answer = reply == null ? null : reply.trim();
                    boolean changing = row.getOffsetDateTime("acknowledged_at") != null
                            && answer != null
                            && !kind.equals("none")
                            && !answer.equalsIgnoreCase(String.valueOf(row.getString("my_reply")));
                    if (row.getOffsetDateTime("acknowledged_at") == null || changing) {
                        if (kind.equals("yesNo")
                                && (answer == null
                                        || !(answer.equalsIgnoreCase("yes") || answer.equalsIgnoreCase("no")))) {
                            return Future.failedFuture(Problem.invalid("body.reply", "must be yes or no."));
                        }
                        if (kind.equals("text") && (answer == null || answer.isEmpty()))
                            return Future.failedFuture(Problem.invalid("body.reply", "is required."));
                        if (kind.equals("none") && answer != null)
                            return Future.failedFuture(Problem.invalid("body.reply", "is not asked for."));
                        if (kind.equals("yesNo")) answer = answer.toLowerCase(Locale.ROOT);
                    }
                    Instant now = clock.instant();
                    if (!changing) return store.acknowledge(pool, noticeId, caller.subject(), answer, now);
                    OffsetDateTime deadline = row.getOffsetDateTime("ack_deadline");
                    if (deadline != null && now.isAfter(deadline.toInstant())) {
                        return Future.failedFuture(Problem.conflict("Replies closed at " + deadline.toInstant()
                                + "; please message the school to change yours."));
                    }
                    String changed = answer;
                    return pool.withTransaction(tx -> store.changeReply(tx, noticeId, caller.subject(), changed, now));
                })
                .map(NoticeStore::acknowledged);
    }

    // --- staff

    Future<Page<Notice>> schoolNotices(Caller caller, int limit, String cursor) {
        caller.requireStaff();
        boolean all = caller.has(Role.SENCO) || caller.has(Role.ADMIN);
        Cursor.After after = Cursor.afterTimeAndId(cursor);
        return store.schoolNotices(
                        pool, caller.schoolId(), all ? null : caller.subject(), after.at(), after.id(), limit)
                .map(rows ->
                        Page.of(rows, limit, NoticeStore::staffNotice, last -> Cursor.timeAndId(last, "created_at")));
    }

    Future<NoticeAnswers.Responses> responses(Caller caller, UUID noticeId) {
        return staffNotice(caller, noticeId, true)
                .compose(notice -> store.responses(pool, noticeId).map(rows -> NoticeStore.responses(notice, rows)));
    }

    Future<NoticeAnswers.Reminded> remind(Caller caller, UUID noticeId) {
        return staffNotice(caller, noticeId, true).compose(notice -> {
            if (!notice.getBoolean("requires_ack"))
                return Future.failedFuture(Problem.conflict("This notice does not ask for an acknowledgement."));
            if (notice.getOffsetDateTime("sent_at") == null || notice.getOffsetDateTime("withdrawn_at") != null) {
                return Future.failedFuture(
                        Problem.conflict("Only a notice that has been sent, and not withdrawn, can be reminded."));
            }
            Instant now = clock.instant();
            return pool.withTransaction(tx -> store.lastReminder(tx, noticeId).compose(last -> {
                        // Families get at most one reminder an hour about a notice, however often staff press the
                        // button.
                        if (last != null && last.plus(REMINDER_GAP).isAfter(now)) {
                            return Future.failedFuture(Problem.conflict("A reminder went out at " + last
                                    + "; the next can go after " + last.plus(REMINDER_GAP) + "."));
                        }
                        return store.remind(tx, caller.schoolId(), noticeId, notice.getBoolean("urgent"), now);
                    }))
                    .map(NoticeAnswers.Reminded::new);
        });
    }

    Future<Void> withdraw(Caller caller, UUID noticeId) {
        return staffNotice(caller, noticeId, true).compose(notice -> store.withdraw(pool, noticeId, clock.instant()));
    }

    /** Formal notices no one received on the app, still to post (SENCO, admin). */
    Future<Items<NoticeAnswers.PaperNotice>> paperNotices(Caller caller) {
        caller.requireStaff(Role.SENCO, Role.ADMIN);
        return store.paperNotices(pool, caller.schoolId(), caller.subject())
                .map(rows -> Items.of(Sql.list(rows, NoticeStore::paperNotice)));
    }

    /** The school posted the notice on that day: recorded once (409 after), never in the future. */
    Future<Void> markPosted(Caller caller, UUID noticeId, LocalDate postedOn) {
        caller.requireStaff(Role.SENCO, Role.ADMIN);
        if (postedOn.isAfter(
                clock.instant().atZone(ZoneOffset.UTC).toLocalDate().plusDays(1)))
            throw Problem.invalid("body.postedOn", "is in the future.");
        return store.paperNotice(pool, noticeId, caller.schoolId())
                .compose(n -> n == null
                        ? Future.<Row>failedFuture(Problem.notFound())
                        : access.require(caller, n.getUUID("pupil_id"), Access.Action.SEND_PAPER_NOTICES)
                                .map(n))
                .compose(n -> store.posted(pool, noticeId, postedOn, caller.subject()))
                .compose(done -> done
                        ? Future.<Void>succeededFuture()
                        : Future.failedFuture(Problem.conflict("This notice's posting is already recorded.")));
    }

    Future<Items<NoticeAnswers.Formal>> formalNotices(Caller caller, UUID pupilId) {
        return access.require(caller, pupilId, Access.Action.READ_RECORD)
                // Separated parents each see their own acknowledgement, not the other's.
                .compose(pupil -> store.formalNotices(
                        pool, pupilId, caller.kind() == Caller.Kind.PARENT ? caller.subject() : null))
                .map(rows -> Items.of(Sql.list(rows, NoticeStore::formal)));
    }

    /**
     * A notice of the caller's school as staff see it. Formal notices are part of a pupil's record:
     * only those who may read it see them. Managing (responses, reminders, withdrawal) is for the
     * SENCO, admins and the notice's author.
     */
    private Future<Row> staffNotice(Caller caller, UUID noticeId, boolean manage) {
        if (!caller.isStaff()) return Future.failedFuture(Problem.notFound());
        return store.forStaff(pool, noticeId, caller.schoolId()).compose(row -> {
            if (row == null) return Future.failedFuture(Problem.notFound());
            Future<Void> allowed = row.getUUID("pupil_id") == null
                    ? Future.succeededFuture()
                    : access.require(caller, row.getUUID("pupil_id"), Access.Action.READ_RECORD)
                            .mapEmpty();
            return allowed.compose(v -> {
                if (manage
                        && !caller.has(Role.SENCO)
                        && !caller.has(Role.ADMIN)
                        && !caller.subject().equals(row.getUUID("created_by"))) {
                    return Future.failedFuture(new Problem(
                            ProblemType.FORBIDDEN, "Only the SENCO, an admin or the notice's author can do this."));
                }
                return Future.succeededFuture(row);
            });
        });
    }

    private Future<String> language(Caller caller) {
        return store.preferredLanguage(pool, caller.subject());
    }

    /**
     * Who receives notices: parents, and young people (from their transfer date, formal notices and
     * annual review invitations are addressed to them; a pupil's session simply finds none before).
     */
    private static boolean recipient(Caller caller) {
        return caller.kind() == Caller.Kind.PARENT || caller.kind() == Caller.Kind.PUPIL;
    }

    private static void requireParent(Caller caller) {
        if (!recipient(caller)) {
            throw new Problem(ProblemType.FORBIDDEN, "Only parents and young people have notices to read.");
        }
    }
}
