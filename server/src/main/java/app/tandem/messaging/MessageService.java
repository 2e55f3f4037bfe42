package app.tandem.messaging;

import app.tandem.messaging.ConversationService.Outcome;
import app.tandem.platform.Answer;
import app.tandem.platform.Caller;
import app.tandem.platform.Cursor;
import app.tandem.platform.Json;
import app.tandem.platform.Page;
import app.tandem.platform.Problem;
import app.tandem.platform.ProblemType;
import app.tandem.platform.SqlJson;
import io.vertx.core.Future;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * Sending, reading, correcting and withdrawing messages. Sending is one short transaction: the
 * conversation's next number, the message, its files, unread counts, queued pushes and the live
 * event commit together or not at all. Nothing is ever deleted: edits keep the earlier wording and
 * a withdrawn message stays in the school's record.
 */
record MessageService(
        Pool pool, MessageStore store, ConversationService conversations, MessageWriter writer, Clock clock) {
    static final Duration EDIT_WINDOW = Duration.ofMinutes(15);

    Future<Outcome> send(Caller caller, UUID conversationId, MessagingRequests.NewMessage body) {
        String clientId = body.clientMessageId();
        String text = body.text();
        List<UUID> files = body.attachmentIds();
        if (text.isBlank() && files.isEmpty()) throw Problem.invalid("body.text", "Write a message or attach a file.");
        Instant now = clock.instant();
        return conversations
                .requireMember(caller, conversationId)
                .compose(m -> store.byClientId(pool, caller.subject(), clientId))
                .compose(earlier -> {
                    if (earlier != null) return retried(earlier, conversationId, text, caller);
                    writer.requireAllowance(caller, now);
                    return pool.withTransaction(
                                    tx -> writer.insertNew(tx, caller, conversationId, clientId, text, files, now))
                            .map(message -> new Outcome(message, true))
                            // Two retries racing: the second meets the first's unique key and answers with its message.
                            .recover(ex -> duplicate(ex)
                                    ? store.byClientId(pool, caller.subject(), clientId)
                                            .compose(first -> retried(first, conversationId, text, caller))
                                    : Future.failedFuture(ex));
                });
    }

    private Future<Outcome> retried(MessageStore.Earlier earlier, UUID conversationId, String text, Caller caller) {
        if (!earlier.conversationId().equals(conversationId) || !Objects.equals(earlier.text(), text)) {
            return Future.failedFuture(
                    Problem.conflict("This clientMessageId was already used for a different message."));
        }
        return Future.succeededFuture(new Outcome(new SqlJson(MessageViews.message(earlier.message(), caller)), false));
    }

    Future<Page<SqlJson>> page(Caller caller, UUID conversationId, int limit, String cursor) {
        long before = cursor == null ? Long.MAX_VALUE : Cursor.decode(cursor, 1).getLong(0);
        return conversations
                .requireMember(caller, conversationId)
                .compose(m -> store.page(pool, conversationId, before, limit).compose(rows -> {
                    Page<SqlJson> page = Page.of(
                            rows,
                            limit,
                            row -> new SqlJson(MessageViews.message(Json.object(row.getValue("message")), caller)),
                            last -> Cursor.encode(last.getLong("seq")));
                    long newest = rows.size() == 0 ? 0 : rows.iterator().next().getLong("seq");
                    if (cursor != null || newest <= m.deliveredSeq()) return Future.succeededFuture(page);
                    // The newest page reached a device: that is delivery, as much as a live event is.
                    return store.delivered(
                                    pool,
                                    List.of(conversationId),
                                    List.of(caller.subject()),
                                    List.of(newest),
                                    clock.instant())
                            .map(page);
                }));
    }

    Future<SqlJson> edit(Caller caller, UUID conversationId, UUID messageId, String text) {
        Instant now = clock.instant();
        return change(caller, conversationId, messageId, "message.edited", (tx, row) -> {
            if (row.getOffsetDateTime("withdrawn_at") != null)
                return Future.failedFuture(Problem.conflict("This message was withdrawn."));
            if (row.getOffsetDateTime("sent_at").toInstant().plus(EDIT_WINDOW).isBefore(now)) {
                return Future.failedFuture(
                        Problem.conflict("A message can be corrected for 15 minutes after it was sent."));
            }
            if (text.isBlank() && !row.getBoolean("has_files"))
                return Future.failedFuture(Problem.invalid("body.text", "Write a message."));
            if (text.equals(row.getString("text"))) return Future.succeededFuture(false);
            return store.edit(tx, messageId, row.getString("text"), text, now).map(true);
        });
    }

    Future<SqlJson> withdraw(Caller caller, UUID conversationId, UUID messageId) {
        Instant now = clock.instant();
        return change(
                caller,
                conversationId,
                messageId,
                "message.withdrawn",
                (tx, row) -> row.getOffsetDateTime("withdrawn_at") != null
                        ? Future.succeededFuture(false)
                        : store.withdraw(tx, messageId, now).map(true));
    }

    /**
     * A change by its sender to their own message, under the message's row lock: `rule` makes it
     * (true) or finds nothing to do (false); a change made is announced live. The message as the
     * caller now sees it.
     */
    private Future<SqlJson> change(
            Caller caller,
            UUID conversationId,
            UUID messageId,
            String event,
            java.util.function.BiFunction<io.vertx.sqlclient.SqlClient, io.vertx.sqlclient.Row, Future<Boolean>> rule) {
        Instant now = clock.instant();
        return conversations
                .requireMember(caller, conversationId)
                .compose(m -> pool.withTransaction(tx -> store.forChange(tx, conversationId, messageId)
                        .compose(row -> {
                            if (row == null) return Future.failedFuture(Problem.notFound());
                            if (!row.getUUID("sender_id").equals(caller.subject()))
                                return Future.failedFuture(notYours());
                            return rule.apply(tx, row)
                                    .compose(changed -> changed
                                            ? ConversationEventStore.announce(
                                                            tx,
                                                            event,
                                                            conversationId,
                                                            messageId,
                                                            caller.subject(),
                                                            row.getLong("seq"),
                                                            now)
                                                    .mapEmpty()
                                            : Future.succeededFuture());
                        })
                        .compose(v -> store.message(tx, conversationId, messageId))))
                .map(raw -> new SqlJson(MessageViews.message(raw, caller)));
    }

    Future<SqlJson> edits(Caller caller, UUID conversationId, UUID messageId) {
        caller.requireStaff();
        return conversations
                .requireMember(caller, conversationId)
                .compose(m -> store.seqOf(pool, conversationId, messageId))
                .compose(seq -> seq == null ? Future.failedFuture(Problem.notFound()) : store.edits(pool, messageId))
                .map(SqlJson::items);
    }

    Future<Read> markRead(Caller caller, UUID conversationId, UUID upToMessageId) {
        Instant now = clock.instant();
        return conversations
                .requireMember(caller, conversationId)
                .compose(m -> upToMessageId == null
                        ? Future.<Long>succeededFuture()
                        : store.seqOf(pool, conversationId, upToMessageId)
                                .compose(seq -> seq == null
                                        ? Future.failedFuture(Problem.invalid(
                                                "body.upToMessageId", "is not a message in this conversation."))
                                        : Future.succeededFuture(seq)))
                .compose(upTo ->
                        pool.withTransaction(tx -> store.markRead(tx, conversationId, caller.subject(), upTo, now)
                                .compose(receipt -> receipt.moved()
                                        ? ConversationEventStore.announce(
                                                        tx,
                                                        "receipt.read",
                                                        conversationId,
                                                        null,
                                                        caller.subject(),
                                                        receipt.readUpTo(),
                                                        now)
                                                .map(receipt)
                                        : Future.succeededFuture(receipt))))
                .compose(receipt -> conversations
                        .unreadTotal(caller)
                        .map(total -> new Read(conversationId, receipt.readUpTo(), receipt.unread(), total)));
    }

    /** Where the caller has read up to in a conversation, and what is left unread there and in all. */
    record Read(UUID conversationId, long readUpTo, long unread, long unreadTotal) implements Answer {}

    private static Problem notYours() {
        return new Problem(ProblemType.FORBIDDEN, "You can only change messages you sent.");
    }

    private static boolean duplicate(Throwable ex) {
        return ex instanceof PgException pg
                && "23505".equals(pg.getSqlState())
                && String.valueOf(pg.getConstraint()).contains("client_message_id");
    }
}
