package app.tandem.messaging;

import app.tandem.access.Access;
import app.tandem.platform.Requests;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.UUID;

/**
 * Live events about a conversation, announced inside the transaction that makes the change: one
 * statement picks who hears (every participant who may still message about the pupil, the access
 * rule) and hands them to realtime's `live_announce`, which orders, records and notifies.
 */
public final class ConversationEventStore {
    /** $1 type, $2 conversation, $3 message, $4 actor, $5 seq (receipts), $6 when. */
    static final String ANNOUNCE =
            """
        SELECT live_announce(c.school_id, $1, c.id, $3, $4, $5,
                 ARRAY(SELECT cp.user_id FROM conversation_participant cp, %s
                       WHERE cp.conversation_id = c.id AND %s),
                 $6) AS id
        FROM conversation c WHERE c.id = $2"""
                    .formatted(
                            Access.relationshipOf("cp.user_id", "c.pupil_id", "r"),
                            Access.grants(Access.Action.MESSAGE, "r"));

    private ConversationEventStore() {}

    /** Announces an event to the conversation's participants who may still message about its pupil. */
    public static Future<Long> announce(
            SqlClient tx, String type, UUID conversationId, UUID messageId, UUID actorId, Long seq, Instant now) {
        return tx.preparedQuery(ANNOUNCE)
                .execute(Tuple.from(new Object[] {type, conversationId, messageId, actorId, seq, Requests.utc(now)}))
                .map(rows -> rows.iterator().next().getLong("id"));
    }
}
