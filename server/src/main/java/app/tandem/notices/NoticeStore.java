package app.tandem.notices;

import app.tandem.access.Access;
import app.tandem.attachments.Attachments;
import app.tandem.platform.Named;
import app.tandem.platform.Requests;
import app.tandem.platform.Sql;
import app.tandem.platform.SqlJson;
import app.tandem.platform.SubjectData;
import app.tandem.push.Outbox;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** SQL for notices: writing and delivering them, and reading them as a parent or as staff. */
final class NoticeStore {

    /**
     * The audience: the school's pupils it names, and the parents (`r.person_id`) who may see each
     * of them now, by the access rule.
     */
    private static final String AUDIENCE =
            """
      FROM pupil_profile p
      JOIN pupil_relationship r ON r.pupil_id = p.id AND r.relationship = 'parent'
      WHERE p.school_id = $1 AND (
            $2 = 'school'
         OR ($2 = 'classes' AND p.class_id = ANY($3))
         OR ($2 = 'pupils' AND p.id = ANY($3))
         OR ($2 = 'yearGroups' AND p.year_group = ANY($4))
         OR ($2 = 'senRegister' AND p.sen_status IN ('sen-support', 'ehc-plan')))""";

    private static Tuple audience(UUID schoolId, Audience audience) {
        return Tuple.tuple()
                .addUUID(schoolId)
                .addString(audience.type())
                .addArrayOfUUID(audience.idArray())
                .addArrayOfInteger(audience.yearArray());
    }

    Future<Integer> countRecipients(SqlClient sql, UUID schoolId, Audience audience) {
        return sql.preparedQuery("SELECT count(DISTINCT r.person_id) " + AUDIENCE)
                .execute(audience(schoolId, audience))
                .map(rows -> rows.iterator().next().getInteger(0));
    }

    /** How many of the ids are active classes (or pupils) of the school. */
    Future<Integer> countInSchool(SqlClient sql, UUID schoolId, Audience audience) {
        String table = audience.type().equals("classes") ? "class_profile" : "pupil_profile";
        return sql.preparedQuery("SELECT count(*) FROM " + table + " WHERE school_id = $1 AND active AND id = ANY($2)")
                .execute(Tuple.tuple().addUUID(schoolId).addArrayOfUUID(audience.idArray()))
                .map(rows -> rows.iterator().next().getInteger(0));
    }

    Future<UUID> insert(
            SqlClient sql,
            UUID schoolId,
            String kind,
            NoticeRequests.Letter letter,
            Audience audience,
            boolean requiresAck,
            String reply,
            Instant ackBy,
            boolean urgent,
            Instant sendAt,
            UUID pupilId,
            UUID corrects,
            UUID createdBy,
            Instant now) {
        return sql.preparedQuery(
                        """
            INSERT INTO notice (school_id, kind, title, body, audience, requires_ack, reply, ack_deadline, urgent, send_at,
                                pupil_id, corrects_id, created_by, created_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id""")
                .execute(Tuple.from(new Object[] {
                    schoolId,
                    kind,
                    letter.title(),
                    letter.body(),
                    audience.toJson(),
                    requiresAck,
                    reply,
                    Requests.utc(ackBy),
                    urgent,
                    Requests.utc(sendAt),
                    pupilId,
                    corrects,
                    createdBy,
                    Requests.utc(now)
                }))
                .map(rows -> rows.iterator().next().getUUID("id"));
    }

    Future<Void> attach(SqlClient sql, UUID noticeId, java.util.List<UUID> attachmentIds) {
        if (attachmentIds.isEmpty()) return Future.succeededFuture();
        java.util.List<Tuple> rows = new java.util.ArrayList<>();
        for (int i = 0; i < attachmentIds.size(); i++) rows.add(Tuple.of(noticeId, attachmentIds.get(i), (short) i));
        return sql.preparedQuery(
                        "INSERT INTO notice_attachment (notice_id, attachment_id, position) VALUES ($1, $2, $3)")
                .executeBatch(rows)
                .mapEmpty();
    }

