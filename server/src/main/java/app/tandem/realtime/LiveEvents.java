package app.tandem.realtime;

import app.tandem.access.Access;
import app.tandem.platform.Requests;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.UUID;

/**
 * Writes live events, inside the transaction that makes the change. One statement takes a shared
 * transaction-scoped advisory lock before the event gets its id, records the event for each current
 * participant of the conversation, and queues a NOTIFY carrying only the id. PostgreSQL delivers
 * the NOTIFY at commit and never for work that rolled back.
 *
 * <p>Writers share the lock, so conversations never wait for one another; a reader ({@link
 * LiveFeed}) takes it exclusively before it reads, which waits for every writer that already has an
 * id to commit (and holds new ones back for that moment). So a reader that has seen id N never
 * later meets a smaller one, without putting every message in the school in one queue.
 */
public final class LiveEvents {
    static final String CHANNEL = "tandem_live";
    /** The advisory lock key that orders event ids; no other lock in Tandem uses it. */
    static final long ORDER_LOCK = 0x7A4E_0001L;

    private static final String ANNOUNCE =
            """
        WITH ordered AS (SELECT pg_advisory_xact_lock_shared($1)),
        event AS (
          INSERT INTO live_event (school_id, type, conversation_id, message_id, actor_id, seq, recipients, created_at)
          SELECT c.school_id, $2, c.id, $4, $5, $6,
                 ARRAY(SELECT cp.user_id FROM conversation_participant cp, %s
                       WHERE cp.conversation_id = c.id AND %s),
                 $7
          FROM conversation c, ordered WHERE c.id = $3
          RETURNING id, recipients),
        delivered AS (INSERT INTO live_delivery (user_id, event_id) SELECT unnest(recipients), id FROM event)
        SELECT id, pg_notify($8, id::text) FROM event"""
                    .formatted(
                            Access.relationshipOf("cp.user_id", "c.pupil_id", "r"),
                            Access.grants(Access.Action.MESSAGE, "r"));

    private LiveEvents() {}

    /** Announces an event to the conversation's participants who may still message about its pupil (the access rule). */
    public static Future<Long> announce(
            SqlClient tx, String type, UUID conversationId, UUID messageId, UUID actorId, Long seq, Instant now) {
        return tx.preparedQuery(ANNOUNCE)
                .execute(Tuple.from(new Object[] {
                    ORDER_LOCK, type, conversationId, messageId, actorId, seq, Requests.utc(now), CHANNEL
                }))
                .map(rows -> rows.iterator().next().getLong("id"));
    }
}
