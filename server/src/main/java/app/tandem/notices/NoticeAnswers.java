package app.tandem.notices;

import app.tandem.attachments.Attachments;
import app.tandem.platform.Answer;
import app.tandem.platform.Json;
import app.tandem.platform.SqlJson;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * What notices' services answer, typed, read from the store's rows; the routes turn them into the
 * contract's JSON (`toJson`).
 */
final class NoticeAnswers {
    private NoticeAnswers() {}

    /** A reminder sent: to how many families. */
    record Reminded(int reminded) implements Answer {
        @Override
        public JsonObject toJson() {
            return new JsonObject().put("reminded", reminded);
        }
    }

    /** A formal notice no one received on the app: the school posts it. */
    record PaperNotice(UUID id, String title, UUID pupilId, String pupilName, Instant createdAt) implements Answer {
        @Override
        public JsonObject toJson() {
            return new JsonObject()
                    .put("id", id.toString())
                    .put("title", title)
                    .put("pupil", Json.named(pupilId, pupilName))
                    .put("createdAt", createdAt.toString());
        }
    }

    /** How many families a notice reached, read it and acknowledged it. */
    record Counts(long recipients, long read, long acknowledged) {
        static Counts of(Row r) {
            return new Counts(count(r, "recipients"), count(r, "read"), count(r, "acknowledged"));
        }

        JsonObject toJson() {
            return new JsonObject()
                    .put("recipients", recipients)
                    .put("read", read)
                    .put("acknowledged", acknowledged);
        }

        private static long count(Row r, String column) {
            Long n = r.getLong(column);
            return n == null ? 0 : n;
        }
    }

    /** What staff see of a notice they sent: its audience, translations and counts. */
    record StaffSide(SqlJson audience, JsonArray translations, Counts counts) {}

    /** What a parent sees of their copy: in their language, when they read and acknowledged it. */
    record ParentSide(Instant readAt, Instant acknowledgedAt, String myReply) {}

    /** One notice, as staff or as a parent sees it (exactly one side is given). */
    record Notice(
            UUID id,
            String kind,
            String title,
            String body,
            String language,
            boolean requiresAcknowledgement,
            String reply,
            boolean urgent,
            String status,
            Instant sendAt,
            Instant acknowledgeBy,
            Instant sentAt,
            UUID pupilId,
            UUID correctsNoticeId,
            UUID correctedByNoticeId,
            JsonArray attachments,
            StaffSide staff,
            ParentSide parent)
            implements Answer {
        static Notice forStaff(Row r) {
            StaffSide side = new StaffSide(
                    new SqlJson(r.getJsonObject("audience")),
                    r.getValue("translations") instanceof JsonArray a ? a : new JsonArray(),
                    Counts.of(r));
            return of(r, r.getString("title"), r.getString("body"), "en", side, null);
        }

        static Notice forParent(Row r, Instant readNow) {
            ParentSide side = new ParentSide(
                    readNow != null ? readNow : instant(r.getOffsetDateTime("read_at")),
                    instant(r.getOffsetDateTime("acknowledged_at")),
                    r.getString("my_reply"));
            return of(
                    r,
                    r.getString("shown_title"),
                    r.getString("shown_body"),
                    r.getString("shown_language"),
                    null,
                    side);
        }

        private static Notice of(
                Row r, String title, String body, String language, StaffSide staff, ParentSide parent) {
            return new Notice(
                    r.getUUID("id"),
                    r.getString("kind"),
                    title,
                    body,
                    language,
                    r.getBoolean("requires_ack"),
                    r.getString("reply"),
                    r.getBoolean("urgent"),
                    r.getOffsetDateTime("withdrawn_at") != null
                            ? "withdrawn"
                            : r.getOffsetDateTime("sent_at") != null ? "sent" : "scheduled",
                    instant(r.getOffsetDateTime("send_at")),
                    instant(r.getOffsetDateTime("ack_deadline")),
                    instant(r.getOffsetDateTime("sent_at")),
                    r.getUUID("pupil_id"),
                    r.getUUID("corrects_id"),
                    r.getUUID("corrected_by"),
                    Attachments.list(r.getValue("attachments")),
                    staff,
                    parent);
        }

        @Override
        public JsonObject toJson() {
            JsonObject json = new JsonObject()
                    .put("id", id.toString())
                    .put("kind", kind)
                    .put("title", title)
                    .put("body", body)
                    .put("language", language)
                    .put("requiresAcknowledgement", requiresAcknowledgement)
                    .put("reply", reply)
                    .put("urgent", urgent)
                    .put("status", status)
                    .put("sendAt", text(sendAt));
            put(json, "acknowledgeBy", acknowledgeBy);
            put(json, "sentAt", sentAt);
            put(json, "pupilId", pupilId);
            put(json, "correctsNoticeId", correctsNoticeId);
            put(json, "correctedByNoticeId", correctedByNoticeId);
            json.put("attachments", attachments);
            if (staff != null) {
                json.put("audience", staff.audience().toJson())
                        .put("translations", staff.translations())
                        .put("counts", staff.counts().toJson());
            }
            if (parent != null) {
                put(json, "readAt", parent.readAt());
                put(json, "acknowledgedAt", parent.acknowledgedAt());
                put(json, "myReply", parent.myReply());
            }
            return json;
        }
    }