    Future<java.util.List<UUID>> noticesWith(SqlClient sql, UUID attachmentId) {
        return sql.preparedQuery("SELECT notice_id FROM notice_attachment WHERE attachment_id = $1")
                .execute(Tuple.of(attachmentId))
                .map(rows -> {
                    java.util.List<UUID> ids = new java.util.ArrayList<>();
                    rows.forEach(r -> ids.add(r.getUUID(0)));
                    return ids;
                });
    }

    Future<Void> insertTranslations(
            SqlClient sql, UUID noticeId, java.util.List<NoticeRequests.Translation> translations) {
        if (translations.isEmpty()) return Future.succeededFuture();
        return sql.preparedQuery(
                        "INSERT INTO notice_translation (notice_id, language, title, body) VALUES ($1, $2, $3, $4)")
                .executeBatch(translations.stream()
                        .map(t -> Tuple.of(noticeId, t.language(), t.title(), t.body()))
                        .toList())
                .mapEmpty();
    }

    /**
     * Delivers a notice: one recipient row per parent reached and one outbox row per recipient, in
     * two statements whatever the audience's size. Returns how many parents it reached.
     */
    Future<Integer> deliver(
            SqlClient sql, UUID noticeId, UUID schoolId, Audience audience, boolean urgent, Instant now) {
        return sql.preparedQuery(
                        """
            INSERT INTO notice_recipient (notice_id, parent_id, school_id, pupil_ids, delivered_at)
            SELECT $5, r.person_id, $1, array_agg(DISTINCT p.id), $6
            """
                                + AUDIENCE + " GROUP BY r.person_id RETURNING parent_id")
                .execute(audience(schoolId, audience).addUUID(noticeId).addOffsetDateTime(Requests.utc(now)))
                .compose(inserted -> sent(sql, schoolId, noticeId, inserted, urgent, now));
    }

    /** The recipients just inserted get their push; the notice is marked sent. Returns how many. */
    private static Future<Integer> sent(
            SqlClient sql, UUID schoolId, UUID noticeId, RowSet<Row> inserted, boolean urgent, Instant now) {
        return Outbox.enqueue(sql, schoolId, push("notice", noticeId, urgent), parents(inserted), now)
                .compose(v -> sql.preparedQuery("UPDATE notice SET sent_at = $2 WHERE id = $1")
                        .execute(Tuple.of(noticeId, Requests.utc(now))))
                .map(v -> inserted.rowCount());
    }

    /**
     * Delivers a formal notice about one pupil: to the parents who read the pupil's record (the
     * access rule), and, from the pupil's transfer date, to the young person when they have their
     * own sign-in (their account id is the pupil id). Returns how many it reached.
     */
    Future<Integer> deliverFormal(SqlClient sql, UUID noticeId, UUID schoolId, UUID pupilId, Instant now) {
        return sql.preparedQuery(
                        """
            INSERT INTO notice_recipient (notice_id, parent_id, school_id, pupil_ids, delivered_at)
            SELECT $3, r.person_id, $1, ARRAY[r.pupil_id], $4
            FROM pupil_relationship r JOIN pupil_profile p ON p.id = r.pupil_id
            WHERE r.pupil_id = $2 AND r.school_id = $1
              AND ((r.relationship = 'parent' AND """
                                + Access.grants(Access.Action.READ_RECORD, "r")
                                + """
            )
                   OR (r.relationship = 'self' AND p.young_person_from <= ($4 AT TIME ZONE 'UTC')::date
                       AND EXISTS (SELECT 1 FROM person u WHERE u.id = p.id AND u.active)))
            RETURNING parent_id""")
                .execute(Tuple.of(schoolId, pupilId, noticeId, Requests.utc(now)))
                .compose(inserted -> sent(sql, schoolId, noticeId, inserted, false, now));
    }

    private static final String VERSION =
            """
      LEFT JOIN LATERAL (
        SELECT t.language, t.title, t.body FROM notice_translation t
        WHERE t.notice_id = n.id AND (lower(t.language) = lower($LANG)
              OR lower(split_part(t.language, '-', 1)) = lower(split_part($LANG, '-', 1)))
        ORDER BY lower(t.language) = lower($LANG) DESC LIMIT 1) v ON true
      """;

