package app.tandem.realtime;

import io.vertx.sqlclient.Row;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/** One row of the live event log: what happened, to which conversation, and who should hear. */
public record LiveEvent(
        long id, String type, UUID conversationId, UUID messageId, UUID actorId, Long seq, List<UUID> recipients) {

    static final String COLUMNS = "e.id, e.type, e.conversation_id, e.message_id, e.actor_id, e.seq, e.recipients";

    static LiveEvent of(Row r) {
        return new LiveEvent(
                r.getLong("id"),
                r.getString("type"),
                r.getUUID("conversation_id"),
                r.getUUID("message_id"),
                r.getUUID("actor_id"),
                r.getLong("seq"),
                Arrays.asList(r.getArrayOfUUIDs("recipients")));
    }
}