    /** A notice in a parent's list. */
    record Listed(
            UUID id,
            String kind,
            String title,
            boolean requiresAcknowledgement,
            Instant acknowledgedAt,
            Instant readAt,
            boolean urgent,
            Instant sentAt,
            UUID schoolId,
            String schoolName,
            Instant acknowledgeBy,
            List<UUID> pupilIds)
            implements Answer {
        static Listed of(Row r) {
            return new Listed(
                    r.getUUID("id"),
                    r.getString("kind"),
                    r.getString("title"),
                    r.getBoolean("requires_ack"),
                    instant(r.getOffsetDateTime("acknowledged_at")),
                    instant(r.getOffsetDateTime("read_at")),
                    r.getBoolean("urgent"),
                    instant(r.getOffsetDateTime("delivered_at")),
                    r.getUUID("school_id"),
                    r.getString("school_name"),
                    instant(r.getOffsetDateTime("ack_deadline")),
                    List.of(r.getArrayOfUUIDs("pupil_ids")));
        }

        @Override
        public JsonObject toJson() {
            JsonObject json = new JsonObject()
                    .put("id", id.toString())
                    .put("kind", kind)
                    .put("title", title)
                    .put("requiresAcknowledgement", requiresAcknowledgement)
                    .put("acknowledgedAt", text(acknowledgedAt))
                    .put("readAt", text(readAt))
                    .put("urgent", urgent)
                    .put("sentAt", text(sentAt))
                    .put("school", Json.named(schoolId, schoolName));
            put(json, "acknowledgeBy", acknowledgeBy);
            JsonArray pupils = new JsonArray();
            pupilIds.forEach(p -> pupils.add(p.toString()));
            return json.put("pupilIds", pupils);
        }
    }

    /** A parent's acknowledgement, and their reply when the notice asks for one. */
    record Acknowledged(Instant acknowledgedAt, String reply) implements Answer {
        static Acknowledged of(Row r) {
            return new Acknowledged(instant(r.getOffsetDateTime("acknowledged_at")), r.getString("reply"));
        }

        @Override
        public JsonObject toJson() {
            JsonObject json = new JsonObject().put("acknowledgedAt", text(acknowledgedAt));
            put(json, "reply", reply);
            return json;
        }
    }

    /** One family's response to a notice, for the staff who sent it. */
    record Response(
            UUID parentId,
            String displayName,
            List<String> pupils,
            Instant readAt,
            Instant acknowledgedAt,
            String reply,
            Instant remindedAt) {
        static Response of(Row r) {
            String[] names = r.getArrayOfStrings("pupils");
            return new Response(
                    r.getUUID("parent_id"),
                    r.getString("display_name"),
                    names == null ? List.of() : List.of(names),
                    instant(r.getOffsetDateTime("read_at")),
                    instant(r.getOffsetDateTime("acknowledged_at")),
                    r.getString("reply"),
                    instant(r.getOffsetDateTime("reminded_at")));
        }

        JsonObject toJson() {
            return new JsonObject()
                    .put("parentId", parentId.toString())
                    .put("displayName", displayName)
                    .put("pupils", new JsonArray(pupils))
                    .put("readAt", text(readAt))
                    .put("acknowledgedAt", text(acknowledgedAt))
                    .put("reply", reply)
                    .put("remindedAt", text(remindedAt));
        }
    }

    /** The counts of a notice and every family's response. */
    record Responses(Counts counts, List<Response> items) implements Answer {
        @Override
        public JsonObject toJson() {
            JsonArray list = new JsonArray();
            items.forEach(r -> list.add(r.toJson()));
            return new JsonObject().put("counts", counts.toJson()).put("items", list);
        }
    }

    /** A formal notice about a pupil and who with parental responsibility has acknowledged it. */
    record Formal(UUID id, String title, Instant sentAt, List<Acknowledgement> acknowledgements) implements Answer {
        record Acknowledgement(UUID parentId, String displayName, Instant acknowledgedAt) {}

        static Formal of(Row r) {
            List<Acknowledgement> acks = new java.util.ArrayList<>();
            if (r.getValue("acknowledgements") instanceof JsonArray raw) {
                for (Object o : raw) {
                    JsonObject a = (JsonObject) o;
                    String at = a.getString("acknowledgedAt");
                    acks.add(new Acknowledgement(
                            UUID.fromString(a.getString("parentId")),
                            a.getString("displayName"),
                            at == null ? null : OffsetDateTime.parse(at).toInstant()));
                }
            }
            return new Formal(r.getUUID("id"), r.getString("title"), instant(r.getOffsetDateTime("sent_at")), acks);
        }

        @Override
        public JsonObject toJson() {
            JsonArray acks = new JsonArray();
            acknowledgements.forEach(a -> acks.add(new JsonObject()
                    .put("parentId", a.parentId().toString())
                    .put("displayName", a.displayName())
                    .put("acknowledgedAt", text(a.acknowledgedAt()))));
            return new JsonObject()
                    .put("id", id.toString())
                    .put("title", title)
                    .put("sentAt", text(sentAt))
                    .put("acknowledgements", acks);
        }
    }

    private static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }

    private static String text(Instant t) {
        return t == null ? null : t.toString();
    }

    private static void put(JsonObject json, String key, Object value) {
        if (value != null) json.put(key, value instanceof Instant || value instanceof UUID ? value.toString() : value);
    }
}