    /** A page of a parent's notices, newest (or unread) first, hiding any that reach them only through a blocked link. */
    Future<RowSet<Row>> myNotices(
            SqlClient sql,
            UUID parentId,
            String language,
            boolean unreadFirst,
            Integer afterUnread,
            OffsetDateTime afterDelivered,
            UUID afterId,
            int limit) {
        return sql.preparedQuery(
                        """
            SELECT n.id, n.kind, coalesce(v.title, n.title) AS title, n.requires_ack, n.ack_deadline, n.urgent,
                   r.delivered_at, r.read_at, r.acknowledged_at, r.pupil_ids, n.school_id,
                   (SELECT s.name FROM school_profile s WHERE s.id = n.school_id) AS school_name,
                   CASE WHEN $3 THEN (r.read_at IS NULL)::int ELSE 0 END AS unread_key
            FROM notice_recipient r JOIN notice n ON n.id = r.notice_id
            """
                                + VERSION.replace("$LANG", "$2")
                                + """
            WHERE r.parent_id = $1 AND n.withdrawn_at IS NULL
              AND EXISTS (SELECT 1 FROM pupil_relationship x
                          WHERE x.person_id = $1 AND x.pupil_id = ANY (r.pupil_ids) AND x.relationship IN ('parent', 'self'))
              AND ($4::int IS NULL OR (CASE WHEN $3 THEN (r.read_at IS NULL)::int ELSE 0 END, r.delivered_at, n.id) < ($4, $5, $6))
            ORDER BY unread_key DESC, r.delivered_at DESC, n.id DESC LIMIT $7""")
                .execute(Tuple.from(
                        new Object[] {parentId, language, unreadFirst, afterUnread, afterDelivered, afterId, limit + 1
                        }));
    }

    /** The notice as this parent receives it (their language), or nothing if it is not theirs to see. */
    Future<Row> forParent(SqlClient sql, UUID noticeId, UUID parentId, String language) {
        return sql.preparedQuery(
                        """
            SELECT n.*, coalesce(v.title, n.title) AS shown_title, coalesce(v.body, n.body) AS shown_body,
                   coalesce(v.language, 'en') AS shown_language, r.read_at, r.acknowledged_at, r.reply AS my_reply,
                   (SELECT c.id FROM notice c WHERE c.corrects_id = n.id AND c.withdrawn_at IS NULL) AS corrected_by,
                   (SELECT coalesce(json_agg(json_build_object('id', a.id, 'fileName', a.file_name, 'mediaType', a.media_type,
                                             'sizeBytes', a.size_bytes) ORDER BY na.position), '[]')
              FROM notice_attachment na JOIN attachment_info a ON a.id = na.attachment_id WHERE na.notice_id = n.id) AS attachments
            FROM notice_recipient r JOIN notice n ON n.id = r.notice_id
            """
                                + VERSION.replace("$LANG", "$3")
                                + """
            WHERE r.notice_id = $1 AND r.parent_id = $2 AND n.withdrawn_at IS NULL
              AND EXISTS (SELECT 1 FROM pupil_relationship x
                          WHERE x.person_id = $2 AND x.pupil_id = ANY (r.pupil_ids) AND x.relationship IN ('parent', 'self'))""")
                .execute(Tuple.of(noticeId, parentId, language))
                .map(NoticeStore::oneOrNull);
    }

    Future<Void> markRead(SqlClient sql, UUID noticeId, UUID parentId, Instant now) {
        return Sql.run(
                sql,
                "UPDATE notice_recipient SET read_at = $3 WHERE notice_id = $1 AND parent_id = $2 AND read_at IS NULL",
                Tuple.of(noticeId, parentId, Requests.utc(now)));
    }

