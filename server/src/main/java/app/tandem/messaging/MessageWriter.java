package app.tandem.messaging;

import app.tandem.attachments.Attachments;
import app.tandem.platform.Caller;
import app.tandem.platform.Problem;
import app.tandem.platform.SqlJson;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Writing a new message, for sending one and for starting a conversation with one: the send rate
 * limit, retries by client id, and the single transaction that numbers, stores, counts, pushes and
 * announces it.
 */
record MessageWriter(Pool pool, MessageStore store, Attachments attachments, SendLimiter limiter) {
    /** The caller's message with this client id, if they sent one (null id: none). */
    Future<MessageStore.Earlier> sentBefore(Caller caller, String clientId) {
        return clientId == null ? Future.succeededFuture() : store.byClientId(pool, caller.subject(), clientId);
    }

    void requireAllowance(Caller caller, Instant now) {
        long wait = limiter.take(caller.subject(), now);
        if (wait > 0) throw Problem.tooManyRequests(wait);
    }

    /** A new message inside the caller's transaction; returns it as the sender sees it. */
    Future<SqlJson> insertNew(
            SqlClient tx,
            Caller caller,
            UUID conversationId,
            String clientId,
            String text,
            List<UUID> files,
            Instant now) {
        return store.nextSeq(tx, conversationId, now).compose(next -> {
            long seq = next.getLong("last_seq");
            OfficeHours hours = OfficeHours.of(next.getString("time_zone"), (JsonArray) next.getValue("office_hours"));
            return store.insert(
                            tx, conversationId, next.getUUID("school_id"), seq, caller.subject(), clientId, text, now)
                    .compose(id -> attachments
                            .requireOwnUploads(tx, caller, files, "body.attachmentIds")
                            .compose(v -> store.attach(tx, id, files))
                            .compose(v ->
                                    store.announce(tx, conversationId, caller.subject(), now, hours.nextOpening(now)))
                            .compose(v -> ConversationEventStore.announce(
                                    tx, "message.created", conversationId, id, caller.subject(), seq, now))
                            .compose(v -> store.message(tx, conversationId, id)))
                    .map(raw -> {
                        JsonObject view = MessageViews.message(raw, caller);
                        if (caller.kind() == Caller.Kind.PARENT)
                            MessageViews.put(view, "expectedReplyBy", MessageViews.replyBy(hours, now));
                        return new SqlJson(view);
                    });
        });
    }
}
