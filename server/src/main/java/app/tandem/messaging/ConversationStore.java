package app.tandem.messaging;

import app.tandem.access.Access;
import app.tandem.platform.Caller;
import app.tandem.platform.Caller.Role;
import app.tandem.platform.Json;
import app.tandem.platform.Requests;
import app.tandem.platform.Sql;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Conversations and messages in PostgreSQL. Messages and conversations come back as JSON built by the query. */
final class ConversationStore {
    /** A message as JSON, from `message m JOIN person su ON su.id = m.sender_id`. */
    static final String MESSAGE_JSON =
            """
      json_build_object('id', m.id, 'conversationId', m.conversation_id, 'seq', m.seq, 'senderId', m.sender_id,
        'senderName', su.display_name, 'senderKind', su.kind, 'clientMessageId', m.client_message_id, 'text', m.text,
        'sentAt', m.sent_at, 'editedAt', m.edited_at, 'withdrawnAt', m.withdrawn_at,
        'attachments', (SELECT coalesce(json_agg(json_build_object('id', a.id, 'fileName', a.file_name,
                            'mediaType', a.media_type, 'sizeBytes', a.size_bytes) ORDER BY ma.position), '[]'::json)
                        FROM message_attachment ma JOIN attachment_info a ON a.id = ma.attachment_id WHERE ma.message_id = m.id))""";

    private static final String CONVERSATION_JSON =
            """
      json_build_object('id', c.id, 'pupilId', c.pupil_id,
        'pupilName', coalesce(p.preferred_name, p.first_name) || ' ' || p.last_name,
        'subject', c.subject, 'createdAt', c.created_at, 'lastMessageAt', c.last_message_at, 'unread', me.unread,
        'timeZone', s.time_zone, 'officeHours', s.office_hours, 'schoolId', s.id, 'schoolName', s.name,
        'participants', (SELECT json_agg(json_build_object('userId', u.id, 'displayName', u.display_name, 'kind', u.kind,
                              'roles', u.roles, 'deliveredUpTo', x.delivered_seq, 'readUpTo', x.read_seq, 'readAt', x.read_at)
                            ORDER BY u.kind DESC, u.display_name)
                         FROM conversation_participant x JOIN person u ON u.id = x.user_id WHERE x.conversation_id = c.id),
        'lastMessage', (SELECT %s FROM message m JOIN person su ON su.id = m.sender_id
                        WHERE m.conversation_id = c.id ORDER BY m.seq DESC LIMIT 1)) AS conversation"""
                    .formatted(MESSAGE_JSON);

    /**
     * The caller's conversations they may still see: those they take part in about a pupil they may
     * still message about, by the access rule. $1 caller, $2 the caller's schools.
     */
    private static final String VISIBLE =
            """
       FROM conversation_participant me
       JOIN conversation c ON c.id = me.conversation_id
       JOIN pupil_profile p ON p.id = c.pupil_id
       JOIN school_profile s ON s.id = c.school_id
       JOIN pupil_relationship r ON r.pupil_id = c.pupil_id AND r.person_id = me.user_id
      WHERE me.user_id = $1 AND c.school_id = ANY ($2) AND
      """
                    + Access.grants(Access.Action.MESSAGE, "r");

    private static final OffsetDateTime END_OF_TIME = OffsetDateTime.parse("9999-12-31T00:00:00Z");
    private static final UUID LAST_ID = new UUID(-1L, -1L);

    /** The caller's membership of a conversation; null when it does not exist. */
    record Membership(
            UUID conversationId, UUID pupilId, UUID schoolId, long lastSeq, boolean member, long deliveredSeq) {}

    Future<Membership> membership(SqlClient sql, UUID conversationId, UUID userId) {
        return sql.preparedQuery(
                        """
            SELECT c.id, c.pupil_id, c.school_id, c.last_seq, cp.user_id IS NOT NULL AS member, coalesce(cp.delivered_seq, 0) AS delivered_seq
            FROM conversation c LEFT JOIN conversation_participant cp ON cp.conversation_id = c.id AND cp.user_id = $2
            WHERE c.id = $1""")
                .execute(Tuple.of(conversationId, userId))
                .map(rows -> Sql.one(
                        rows,
                        r -> new Membership(
                                r.getUUID("id"),
                                r.getUUID("pupil_id"),
                                r.getUUID("school_id"),
                                r.getLong("last_seq"),
                                r.getBoolean("member"),
                                r.getLong("delivered_seq"))));
    }

    private static Tuple visibleTo(Caller caller) {
        return Tuple.of(caller.subject(), (Object) caller.schoolIds());
    }