    /** Records the first acknowledgement; a second changes nothing. Returns the acknowledgement as stored. */
    Future<Row> acknowledge(SqlClient sql, UUID noticeId, UUID parentId, String reply, Instant now) {
        return sql.preparedQuery(
                        """
            UPDATE notice_recipient SET acknowledged_at = coalesce(acknowledged_at, $3),
                   reply = CASE WHEN acknowledged_at IS NULL THEN $4 ELSE reply END, read_at = coalesce(read_at, $3)
            WHERE notice_id = $1 AND parent_id = $2 RETURNING acknowledged_at, reply""")
                .execute(Tuple.of(noticeId, parentId, Requests.utc(now), reply))
                .map(NoticeStore::oneOrNull);
    }

    /** Changes an acknowledged reply, keeping the earlier one (and when it was given) for the school's record. */
    Future<Row> changeReply(SqlClient tx, UUID noticeId, UUID parentId, String reply, Instant now) {
        return tx.preparedQuery(
                        """
            INSERT INTO notice_reply_change (notice_id, parent_id, reply, replied_at, changed_at)
            SELECT notice_id, parent_id, reply, acknowledged_at, $3 FROM notice_recipient
            WHERE notice_id = $1 AND parent_id = $2 AND acknowledged_at IS NOT NULL""")
                .execute(Tuple.of(noticeId, parentId, Requests.utc(now)))
                .compose(v -> tx.preparedQuery(
                                """
                UPDATE notice_recipient SET reply = $3 WHERE notice_id = $1 AND parent_id = $2
                RETURNING acknowledged_at, reply""")
                        .execute(Tuple.of(noticeId, parentId, reply)))
                .map(NoticeStore::oneOrNull);
    }

    /** A notice of the school with its delivery counts, for staff. */
    Future<Row> forStaff(SqlClient sql, UUID noticeId, UUID schoolId) {
        return sql.preparedQuery(STAFF_VIEW + " WHERE n.id = $1 AND n.school_id = $2")
                .execute(Tuple.of(noticeId, schoolId))
                .map(NoticeStore::oneOrNull);
    }

    Future<RowSet<Row>> schoolNotices(
            SqlClient sql, UUID schoolId, UUID createdBy, OffsetDateTime afterCreated, UUID afterId, int limit) {
        return sql.preparedQuery(
                        STAFF_VIEW
                                + """
             WHERE n.school_id = $1 AND ($2::uuid IS NULL OR n.created_by = $2)
              AND ($3::timestamptz IS NULL OR (n.created_at, n.id) < ($3, $4))
            ORDER BY n.created_at DESC, n.id DESC LIMIT $5""")
                .execute(Tuple.from(new Object[] {schoolId, createdBy, afterCreated, afterId, limit + 1}));
    }

    private static final String STAFF_VIEW =
            """
      SELECT n.*, c.recipients, c.read, c.acknowledged,
             (SELECT x.id FROM notice x WHERE x.corrects_id = n.id AND x.withdrawn_at IS NULL) AS corrected_by,
             (SELECT coalesce(json_agg(json_build_object('language', t.language, 'title', t.title, 'body', t.body)
                                       ORDER BY t.language), '[]') FROM notice_translation t WHERE t.notice_id = n.id) AS translations,
             (SELECT coalesce(json_agg(json_build_object('id', a.id, 'fileName', a.file_name, 'mediaType', a.media_type,
                                             'sizeBytes', a.size_bytes) ORDER BY na.position), '[]')
              FROM notice_attachment na JOIN attachment_info a ON a.id = na.attachment_id WHERE na.notice_id = n.id) AS attachments
      FROM notice n
      LEFT JOIN LATERAL (SELECT count(*) AS recipients, count(r.read_at) AS read, count(r.acknowledged_at) AS acknowledged
                         FROM notice_recipient r WHERE r.notice_id = n.id) c ON true
      """;

    Future<RowSet<Row>> responses(SqlClient sql, UUID noticeId) {
        return sql.preparedQuery(
                        """
            SELECT r.parent_id, u.display_name, r.read_at, r.acknowledged_at, r.reply, r.reminded_at,
                   (SELECT array_agg(coalesce(p.preferred_name, p.first_name) || ' ' || p.last_name ORDER BY p.last_name)
                    FROM pupil_profile p WHERE p.id = ANY(r.pupil_ids)) AS pupils
            FROM notice_recipient r JOIN person u ON u.id = r.parent_id
            WHERE r.notice_id = $1
            ORDER BY r.acknowledged_at IS NOT NULL, r.read_at IS NOT NULL, u.display_name""")
                .execute(Tuple.of(noticeId));
    }

