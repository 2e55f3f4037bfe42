package app.tandem.messaging;

import app.tandem.access.Access;
import app.tandem.platform.Answer;
import app.tandem.platform.Caller;
import app.tandem.platform.Caller.Role;
import app.tandem.platform.Cursor;
import app.tandem.platform.Json;
import app.tandem.platform.Page;
import app.tandem.platform.Problem;
import app.tandem.platform.SqlJson;
import app.tandem.push.Outbox;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

/**
 * Concerns staff raise about a message with the designated safeguarding lead (DSL). The DSL sees
 * the message as written (withdrawn or edited), and every opening of a concern is recorded, so the
 * school can show who saw what and when.
 */
final class Concerns {
    private final Pool pool;
    private final ConversationService conversations;
    private final MessageStore messages;
    private final ConcernStore store = new ConcernStore();
    private final Clock clock;

    Concerns(Pool pool, ConversationService conversations, MessageStore messages, Clock clock) {
        this.pool = pool;
        this.conversations = conversations;
        this.messages = messages;
        this.clock = clock;
    }

    /** Staff in the conversation raise a concern; every DSL of the school gets an urgent push (ids only). */
    Future<SqlJson> flag(Caller caller, UUID conversationId, UUID messageId, String note) {
        caller.requireStaff();
        if (note.isBlank()) throw Problem.invalid("body.note", "Say what worries you.");
        Instant now = clock.instant();
        return conversations
                .requireMember(caller, conversationId)
                .compose(m -> messages.seqOf(pool, conversationId, messageId)
                        .compose(seq -> seq == null
                                ? Future.failedFuture(Problem.notFound())
                                : pool.withTransaction(tx -> store.insert(
                                                tx, caller.schoolId(), messageId, caller.subject(), note.strip(), now)
                                        .compose(id -> Outbox.toStaff(
                                                        tx,
                                                        caller.schoolId(),
                                                        Outbox.Notification.of("concern", id, "concern")
                                                                .urgently(),
                                                        m.pupilId(),
                                                        Access.Action.SAFEGUARD,
                                                        now)
                                                .map(id)))))
                .compose(id -> one(id, caller.schoolId()))
                .map(ConcernStore.Found::concern);
    }

    /**
     * A concern about a pupil's view, raised in the caller's transaction by the voice capability
     * (which has checked the caller may raise it); every DSL of the school gets an urgent push.
     */
    Future<UUID> raiseAboutView(SqlClient tx, Caller caller, UUID pupilId, UUID viewId, String note, Instant now) {
        return store.insertAboutView(tx, caller.schoolId(), viewId, caller.subject(), note, now)
                .compose(id -> Outbox.toStaff(
                                tx,
                                caller.schoolId(),
                                Outbox.Notification.of("concern", id, "concern").urgently(),
                                pupilId,
                                Access.Action.SAFEGUARD,
                                now)
                        .map(id));
    }

    /** The concern as the safeguarding lead's list shows it. */
    Future<SqlJson> concern(UUID id, UUID schoolId) {
        return one(id, schoolId).map(ConcernStore.Found::concern);
    }

    Future<Page<SqlJson>> list(Caller caller, int limit, String cursor) {
        caller.requireStaff(Role.DSL);
        Cursor.After after = Cursor.afterTimeAndId(cursor);
        return store.page(pool, caller.schoolId(), after.at(), after.id(), limit)
                .map(rows -> Page.of(
                        rows,
                        limit,
                        row -> new SqlJson(Json.object(row.getValue("concern"))),
                        last -> Cursor.timeAndId(last, "flagged_at")));
    }

    /** The concern with the message as written; the opening is recorded before anything is shown. */
    Future<Opened> open(Caller caller, UUID concernId) {
        caller.requireStaff(Role.DSL);
        return store.recordView(pool, concernId, caller.schoolId(), caller.subject(), clock.instant())
                .compose(recorded ->
                        recorded ? one(concernId, caller.schoolId()) : Future.failedFuture(Problem.notFound()))
                .compose(found -> {
                    if (found.messageId() == null)
                        return Future.succeededFuture(new Opened(found.concern(), null, null));
                    return messages.message(pool, found.conversationId(), found.messageId())
                            .compose(raw -> messages.edits(pool, found.messageId())
                                    .map(edits -> new Opened(
                                            found.concern(),
                                            new SqlJson(MessageViews.message(raw, caller)),
                                            SqlJson.items(edits))));
                });
    }

    /** A concern opened by the safeguarding lead: the message as written and every edit of it, when it is about one. */
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    record Opened(SqlJson concern, SqlJson message, SqlJson edits) implements Answer {}

    private Future<ConcernStore.Found> one(UUID id, UUID schoolId) {
        return store.one(pool, id, schoolId)
                .compose(concern ->
                        concern == null ? Future.failedFuture(Problem.notFound()) : Future.succeededFuture(concern));
    }
}