    Future<RowSet<Row>> conversations(
            SqlClient sql, Caller caller, UUID pupilId, OffsetDateTime beforeTime, UUID beforeId, int limit) {
        return sql.preparedQuery(
                        "SELECT c.last_message_at, c.id, " + CONVERSATION_JSON + VISIBLE
                                + """
              AND ($3::uuid IS NULL OR c.pupil_id = $3) AND (c.last_message_at, c.id) < ($4, $5)
            ORDER BY c.last_message_at DESC, c.id DESC LIMIT $6""")
                .execute(visibleTo(caller)
                        .addUUID(pupilId)
                        .addOffsetDateTime(beforeTime == null ? END_OF_TIME : beforeTime)
                        .addUUID(beforeId == null ? LAST_ID : beforeId)
                        .addInteger(limit + 1));
    }

    /** One conversation as the caller sees it, or null when they may not. */
    Future<JsonObject> conversation(SqlClient sql, Caller caller, UUID conversationId) {
        return sql.preparedQuery("SELECT " + CONVERSATION_JSON + VISIBLE + " AND c.id = $3")
                .execute(visibleTo(caller).addUUID(conversationId))
                .map(rows -> rows.size() == 0
                        ? null
                        : Json.object(rows.iterator().next().getValue("conversation")));
    }

    Future<Long> unreadTotal(SqlClient sql, Caller caller) {
        return sql.preparedQuery("SELECT coalesce(sum(me.unread), 0)::bigint AS total" + VISIBLE)
                .execute(visibleTo(caller))
                .map(rows -> rows.iterator().next().getLong("total"));
    }

    // --- starting and joining

    Future<UUID> insertConversation(
            SqlClient tx, UUID schoolId, UUID pupilId, String subject, UUID createdBy, Instant now) {
        return tx.preparedQuery(
                        """
            INSERT INTO conversation (school_id, pupil_id, subject, created_by, created_at, last_message_at)
            VALUES ($1, $2, $3, $4, $5, $5) RETURNING id""")
                .execute(Tuple.of(schoolId, pupilId, subject, createdBy, Requests.utc(now)))
                .map(rows -> rows.iterator().next().getUUID("id"));
    }

    /** Who a new conversation reached: its parents and its staff. */
    record Participants(int parents, int staff) {}

    /**
     * The starter, the parents who may message about the pupil, and its class teacher and/or SENCOs,
     * all by the access rule.
     */
    Future<Participants> addDefaultParticipants(
            SqlClient tx,
            UUID conversationId,
            UUID schoolId,
            UUID pupilId,
            UUID starter,
            boolean classTeacher,
            boolean senco,
            Instant now) {
        return tx.preparedQuery(
                        """
            WITH chosen AS (
              SELECT r.person_id, r.relationship FROM pupil_relationship r
              WHERE r.pupil_id = $3 AND r.school_id = $2 AND (
                r.person_id = $4 OR r.relationship = 'parent'
                OR ($6 AND r.relationship = 'class-teacher')
                OR ($7 AND r.relationship IN ('class-teacher', 'school-staff') AND 'senco' = ANY (r.roles)))),
            added AS (
              INSERT INTO conversation_participant (conversation_id, user_id, added_by, added_at)
              SELECT $1, person_id, $4, $5 FROM chosen RETURNING user_id)
            SELECT count(*) FILTER (WHERE c.relationship = 'parent') AS parents,
                   count(*) FILTER (WHERE c.relationship <> 'parent') AS staff
            FROM added JOIN chosen c ON c.person_id = added.user_id""")
                .execute(Tuple.from(
                        new Object[] {conversationId, schoolId, pupilId, starter, Requests.utc(now), classTeacher, senco
                        }))
                .map(rows -> {
                    Row r = rows.iterator().next();
                    return new Participants(r.getInteger("parents"), r.getInteger("staff"));
                });
    }

    /** Adds a participant; false when they were already one. */
    Future<Boolean> addParticipant(SqlClient tx, UUID conversationId, UUID userId, UUID addedBy, Instant now) {
        return tx.preparedQuery(
                        """
            INSERT INTO conversation_participant (conversation_id, user_id, added_by, added_at) VALUES ($1, $2, $3, $4)
            ON CONFLICT DO NOTHING""")
                .execute(Tuple.of(conversationId, userId, addedBy, Requests.utc(now)))
                .map(rows -> rows.rowCount() == 1);
    }

    /** A member of staff of this school, as a caller (to ask the access rules about them); null if none. */
    Future<Caller> staffMember(SqlClient sql, UUID schoolId, UUID staffId) {
        return sql.preparedQuery(
                        "SELECT id, roles FROM person WHERE id = $1 AND school_id = $2 AND kind = 'staff' AND active")
                .execute(Tuple.of(staffId, schoolId))
                .map(rows -> {
                    if (rows.size() == 0) return null;
                    Row r = rows.iterator().next();
                    List<Role> roles = new ArrayList<>();
                    for (String role : r.getArrayOfStrings("roles")) roles.add(Role.of(role));
                    return new Caller(
                            r.getUUID("id"), Caller.Kind.STAFF, schoolId, java.util.Set.copyOf(roles), null, true);
                });
    }
}