    /** When the last reminder about this notice went out (locking the notice, so two presses send one). */
    Future<Instant> lastReminder(SqlClient sql, UUID noticeId) {
        return sql.preparedQuery("SELECT id FROM notice WHERE id = $1 FOR UPDATE")
                .execute(Tuple.of(noticeId))
                .compose(v -> sql.preparedQuery("SELECT max(reminded_at) FROM notice_recipient WHERE notice_id = $1")
                        .execute(Tuple.of(noticeId)))
                .map(rows -> {
                    OffsetDateTime last = rows.iterator().next().getOffsetDateTime(0);
                    return last == null ? null : last.toInstant();
                });
    }

    /** Queues a reminder for everyone who has not acknowledged; returns how many. */
    Future<Integer> remind(SqlClient sql, UUID schoolId, UUID noticeId, boolean urgent, Instant now) {
        return sql.preparedQuery(
                        """
            UPDATE notice_recipient SET reminded_at = $2 WHERE notice_id = $1 AND acknowledged_at IS NULL RETURNING parent_id""")
                .execute(Tuple.of(noticeId, Requests.utc(now)))
                .compose(pending -> Outbox.enqueue(
                        sql, schoolId, push("notice-reminder", noticeId, urgent), parents(pending), now));
    }

    /** A push about a notice; every push about one notice collapses into one on the phone. */
    private static Outbox.Notification push(String kind, UUID noticeId, boolean urgent) {
        return new Outbox.Notification(kind, noticeId, "notice-" + noticeId, urgent);
    }

    private static java.util.List<UUID> parents(RowSet<Row> rows) {
        java.util.List<UUID> ids = new java.util.ArrayList<>();
        rows.forEach(r -> ids.add(r.getUUID("parent_id")));
        return ids;
    }

    Future<RowSet<Row>> formalNotices(SqlClient sql, UUID pupilId, UUID onlyParent) {
        return sql.preparedQuery(
                        """
            SELECT n.id, n.title, n.sent_at,
                   coalesce(json_agg(json_build_object('parentId', r.parent_id, 'displayName', u.display_name,
                                     'acknowledgedAt', r.acknowledged_at) ORDER BY u.display_name)
                            FILTER (WHERE r.parent_id IS NOT NULL), '[]') AS acknowledgements
            FROM notice n
            LEFT JOIN notice_recipient r ON r.notice_id = n.id AND ($2::uuid IS NULL OR r.parent_id = $2)
            LEFT JOIN person u ON u.id = r.parent_id
            WHERE n.pupil_id = $1 AND n.kind = 'formal' AND n.withdrawn_at IS NULL AND n.sent_at IS NOT NULL
            GROUP BY n.id ORDER BY n.sent_at DESC""")
                .execute(Tuple.of(pupilId, onlyParent));
    }

    /** How many of the audience's classes this member of staff teaches. */
    Future<Integer> countTaught(SqlClient sql, UUID staffId, Audience audience) {
        return sql.preparedQuery("SELECT count(*) FROM teaches WHERE staff_id = $1 AND class_id = ANY($2)")
                .execute(Tuple.tuple().addUUID(staffId).addArrayOfUUID(audience.idArray()))
                .map(rows -> rows.iterator().next().getInteger(0));
    }

    Future<Void> withdraw(SqlClient sql, UUID noticeId, Instant now) {
        return Sql.run(
                sql,
                "UPDATE notice SET withdrawn_at = coalesce(withdrawn_at, $2) WHERE id = $1",
                Tuple.of(noticeId, Requests.utc(now)));
    }

    Future<String> preferredLanguage(SqlClient sql, UUID userId) {
        return sql.preparedQuery("SELECT preferred_language FROM person WHERE id = $1")
                .execute(Tuple.of(userId))
                .map(rows -> rows.size() == 0 ? "en" : rows.iterator().next().getString(0));
    }

