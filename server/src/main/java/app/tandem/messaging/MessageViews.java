package app.tandem.messaging;

import app.tandem.platform.Caller;
import app.tandem.platform.Caller.Role;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.OffsetDateTime;

/**
 * Messages and conversations as a given person may see them. The store hands over rows built by
 * PostgreSQL as JSON; these methods decide what of it the viewer is shown.
 */
final class MessageViews {
    private MessageViews() {}

    /** Who still sees a withdrawn message: its sender, and the school's record keepers. */
    static boolean seesWithdrawn(Caller viewer, String senderId) {
        return viewer.subject().toString().equals(senderId)
                || (viewer.isStaff() && (viewer.has(Role.SENCO) || viewer.has(Role.DSL)));
    }

    static JsonObject message(JsonObject raw, Caller viewer) {
        String sender = raw.getString("senderId");
        boolean withdrawn = raw.getValue("withdrawnAt") != null;
        boolean visible = !withdrawn || seesWithdrawn(viewer, sender);
        JsonObject json = new JsonObject()
                .put("id", raw.getString("id"))
                .put("conversationId", raw.getString("conversationId"))
                .put("seq", raw.getLong("seq"))
                .put("senderId", sender)
                .put("senderName", raw.getString("senderName"));
        if (viewer.subject().toString().equals(sender)) json.put("clientMessageId", raw.getString("clientMessageId"));
        json.put("text", visible ? raw.getString("text") : null)
                .put("attachments", visible ? raw.getJsonArray("attachments", new JsonArray()) : new JsonArray())
                .put("sentAt", time(raw.getString("sentAt")))
                .put("withdrawn", withdrawn);
        put(json, "editedAt", time(raw.getString("editedAt")));
        put(json, "withdrawnAt", time(raw.getString("withdrawnAt")));
        return json;
    }

    static JsonObject conversation(JsonObject raw, Caller viewer, Instant now) {
        OfficeHours hours = OfficeHours.of(raw.getString("timeZone"), raw.getJsonArray("officeHours"));
        JsonObject json = new JsonObject()
                .put("id", raw.getString("id"))
                .put(
                        "pupil",
                        new JsonObject().put("id", raw.getString("pupilId")).put("name", raw.getString("pupilName")))
                .put(
                        "school",
                        new JsonObject().put("id", raw.getString("schoolId")).put("name", raw.getString("schoolName")));
        put(json, "subject", raw.getString("subject"));
        json.put("createdAt", time(raw.getString("createdAt")))
                .put("lastMessageAt", time(raw.getString("lastMessageAt")));
        JsonObject last = raw.getJsonObject("lastMessage");
        if (last != null) json.put("lastMessage", message(last, viewer));
        json.put("unread", raw.getInteger("unread"));
        JsonArray participants = new JsonArray();
        for (Object o : raw.getJsonArray("participants", new JsonArray())) {
            JsonObject p = (JsonObject) o;
            JsonObject view = new JsonObject()
                    .put("userId", p.getString("userId"))
                    .put("displayName", p.getString("displayName"))
                    .put("kind", p.getString("kind"));
            if ("staff".equals(p.getString("kind"))) view.put("roles", p.getJsonArray("roles"));
            view.put("deliveredUpTo", p.getLong("deliveredUpTo")).put("readUpTo", p.getLong("readUpTo"));
            put(view, "readAt", time(p.getString("readAt")));
            participants.add(view);
        }
        json.put("participants", participants);
        if (viewer.kind() == Caller.Kind.PARENT && last != null && "parent".equals(last.getString("senderKind"))) {
            put(json, "expectedReplyBy", replyBy(hours, Instant.parse(time(last.getString("sentAt")))));
        }
        json.put("office", hours.status(now));
        return json;
    }

    /** When the school next answers, for a message sent outside office hours; null inside them. */
    static String replyBy(OfficeHours hours, Instant sentAt) {
        Instant opens = hours.nextOpening(sentAt);
        return opens.equals(sentAt) ? null : opens.toString();
    }

    /** PostgreSQL writes timestamps in JSON with an offset; the API speaks UTC with a `Z`. */
    static String time(String pgTimestamp) {
        return pgTimestamp == null
                ? null
                : OffsetDateTime.parse(pgTimestamp).toInstant().toString();
    }

    static void put(JsonObject json, String key, Object value) {
        if (value != null) json.put(key, value);
    }
}
