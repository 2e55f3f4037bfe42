package app.tandem.messaging;

import static app.tandem.messaging.ConversationStore.MESSAGE_JSON;

import app.tandem.access.Access;
import app.tandem.platform.Json;
import app.tandem.platform.Requests;
import app.tandem.platform.Sql;
import app.tandem.platform.SubjectData;
import app.tandem.push.Outbox;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Messages, their edits and receipts in PostgreSQL. */
final class MessageStore {
    private static final String FROM_MESSAGE = " FROM message m JOIN person su ON su.id = m.sender_id ";

    /** A message the sender already sent with this client id, or null. */
    /** A message the sender sent before under a client id: where, what it said, and as PostgreSQL shows it. */
    record Earlier(UUID conversationId, String text, JsonObject message) {}

    Future<Earlier> byClientId(SqlClient sql, UUID senderId, String clientMessageId) {
        return sql.preparedQuery("SELECT m.conversation_id, m.text, " + MESSAGE_JSON + " AS message" + FROM_MESSAGE
                        + "WHERE m.sender_id = $1 AND m.client_message_id = $2")
                .execute(Tuple.of(senderId, clientMessageId))
                .map(rows -> Sql.one(
                        rows,
                        r -> new Earlier(
                                r.getUUID("conversation_id"),
                                r.getString("text"),
                                Json.object(r.getValue("message")))));
    }

    Future<JsonObject> message(SqlClient sql, UUID conversationId, UUID messageId) {
        return sql.preparedQuery("SELECT " + MESSAGE_JSON + " AS message" + FROM_MESSAGE
                        + "WHERE m.id = $1 AND m.conversation_id = $2")
                .execute(Tuple.of(messageId, conversationId))
                .map(MessageStore::first);
    }

    Future<Map<UUID, JsonObject>> messages(SqlClient sql, List<UUID> ids) {
        return sql.preparedQuery("SELECT m.id, " + MESSAGE_JSON + " AS message" + FROM_MESSAGE + "WHERE m.id = ANY($1)")
                .execute(Tuple.tuple().addArrayOfUUID(ids.toArray(UUID[]::new)))
                .map(rows -> {
                    Map<UUID, JsonObject> byId = new HashMap<>();
                    for (Row r : rows) byId.put(r.getUUID("id"), Json.object(r.getValue("message")));
                    return byId;
                });
    }

    /** A page of a conversation, newest first, before a message number: one backward scan of (conversation_id, seq). */
    Future<RowSet<Row>> page(SqlClient sql, UUID conversationId, long beforeSeq, int limit) {
        return sql.preparedQuery("SELECT m.seq, " + MESSAGE_JSON + " AS message" + FROM_MESSAGE
                        + """
            WHERE m.conversation_id = $1 AND m.seq < $2 ORDER BY m.seq DESC LIMIT $3""")
                .execute(Tuple.of(conversationId, beforeSeq, limit + 1));
    }

    /** Takes the conversation's next message number (locking it until commit) and reads the school's office hours. */
    Future<Row> nextSeq(SqlClient tx, UUID conversationId, Instant now) {
        return tx.preparedQuery(
                        """
            UPDATE conversation c SET last_seq = c.last_seq + 1, last_message_at = $2 FROM school_profile s
            WHERE c.id = $1 AND s.id = c.school_id RETURNING c.last_seq, c.school_id, s.time_zone, s.office_hours""")
                .execute(Tuple.of(conversationId, Requests.utc(now)))
                .map(rows -> rows.iterator().next());
    }

    Future<UUID> insert(
            SqlClient tx,
            UUID conversationId,
            UUID schoolId,
            long seq,
            UUID senderId,
            String clientMessageId,
            String text,
            Instant now) {
        return tx.preparedQuery(
                        """
            INSERT INTO message (conversation_id, school_id, seq, sender_id, client_message_id, text, sent_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id""")
                .execute(Tuple.from(
                        new Object[] {conversationId, schoolId, seq, senderId, clientMessageId, text, Requests.utc(now)
                        }))
                .map(rows -> rows.iterator().next().getUUID("id"));
    }