    /** Scheduled notices now due, locked so that one replica sends each ({@code SKIP LOCKED}). */
    Future<RowSet<Row>> claimDue(SqlClient tx, Instant now, int limit) {
        return tx.preparedQuery(
                        """
            SELECT id, school_id, audience, urgent FROM notice
            WHERE sent_at IS NULL AND withdrawn_at IS NULL AND send_at <= $1
            ORDER BY send_at LIMIT $2 FOR UPDATE SKIP LOCKED""")
                .execute(Tuple.of(Requests.utc(now), limit));
    }

    static Row oneOrNull(RowSet<Row> rows) {
        return rows.size() == 0 ? null : rows.iterator().next();
    }

    /** The notices sent to the person, with what they did with each. (Its part of a subject access export.) */
    static List<SubjectData> subjectData() {
        return List.of(
                SubjectData.Part.person(
                        "notices.json",
                        """
        (SELECT coalesce(jsonb_agg(jsonb_build_object('title', n.title, 'body', n.body, 'kind', n.kind,
                  'deliveredAt', r.delivered_at, 'readAt', r.read_at, 'acknowledgedAt', r.acknowledged_at, 'reply', r.reply)
                  ORDER BY r.delivered_at), '[]')
         FROM notice_recipient r JOIN notice n ON n.id = r.notice_id WHERE r.parent_id = $1 AND n.school_id = $3::uuid)"""));
    }

    /** A formal notice that reached no one on the app, as a condition on {@code notice n}. */
    private static final String ON_PAPER =
            """
             n.kind = 'formal' AND n.withdrawn_at IS NULL
             AND NOT EXISTS (SELECT 1 FROM notice_recipient x WHERE x.notice_id = n.id)""";

    /** The school's formal notices still to post, about pupils the person may post for, oldest first. */
    Future<RowSet<Row>> paperNotices(SqlClient sql, UUID schoolId, UUID personId) {
        return sql.preparedQuery(
                        """
            SELECT n.id, n.title, n.created_at, p.id AS pupil_id,
                   coalesce(p.preferred_name, p.first_name) || ' ' || p.last_name AS pupil_name
            FROM notice n JOIN pupil_profile p ON p.id = n.pupil_id
            JOIN pupil_relationship r ON r.pupil_id = n.pupil_id AND r.person_id = $2
            WHERE n.school_id = $1 AND n.posted_on IS NULL AND """
                                + " " + ON_PAPER + " AND " + Access.grants(Access.Action.SEND_PAPER_NOTICES, "r")
                                + " ORDER BY n.created_at, n.id LIMIT 500")
                .execute(Tuple.of(schoolId, personId));
    }

    /** A paper notice of the school: its pupil and when it was posted (null if not yet); null if none. */
    Future<Row> paperNotice(SqlClient sql, UUID noticeId, UUID schoolId) {
        return sql.preparedQuery(
                        "SELECT n.pupil_id, n.posted_on FROM notice n WHERE n.id = $1 AND n.school_id = $2 AND " + " "
                                + ON_PAPER)
                .execute(Tuple.of(noticeId, schoolId))
                .map(Sql::first);
    }

    /** Records the posting once; false when it was already recorded. */
    Future<Boolean> posted(SqlClient sql, UUID noticeId, java.time.LocalDate on, UUID by) {
        return sql.preparedQuery("UPDATE notice SET posted_on = $2, posted_by = $3 WHERE id = $1 AND posted_on IS NULL")
                .execute(Tuple.of(noticeId, on, by))
                .map(rows -> rows.rowCount() == 1);
    }

    // --- rows as answers

    private static NoticeAnswers.Counts counts(Row r) {
        return new NoticeAnswers.Counts(count(r, "recipients"), count(r, "read"), count(r, "acknowledged"));
    }

    private static long count(Row r, String column) {
        Long n = r.getLong(column);
        return n == null ? 0 : n;
    }

