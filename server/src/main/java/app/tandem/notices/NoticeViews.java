package app.tandem.notices;

import app.tandem.attachments.Attachments;
import app.tandem.platform.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.UUID;

/** Notices as JSON, for parents and for staff. */
final class NoticeViews {
    private NoticeViews() {}

    static JsonObject staff(Row r) {
        JsonObject json = common(r, r.getString("title"), r.getString("body"), "en");
        json.put("audience", r.getJsonObject("audience"));
        json.put("translations", r.getValue("translations") instanceof JsonArray a ? a : new JsonArray());
        json.put("counts", counts(r));
        return json;
    }

    static JsonObject forParent(Row r, Instant readNow) {
        JsonObject json =
                common(r, r.getString("shown_title"), r.getString("shown_body"), r.getString("shown_language"));
        put(json, "readAt", readNow != null ? readNow.toString() : time(r.getOffsetDateTime("read_at")));
        put(json, "acknowledgedAt", time(r.getOffsetDateTime("acknowledged_at")));
        put(json, "myReply", r.getString("my_reply"));
        return json;
    }

    private static JsonObject common(Row r, String title, String body, String language) {
        JsonObject json = new JsonObject()
                .put("id", r.getUUID("id").toString())
                .put("kind", r.getString("kind"))
                .put("title", title)
                .put("body", body)
                .put("language", language)
                .put("requiresAcknowledgement", r.getBoolean("requires_ack"))
                .put("reply", r.getString("reply"))
                .put("urgent", r.getBoolean("urgent"))
                .put(
                        "status",
                        r.getOffsetDateTime("withdrawn_at") != null
                                ? "withdrawn"
                                : r.getOffsetDateTime("sent_at") != null ? "sent" : "scheduled")
                .put("sendAt", time(r.getOffsetDateTime("send_at")));
        put(json, "acknowledgeBy", time(r.getOffsetDateTime("ack_deadline")));
        put(json, "sentAt", time(r.getOffsetDateTime("sent_at")));
        put(json, "pupilId", id(r.getUUID("pupil_id")));
        put(json, "correctsNoticeId", id(r.getUUID("corrects_id")));
        put(json, "correctedByNoticeId", id(r.getUUID("corrected_by")));
        json.put("attachments", Attachments.list(r.getValue("attachments")));
        return json;
    }

    static JsonObject counts(Row r) {
        return new JsonObject()
                .put("recipients", r.getLong("recipients") == null ? 0 : r.getLong("recipients"))
                .put("read", r.getLong("read") == null ? 0 : r.getLong("read"))
                .put("acknowledged", r.getLong("acknowledged") == null ? 0 : r.getLong("acknowledged"));
    }

    static JsonObject mine(Row r) {
        JsonObject json = new JsonObject()
                .put("id", r.getUUID("id").toString())
                .put("kind", r.getString("kind"))
                .put("title", r.getString("title"))
                .put("requiresAcknowledgement", r.getBoolean("requires_ack"))
                .put("acknowledgedAt", time(r.getOffsetDateTime("acknowledged_at")))
                .put("readAt", time(r.getOffsetDateTime("read_at")))
                .put("urgent", r.getBoolean("urgent"))
                .put("sentAt", time(r.getOffsetDateTime("delivered_at")))
                .put("school", Json.named(r.getUUID("school_id"), r.getString("school_name")));
        put(json, "acknowledgeBy", time(r.getOffsetDateTime("ack_deadline")));
        JsonArray pupils = new JsonArray();
        for (UUID id : r.getArrayOfUUIDs("pupil_ids")) pupils.add(id.toString());
        return json.put("pupilIds", pupils);
    }

    static JsonObject acknowledgement(Row r) {
        JsonObject json = new JsonObject().put("acknowledgedAt", time(r.getOffsetDateTime("acknowledged_at")));
        put(json, "reply", r.getString("reply"));
        return json;
    }

    static JsonObject response(Row r) {
        JsonArray pupils = new JsonArray();
        String[] names = r.getArrayOfStrings("pupils");
        if (names != null) for (String name : names) pupils.add(name);
        return new JsonObject()
                .put("parentId", r.getUUID("parent_id").toString())
                .put("displayName", r.getString("display_name"))
                .put("pupils", pupils)
                .put("readAt", time(r.getOffsetDateTime("read_at")))
                .put("acknowledgedAt", time(r.getOffsetDateTime("acknowledged_at")))
                .put("reply", r.getString("reply"))
                .put("remindedAt", time(r.getOffsetDateTime("reminded_at")));
    }

    static JsonObject formal(Row r) {
        JsonArray acks = new JsonArray();
        if (r.getValue("acknowledgements") instanceof JsonArray raw) {
            for (Object o : raw) {
                JsonObject a = (JsonObject) o;
                String at = a.getString("acknowledgedAt");
                acks.add(new JsonObject()
                        .put("parentId", a.getString("parentId"))
                        .put("displayName", a.getString("displayName"))
                        .put(
                                "acknowledgedAt",
                                at == null
                                        ? null
                                        : OffsetDateTime.parse(at).toInstant().toString()));
            }
        }
        return new JsonObject()
                .put("id", r.getUUID("id").toString())
                .put("title", r.getString("title"))
                .put("sentAt", time(r.getOffsetDateTime("sent_at")))
                .put("acknowledgements", acks);
    }

    private static String time(OffsetDateTime t) {
        return t == null ? null : t.toInstant().toString();
    }

    private static String id(UUID id) {
        return id == null ? null : id.toString();
    }

    private static void put(JsonObject json, String key, Object value) {
        if (value != null) json.put(key, value);
    }
}