    Future<Void> attach(SqlClient tx, UUID messageId, List<UUID> files) {
        if (files.isEmpty()) return Future.succeededFuture();
        return Sql.run(
                tx,
                """
            INSERT INTO message_attachment (message_id, attachment_id, position)
            SELECT $1, f.id, f.n FROM unnest($2::uuid[]) WITH ORDINALITY AS f (id, n)""",
                Tuple.tuple().addUUID(messageId).addArrayOfUUID(files.toArray(UUID[]::new)));
    }

    /**
     * After a new message: one more unread for everyone else, and a push queued for each participant
     * but the sender who may still message about the pupil (staff pushes wait for office hours).
     * Pushes carry the conversation's id only; several for one conversation collapse into one.
     */
    Future<Void> announce(SqlClient tx, UUID conversationId, UUID senderId, Instant now, Instant staffDue) {
        return tx.preparedQuery(
                        """
            WITH bumped AS (
              UPDATE conversation_participant SET unread = unread + 1 WHERE conversation_id = $1 AND user_id <> $2 RETURNING user_id)
            SELECT c.school_id, r.person_id, r.relationship = 'parent' AS parent
            FROM bumped JOIN conversation c ON c.id = $1,
            """
                                + Access.relationshipOf("bumped.user_id", "c.pupil_id", "r")
                                + " WHERE "
                                + Access.grants(Access.Action.MESSAGE, "r"))
                .execute(Tuple.of(conversationId, senderId))
                .compose(rows -> {
                    if (rows.size() == 0) return Future.succeededFuture();
                    List<Outbox.Recipient> to = new ArrayList<>();
                    for (Row r : rows)
                        to.add(new Outbox.Recipient(r.getUUID("person_id"), r.getBoolean("parent") ? now : staffDue));
                    return Outbox.enqueue(
                                    tx,
                                    rows.iterator().next().getUUID("school_id"),
                                    Outbox.Notification.of("message", conversationId, "conversation"),
                                    to,
                                    now)
                            .mapEmpty();
                });
    }

    /** The message, locked for a change by its sender; null if it is not in this conversation. */
    Future<Row> forChange(SqlClient tx, UUID conversationId, UUID messageId) {
        return tx.preparedQuery(
                        """
            SELECT m.id, m.sender_id, m.text, m.sent_at, m.withdrawn_at, m.seq,
                   EXISTS (SELECT 1 FROM message_attachment a WHERE a.message_id = m.id) AS has_files
            FROM message m WHERE m.id = $1 AND m.conversation_id = $2 FOR UPDATE""")
                .execute(Tuple.of(messageId, conversationId))
                .map(Sql::first);
    }

    /** Keeps the wording being replaced, then replaces it. */
    Future<Void> edit(SqlClient tx, UUID messageId, String oldText, String newText, Instant now) {
        return tx.preparedQuery(
                        """
            INSERT INTO message_edit (message_id, version, text, replaced_at)
            SELECT $1, coalesce(max(version), 0) + 1, $2, $3 FROM message_edit WHERE message_id = $1""")
                .execute(Tuple.of(messageId, oldText, Requests.utc(now)))
                .compose(v -> tx.preparedQuery("UPDATE message SET text = $2, edited_at = $3 WHERE id = $1")
                        .execute(Tuple.of(messageId, newText, Requests.utc(now))))
                .mapEmpty();
    }

    Future<Void> withdraw(SqlClient tx, UUID messageId, Instant now) {
        return Sql.run(
                tx,
                "UPDATE message SET withdrawn_at = $2 WHERE id = $1 AND withdrawn_at IS NULL",
                Tuple.of(messageId, Requests.utc(now)));
    }

    Future<JsonArray> edits(SqlClient sql, UUID messageId) {
        return sql.preparedQuery(
                        "SELECT version, text, replaced_at FROM message_edit WHERE message_id = $1 ORDER BY version")
                .execute(Tuple.of(messageId))
                .map(rows -> {
                    JsonArray items = new JsonArray();
                    for (Row r : rows) {
                        items.add(new JsonObject()
                                .put("version", r.getInteger("version"))
                                .put("text", r.getString("text"))
                                .put(
                                        "replacedAt",
                                        r.getOffsetDateTime("replaced_at")
                                                .toInstant()
                                                .toString()));
                    }
                    return items;
                });
    }