    static NoticeAnswers.Notice staffNotice(Row r) {
        NoticeAnswers.StaffSide side = new NoticeAnswers.StaffSide(
                new SqlJson(r.getJsonObject("audience")),
                r.getValue("translations") instanceof JsonArray a ? a : new JsonArray(),
                counts(r));
        return notice(r, r.getString("title"), r.getString("body"), "en", side, null);
    }

    static NoticeAnswers.Notice parentNotice(Row r, Instant readNow) {
        NoticeAnswers.ParentSide side = new NoticeAnswers.ParentSide(
                readNow != null ? readNow : Sql.instant(r.getOffsetDateTime("read_at")),
                Sql.instant(r.getOffsetDateTime("acknowledged_at")),
                r.getString("my_reply"));
        return notice(
                r, r.getString("shown_title"), r.getString("shown_body"), r.getString("shown_language"), null, side);
    }

    private static NoticeAnswers.Notice notice(
            Row r,
            String title,
            String body,
            String language,
            NoticeAnswers.StaffSide staff,
            NoticeAnswers.ParentSide parent) {
        return new NoticeAnswers.Notice(
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
                Sql.instant(r.getOffsetDateTime("send_at")),
                Sql.instant(r.getOffsetDateTime("ack_deadline")),
                Sql.instant(r.getOffsetDateTime("sent_at")),
                r.getUUID("pupil_id"),
                r.getUUID("corrects_id"),
                r.getUUID("corrected_by"),
                Attachments.list(r.getValue("attachments")),
                staff,
                parent);
    }

    static NoticeAnswers.Listed listed(Row r) {
        return new NoticeAnswers.Listed(
                r.getUUID("id"),
                r.getString("kind"),
                r.getString("title"),
                r.getBoolean("requires_ack"),
                Sql.instant(r.getOffsetDateTime("acknowledged_at")),
                Sql.instant(r.getOffsetDateTime("read_at")),
                r.getBoolean("urgent"),
                Sql.instant(r.getOffsetDateTime("delivered_at")),
                new Named(r.getUUID("school_id"), r.getString("school_name")),
                Sql.instant(r.getOffsetDateTime("ack_deadline")),
                List.of(r.getArrayOfUUIDs("pupil_ids")));
    }

    static NoticeAnswers.Acknowledged acknowledged(Row r) {
        return new NoticeAnswers.Acknowledged(
                Sql.instant(r.getOffsetDateTime("acknowledged_at")), r.getString("reply"));
    }

    static NoticeAnswers.Responses responses(Row notice, RowSet<Row> rows) {
        return new NoticeAnswers.Responses(counts(notice), Sql.list(rows, r -> {
            String[] names = r.getArrayOfStrings("pupils");
            return new NoticeAnswers.Response(
                    r.getUUID("parent_id"),
                    r.getString("display_name"),
                    names == null ? List.of() : List.of(names),
                    Sql.instant(r.getOffsetDateTime("read_at")),
                    Sql.instant(r.getOffsetDateTime("acknowledged_at")),
                    r.getString("reply"),
                    Sql.instant(r.getOffsetDateTime("reminded_at")));
        }));
    }

    static NoticeAnswers.Formal formal(Row r) {
        List<NoticeAnswers.Acknowledgement> acks = new java.util.ArrayList<>();
        if (r.getValue("acknowledgements") instanceof JsonArray raw) {
            for (Object o : raw) {
                io.vertx.core.json.JsonObject a = (io.vertx.core.json.JsonObject) o;
                String at = a.getString("acknowledgedAt");
                acks.add(new NoticeAnswers.Acknowledgement(
                        UUID.fromString(a.getString("parentId")),
                        a.getString("displayName"),
                        at == null ? null : java.time.OffsetDateTime.parse(at).toInstant()));
            }
        }
        return new NoticeAnswers.Formal(
                r.getUUID("id"), r.getString("title"), Sql.instant(r.getOffsetDateTime("sent_at")), acks);
    }

    static NoticeAnswers.PaperNotice paperNotice(Row r) {
        return new NoticeAnswers.PaperNotice(
                r.getUUID("id"),
                r.getString("title"),
                new Named(r.getUUID("pupil_id"), r.getString("pupil_name")),
                r.getOffsetDateTime("created_at").toInstant());
    }
}
