package app.tandem.messaging;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.UUID;

/** Messaging's requests as typed values, made from bodies the contract has already checked. */
final class MessagingRequests {
    private MessagingRequests() {}

    /** A message: its words (empty with files only), files, and the phone's id for a safe retry. */
    record NewMessage(String clientMessageId, String text, List<UUID> attachmentIds) {
        static NewMessage from(JsonObject b) {
            return new NewMessage(
                    b.getString("clientMessageId"),
                    b.getString("text", ""),
                    MessageStore.ids(b.getJsonArray("attachmentIds")));
        }
    }

    /**
     * A new conversation about a pupil, with whom among the pupil's staff, and an optional first
     * message (text and the phone's id for it).
     */
    record NewConversation(
            UUID pupilId,
            String subject,
            String text,
            String clientMessageId,
            boolean withClassTeacher,
            boolean withSenco) {
        static NewConversation from(JsonObject b) {
            JsonArray staff =
                    b.getJsonArray("staff", new JsonArray().add("classTeacher").add("senco"));
            return new NewConversation(
                    UUID.fromString(b.getString("pupilId")),
                    b.getString("subject"),
                    b.getString("text"),
                    b.getString("clientMessageId"),
                    staff.contains("classTeacher"),
                    staff.contains("senco"));
        }
    }
}