    /** The number of a message in this conversation, or null. */
    Future<Long> seqOf(SqlClient sql, UUID conversationId, UUID messageId) {
        return sql.preparedQuery("SELECT seq FROM message WHERE id = $1 AND conversation_id = $2")
                .execute(Tuple.of(messageId, conversationId))
                .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getLong("seq"));
    }

    /** A reader's receipt: read up to this message number, how many are still unread, and whether it just moved. */
    record Receipt(long readUpTo, long unread, boolean moved) {}

    /**
     * Moves the reader's receipt forward to `upTo` (never back) and recounts their unread messages
     * after it: a range scan of only the messages after the receipt. Holding the conversation row
     * (shared) keeps a message being sent from slipping between the count and the receipt.
     */
    Future<Receipt> markRead(SqlClient tx, UUID conversationId, UUID userId, Long upTo, Instant now) {
        return tx.preparedQuery("SELECT last_seq FROM conversation WHERE id = $1 FOR SHARE")
                .execute(Tuple.of(conversationId))
                .compose(rows -> {
                    long last = rows.iterator().next().getLong("last_seq");
                    long target = upTo == null ? last : Math.min(upTo, last);
                    return tx.preparedQuery(
                                    """
                  UPDATE conversation_participant SET read_seq = $3, delivered_seq = greatest(delivered_seq, $3), read_at = $4,
                    unread = (SELECT count(*) FROM message m WHERE m.conversation_id = $1 AND m.seq > $3 AND m.sender_id <> $2)
                  WHERE conversation_id = $1 AND user_id = $2 AND read_seq < $3 RETURNING read_seq, unread""")
                            .execute(Tuple.of(conversationId, userId, target, Requests.utc(now)))
                            .compose(updated -> {
                                if (updated.size() == 1) {
                                    Row r = updated.iterator().next();
                                    return Future.succeededFuture(
                                            new Receipt(r.getLong("read_seq"), r.getInteger("unread"), true));
                                }
                                return tx.preparedQuery(
                                                "SELECT read_seq, unread FROM conversation_participant WHERE conversation_id = $1 AND user_id = $2")
                                        .execute(Tuple.of(conversationId, userId))
                                        .map(now2 -> {
                                            Row r = now2.iterator().next();
                                            return new Receipt(r.getLong("read_seq"), r.getInteger("unread"), false);
                                        });
                            });
                });
    }

    /**
     * Messages reached these people's devices: receipts move forward, never back, in one statement,
     * and each receipt that moved is announced live (`receipt.delivered`) so senders see it arrive.
     * Receipts are best effort: rows another transaction holds are skipped rather than waited for,
     * so this never blocks (or deadlocks with) a message being sent.
     */
    Future<Void> delivered(SqlClient sql, List<UUID> conversations, List<UUID> users, List<Long> seqs, Instant now) {
        if (conversations.isEmpty()) return Future.succeededFuture();
        return sql.preparedQuery(
                        """
            WITH d AS (SELECT c, u, max(s) AS seq FROM unnest($1::uuid[], $2::uuid[], $3::bigint[]) AS x (c, u, s) GROUP BY c, u),
            locked AS (SELECT cp.conversation_id, cp.user_id, d.seq FROM conversation_participant cp
                       JOIN d ON cp.conversation_id = d.c AND cp.user_id = d.u
                       WHERE cp.delivered_seq < d.seq FOR UPDATE OF cp SKIP LOCKED)
            UPDATE conversation_participant cp SET delivered_seq = locked.seq FROM locked
            WHERE cp.conversation_id = locked.conversation_id AND cp.user_id = locked.user_id
            RETURNING cp.conversation_id, cp.user_id, cp.delivered_seq""")
                .execute(Tuple.tuple()
                        .addArrayOfUUID(conversations.toArray(UUID[]::new))
                        .addArrayOfUUID(users.toArray(UUID[]::new))
                        .addArrayOfLong(seqs.toArray(Long[]::new)))
                .compose(moved -> {
                    Future<Void> announced = Future.succeededFuture();
                    for (Row r : moved) {
                        announced = announced.compose(v -> ConversationEventStore.announce(
                                        sql,
                                        "receipt.delivered",
                                        r.getUUID("conversation_id"),
                                        null,
                                        r.getUUID("user_id"),
                                        r.getLong("delivered_seq"),
                                        now)
                                .mapEmpty());
                    }
                    return announced;
                });
    }

    private static JsonObject first(RowSet<Row> rows) {
        return rows.size() == 0 ? null : Json.object(rows.iterator().next().getValue("message"));
    }

    static List<UUID> ids(JsonArray array) {
        List<UUID> ids = new ArrayList<>();
        if (array != null) for (Object o : array) ids.add(UUID.fromString(o.toString()));
        return ids;
    }

    /** Each person's unread messages across their conversations (the badge on an iPhone's app icon). */
    Future<Map<UUID, Integer>> unreadTotals(SqlClient sql, List<UUID> users) {
        return sql.preparedQuery(
                        "SELECT user_id, sum(unread)::int AS unread FROM conversation_participant WHERE user_id = ANY($1) GROUP BY user_id")
                .execute(Tuple.tuple().addArrayOfUUID(users.toArray(UUID[]::new)))
                .map(rows -> {
                    Map<UUID, Integer> totals = new HashMap<>();
                    for (Row r : rows) totals.put(r.getUUID("user_id"), r.getInteger("unread"));
                    return totals;
                });
    }

    /** A message a file is attached to: its conversation, its sender and whether it was withdrawn. */
    record Carrier(UUID conversationId, UUID senderId, boolean withdrawn) {}

    Future<List<Carrier>> carrying(SqlClient sql, UUID attachmentId) {
        return sql.preparedQuery(
                        """
            SELECT m.conversation_id, m.sender_id, m.withdrawn_at IS NOT NULL AS withdrawn
            FROM message_attachment ma JOIN message m ON m.id = ma.message_id WHERE ma.attachment_id = $1""")
                .execute(Tuple.of(attachmentId))
                .map(rows -> {
                    List<Carrier> carriers = new ArrayList<>();
                    for (Row r : rows)
                        carriers.add(new Carrier(
                                r.getUUID("conversation_id"), r.getUUID("sender_id"), r.getBoolean("withdrawn")));
                    return carriers;
                });
    }

    /**
     * The messages of conversations the person takes part in (so a separated parent never sees the
     * other parent's own conversations), their own withdrawn ones too, and about a child only up to
     * the moment a court-order block on their link was recorded.
     */
    static List<SubjectData> subjectData() {
        return List.of(
                SubjectData.Part.person(
                        "messages.json",
                        """
        (SELECT coalesce(jsonb_agg(jsonb_build_object('conversationId', m.conversation_id, 'seq', m.seq,
                  'sentByYou', m.sender_id = $1, 'sender', CASE WHEN s.kind = 'parent' AND s.id <> $1 THEN s.display_name || ' (parent)'
                                  ELSE person_named(m.sender_id, $1) END, 'text', m.text, 'sentAt', m.sent_at,
                  'editedAt', m.edited_at, 'withdrawnAt', m.withdrawn_at) ORDER BY m.conversation_id, m.seq), '[]')
         FROM conversation_participant cp JOIN message m ON m.conversation_id = cp.conversation_id
         JOIN person s ON s.id = m.sender_id
         WHERE cp.user_id = $1 AND (m.withdrawn_at IS NULL OR m.sender_id = $1)
           AND EXISTS (SELECT 1 FROM conversation k WHERE k.id = m.conversation_id AND k.school_id = $3::uuid)
           AND NOT EXISTS (SELECT 1 FROM conversation c JOIN parent_of l ON l.pupil_id = c.pupil_id AND l.parent_id = $1
                           WHERE c.id = m.conversation_id AND m.sent_at >= l.blocked_at))"""));
    }
}
