package app.tandem.notices;

import app.tandem.platform.Answer;
import app.tandem.platform.Named;
import app.tandem.platform.SqlJson;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.vertx.core.json.JsonArray;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** What notices' services answer, typed; each is its JSON, field by field (the store reads them from rows). */
final class NoticeAnswers {
    private NoticeAnswers() {}

    /** A reminder sent: to how many families. */
    record Reminded(int reminded) implements Answer {}

    /** A formal notice no one received on the app: the school posts it. */
    record PaperNotice(UUID id, String title, Named pupil, Instant createdAt) implements Answer {}

    /** How many families a notice reached, read it and acknowledged it. */
    record Counts(long recipients, long read, long acknowledged) {}

    /** What staff see of a notice they sent: its audience, translations and counts. */
    record StaffSide(SqlJson audience, JsonArray translations, Counts counts) {}

    /** What a parent sees of their copy: in their language, when they read and acknowledged it. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ParentSide(Instant readAt, Instant acknowledgedAt, String myReply) {}

    /** One notice, as staff or as a parent sees it (exactly one side is given). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
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
            @JsonUnwrapped StaffSide staff,
            @JsonUnwrapped ParentSide parent)
            implements Answer {}

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
            Named school,
            @JsonInclude(JsonInclude.Include.NON_NULL) Instant acknowledgeBy,
            List<UUID> pupilIds)
            implements Answer {}

    /** A parent's acknowledgement, and their reply when the notice asks for one. */
    record Acknowledged(Instant acknowledgedAt, @JsonInclude(JsonInclude.Include.NON_NULL) String reply)
            implements Answer {}

    /** One family's response to a notice, for the staff who sent it. */
    record Response(
            UUID parentId,
            String displayName,
            List<String> pupils,
            Instant readAt,
            Instant acknowledgedAt,
            String reply,
            Instant remindedAt) {}

    /** The counts of a notice and every family's response. */
    record Responses(Counts counts, List<Response> items) implements Answer {}

    /** Someone with parental responsibility, and when they acknowledged a formal notice (null: not yet). */
    record Acknowledgement(UUID parentId, String displayName, Instant acknowledgedAt) {}

    /** A formal notice about a pupil and who with parental responsibility has acknowledged it. */
    record Formal(UUID id, String title, Instant sentAt, List<Acknowledgement> acknowledgements) implements Answer {}
}
