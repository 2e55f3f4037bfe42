package app.tandem.audit;

import app.tandem.documents.Documents;
import app.tandem.platform.Digests;
import app.tandem.voice.Voice;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * What a subject access export holds, gathered in one statement, and the ZIP built from it on a
 * worker: `manifest.json`, one JSON file per kind of data, the documents' files, and `index.html`.
 * A parent's export holds their own account, links, the messages of conversations they take part
 * in (so a separated parent never sees the other parent's own conversations), the notices sent to
 * them, and, for the child they act for, what the family may see of the record: never staff-only
 * ratings, views not shared with the family, or disclosures on a statutory basis not to be told.
 * The manifest says how many staff-only ratings and unshared views were held back and why; what the
 * law lets the school withhold without saying so (anything about a safeguarding concern,
 * disclosures not to be told) leaves no trace, not even a count. Messages about a child stop at the
 * moment a court-order block on the person's link was recorded.
 */
final class SubjectAccessExport {
    /** $1 the person, $2 the pupil (or null). Each column one kind of data, as JSON. */
    private static final String GATHER =
            """
      SELECT
        (SELECT to_jsonb(u) - 'password_hash' - 'totp_secret' - 'totp_pending_secret' FROM app_user u WHERE u.id = $1) AS account,
        (SELECT coalesce(jsonb_agg(to_jsonb(l) ORDER BY l.created_at), '[]') FROM parent_link l WHERE l.parent_id = $1) AS links,
        (SELECT coalesce(jsonb_agg(jsonb_build_object('conversationId', m.conversation_id, 'seq', m.seq,
                  'sentByYou', m.sender_id = $1, 'sender', s.display_name, 'text', m.text, 'sentAt', m.sent_at,
                  'editedAt', m.edited_at, 'withdrawnAt', m.withdrawn_at) ORDER BY m.conversation_id, m.seq), '[]')
         FROM conversation_participant cp JOIN message m ON m.conversation_id = cp.conversation_id
         JOIN app_user s ON s.id = m.sender_id
         WHERE cp.user_id = $1 AND (m.withdrawn_at IS NULL OR m.sender_id = $1)
           AND NOT EXISTS (SELECT 1 FROM conversation c JOIN parent_link l ON l.pupil_id = c.pupil_id AND l.parent_id = $1
                           WHERE c.id = m.conversation_id AND m.sent_at >= l.blocked_at)) AS messages,
        (SELECT coalesce(jsonb_agg(jsonb_build_object('title', n.title, 'body', n.body, 'kind', n.kind,
                  'deliveredAt', r.delivered_at, 'readAt', r.read_at, 'acknowledgedAt', r.acknowledged_at, 'reply', r.reply)
                  ORDER BY r.delivered_at), '[]')
         FROM notice_recipient r JOIN notice n ON n.id = r.notice_id WHERE r.parent_id = $1) AS notices,
        (SELECT coalesce(jsonb_agg(to_jsonb(c) ORDER BY c.changed_at), '[]') FROM sen_status_change c WHERE c.pupil_id = $2) AS sen_status,
        (SELECT coalesce(jsonb_agg(to_jsonb(n) ORDER BY n.created_at), '[]') FROM need n WHERE n.pupil_id = $2) AS needs,
        (SELECT coalesce(jsonb_agg(to_jsonb(o) || jsonb_build_object('progress',
                  (SELECT coalesce(jsonb_agg(to_jsonb(g) ORDER BY g.recorded_on), '[]') FROM progress g
                   WHERE g.outcome_id = o.id AND NOT g.staff_only)) ORDER BY o.created_at), '[]')
         FROM outcome o WHERE o.pupil_id = $2) AS outcomes,
        (SELECT count(*) FROM progress g JOIN outcome o ON o.id = g.outcome_id WHERE o.pupil_id = $2 AND g.staff_only) AS staff_only_ratings,
        (SELECT coalesce(jsonb_agg(to_jsonb(v) ORDER BY v.starts_on), '[]') FROM provision v WHERE v.pupil_id = $2) AS provision,
        (SELECT coalesce(jsonb_agg(jsonb_build_object('id', v.id, 'question', q.question, 'format', v.format, 'answer', v.answer,
                  'voice', v.voice, 'givenAt', v.created_at, 'sharedAt', v.shared_at) ORDER BY v.created_at), '[]')
         FROM pupil_view v JOIN views_request q ON q.id = v.request_id
         WHERE v.pupil_id = $2 AND """
                    + Voice.parentSeesView("$1")
                    + """
        ) AS views,
        (SELECT count(*) FROM pupil_view v WHERE v.pupil_id = $2 AND """
                    + Voice.parentToldViewWithheld("$1")
                    + """
        ) AS views_not_shared,
        (SELECT coalesce(jsonb_agg(jsonb_build_object('id', m.id, 'kind', m.kind, 'startsAt', lower(m.during),
                  'place', m.place, 'status', m.status, 'agreed', m.agreed, 'actions', m.actions) ORDER BY lower(m.during)), '[]')
         FROM meeting m WHERE m.pupil_id = $2 AND (m.for_parent IS NULL OR m.for_parent = $1)) AS meetings,
        (SELECT coalesce(jsonb_agg(jsonb_build_object('documentId', d.id, 'title', d.title, 'kind', d.kind, 'version', v.version,
                  'versionId', v.id, 'fileName', v.file_name, 'mediaType', v.media_type, 'sha256', encode(v.sha256, 'hex'),
                  'content', encode(v.content, 'base64')) ORDER BY d.created_at, v.version), '[]')
         FROM document d JOIN document_version v ON v.document_id = d.id
         WHERE d.pupil_id = $2 AND """
                    + Documents.PARENTS_READ
                    + """
        ) AS documents,
        (SELECT coalesce(jsonb_agg(to_jsonb(c) ORDER BY c.given_at), '[]') FROM consent c WHERE c.pupil_id = $2) AS consents,
        (SELECT coalesce(jsonb_agg(jsonb_build_object('event', x.event, 'at', x.at, 'recipient', s.recipient_name,
                  'organisation', s.recipient_organisation, 'purpose', s.purpose, 'consentId', s.consent_id,
                  'statutoryBasis', s.statutory_basis) ORDER BY x.at), '[]')
         FROM disclosure x JOIN document_share s ON s.id = x.share_id WHERE x.pupil_id = $2 AND s.parents_may_be_told) AS disclosures,
        (SELECT coalesce(jsonb_agg(jsonb_build_object('seq', e.seq, 'at', e.at,
                  'who', CASE WHEN e.actor_id = $1 THEN 'you' ELSE u.display_name END,
                  'operation', e.operation, 'action', e.action, 'outcome', o.status) ORDER BY e.seq), '[]')
         FROM audit_event e LEFT JOIN audit_outcome o ON o.seq = e.seq LEFT JOIN app_user u ON u.id = e.actor_id
         WHERE (e.actor_id = $1 OR e.pupil_id = $2) AND """
                    + AuditStore.familyMaySee("e", "o", "$1")
                    + ") AS audit";

    /** The gathered data: each file's JSON, and what was withheld. */
    record Gathered(UUID person, UUID pupil, Map<String, Object> files, JsonArray withheld) {}

    Future<Gathered> gather(Pool pool, UUID person, UUID pupil) {
        return pool.preparedQuery(GATHER).execute(Tuple.of(person, pupil)).map(rows -> {
            var r = rows.iterator().next();
            Map<String, Object> files = new LinkedHashMap<>();
            files.put("account.json", r.getValue("account"));
            files.put("links.json", r.getValue("links"));
            files.put("messages.json", r.getValue("messages"));
            files.put("notices.json", r.getValue("notices"));
            JsonArray withheld = new JsonArray();
            if (pupil != null) {
                files.put(
                        "send-record.json",
                        new JsonObject()
                                .put("senStatusHistory", r.getValue("sen_status"))
                                .put("needs", r.getValue("needs")));
                files.put("outcomes-and-progress.json", r.getValue("outcomes"));
                files.put("provision.json", r.getValue("provision"));
                files.put("views.json", r.getValue("views"));
                files.put("meetings.json", r.getValue("meetings"));
                files.put("documents.json", r.getValue("documents"));
                files.put("consents.json", r.getValue("consents"));
                files.put("disclosures.json", r.getValue("disclosures"));
                withheld.add(withheld(
                                "progress ratings staff kept to themselves",
                                r.getLong("staff_only_ratings"),
                                "recorded as staff-only working notes"))
                        .add(withheld(
                                "the pupil's views not shared with the family",
                                r.getLong("views_not_shared"),
                                "the pupil's own, not yet shared by staff, or withdrawn by the pupil"));
            }
            files.put("audit-events.json", r.getValue("audit"));
            return new Gathered(person, pupil, files, withheld);
        });
    }

    private static JsonObject withheld(String what, long count, String why) {
        return new JsonObject().put("what", what).put("count", count).put("why", why);
    }

    /** Blocking (compresses): call on a worker. */
    byte[] zip(Gathered data, Instant now) {
        try (ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                ZipOutputStream zip = new ZipOutputStream(bytes)) {
            JsonArray manifestFiles = new JsonArray();
            StringBuilder index = new StringBuilder();
            for (Map.Entry<String, Object> file : data.files().entrySet()) {
                Object json = file.getValue() instanceof JsonObject || file.getValue() instanceof JsonArray
                        ? file.getValue()
                        : file.getValue() == null
                                ? new JsonArray()
                                : io.vertx.core.json.Json.decodeValue(
                                        file.getValue().toString());
                if (file.getKey().equals("documents.json") && json instanceof JsonArray docs) {
                    for (Object d : docs) {
                        JsonObject doc = (JsonObject) d;
                        byte[] content = java.util.Base64.getMimeDecoder().decode((String) doc.remove("content"));
                        String name = "documents/" + doc.getString("versionId") + "-" + safe(doc.getString("fileName"));
                        doc.put("file", name);
                        put(zip, name, content);
                        manifestFiles.add(entry(name, content, 1));
                    }
                }
                byte[] content = (json instanceof JsonObject o
                                ? o.encodePrettily()
                                : ((JsonArray) json).encodePrettily())
                        .getBytes(StandardCharsets.UTF_8);
                int records = json instanceof JsonArray a ? a.size() : 1;
                put(zip, file.getKey(), content);
                manifestFiles.add(entry(file.getKey(), content, records));
                index.append("<tr><td>")
                        .append(html(file.getKey()))
                        .append("</td><td>")
                        .append(records)
                        .append("</td></tr>\n");
            }
            JsonObject manifest = new JsonObject()
                    .put("person", data.person().toString())
                    .put("pupil", data.pupil() == null ? null : data.pupil().toString())
                    .put("generatedAt", now.toString())
                    .put("files", manifestFiles)
                    .put("withheld", data.withheld());
            put(zip, "manifest.json", manifest.encodePrettily().getBytes(StandardCharsets.UTF_8));
            StringBuilder withheld = new StringBuilder();
            for (Object w : data.withheld()) {
                JsonObject o = (JsonObject) w;
                withheld.append("<li>")
                        .append(o.getLong("count"))
                        .append(' ')
                        .append(html(o.getString("what")))
                        .append(": ")
                        .append(html(o.getString("why")))
                        .append("</li>\n");
            }
            put(
                    zip,
                    "index.html",
                    ("<!doctype html><html lang=\"en\"><meta charset=\"utf-8\"><title>Your data in Tandem</title>"
                                    + "<h1>Your data in Tandem</h1><p>Made " + html(now.toString())
                                    + ". Each file below is JSON;"
                                    + " manifest.json lists every file with its SHA-256.</p><table><tr><th>file</th><th>records</th></tr>\n"
                                    + index + "</table><h2>Held back</h2><ul>" + withheld + "</ul></html>\n")
                            .getBytes(StandardCharsets.UTF_8));
            zip.finish();
            return bytes.toByteArray();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private static JsonObject entry(String name, byte[] content, int records) {
        return new JsonObject()
                .put("name", name)
                .put("sha256", HexFormat.of().formatHex(Digests.sha256(content)))
                .put("records", records);
    }

    private static void put(ZipOutputStream zip, String name, byte[] content) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(content);
        zip.closeEntry();
    }

    private static String safe(String fileName) {
        return fileName.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    private static String html(String text) {
        return text.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;");
    }
}
