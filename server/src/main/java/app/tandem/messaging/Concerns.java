package app.tandem.messaging;

import app.tandem.platform.Caller;
import app.tandem.platform.Caller.Role;
import app.tandem.platform.Cursor;
import app.tandem.platform.Page;
import app.tandem.platform.Problem;
import app.tandem.platform.Requests;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * Concerns staff raise about a message with the designated safeguarding lead (DSL). The DSL sees
 * the message as written (withdrawn or edited), and every opening of a concern is recorded, so the
 * school can show who saw what and when.
 */
final class Concerns {
  private static final String CONCERN_JSON = """
      json_build_object('id', k.id, 'conversationId', m.conversation_id, 'messageId', k.message_id,
        'pupil', json_build_object('id', p.id, 'name', coalesce(p.preferred_name, p.first_name) || ' ' || p.last_name),
        'flaggedBy', json_build_object('id', f.id, 'displayName', f.display_name), 'note', k.note, 'flaggedAt', k.flagged_at,
        'views', (SELECT coalesce(json_agg(json_build_object('viewer', json_build_object('id', vu.id, 'displayName', vu.display_name),
                         'firstSeenAt', cv.first_seen_at, 'lastSeenAt', cv.last_seen_at, 'views', cv.views) ORDER BY cv.first_seen_at), '[]'::json)
                  FROM concern_view cv JOIN app_user vu ON vu.id = cv.viewer_id WHERE cv.concern_id = k.id)) AS concern
      FROM concern k JOIN message m ON m.id = k.message_id JOIN conversation c ON c.id = m.conversation_id
      JOIN pupil p ON p.id = c.pupil_id JOIN app_user f ON f.id = k.flagged_by""";

  private final Pool pool;
  private final ConversationService conversations;
  private final MessageStore messages;
  private final Clock clock;

  Concerns(Pool pool, ConversationService conversations, MessageStore messages, Clock clock) {
    this.pool = pool;
    this.conversations = conversations;
    this.messages = messages;
    this.clock = clock;
  }

  /** Staff in the conversation raise a concern; every DSL of the school gets an urgent push (ids only). */
  Future<JsonObject> flag(Caller caller, UUID conversationId, UUID messageId, String note) {
    caller.requireStaff();
    if (note.isBlank()) throw Problem.invalid("body.note", "Say what worries you.");
    Instant now = clock.instant();
    return conversations.requireMember(caller, conversationId)
        .compose(m -> messages.seqOf(pool, conversationId, messageId))
        .compose(seq -> seq == null ? Future.failedFuture(Problem.notFound()) : pool.withTransaction(tx -> tx.preparedQuery("""
                INSERT INTO concern (school_id, message_id, flagged_by, note, flagged_at) VALUES ($1, $2, $3, $4, $5) RETURNING id""")
            .execute(Tuple.of(caller.schoolId(), messageId, caller.subject(), note.strip(), Requests.utc(now)))
            .map(rows -> rows.iterator().next().getUUID("id"))
            .compose(id -> tx.preparedQuery("""
                    INSERT INTO notification_outbox (school_id, user_id, kind, ref_id, urgent, collapse_key, created_at, due_at)
                    SELECT school_id, id, 'concern', $2::uuid, true, 'concern-' || $2::uuid, $3::timestamptz, $3::timestamptz FROM app_user
                    WHERE school_id = $1 AND active AND 'dsl' = ANY (roles)""")
                .execute(Tuple.of(caller.schoolId(), id, Requests.utc(now))).map(id))))
        .compose(id -> one(id, caller.schoolId()));
  }

  Future<JsonObject> list(Caller caller, int limit, String cursor) {
    caller.requireStaff(Role.DSL);
    JsonArray after = cursor == null ? null : Cursor.decode(cursor, 2);
    return pool.preparedQuery("SELECT k.flagged_at, k.id, " + CONCERN_JSON + " " + """
            WHERE k.school_id = $1 AND (k.flagged_at, k.id) < ($2, $3) ORDER BY k.flagged_at DESC, k.id DESC LIMIT $4""")
        .execute(Tuple.of(caller.schoolId(), after == null ? OffsetDateTime.parse("9999-12-31T00:00:00Z") : OffsetDateTime.parse(after.getString(0)),
            after == null ? new UUID(-1L, -1L) : UUID.fromString(after.getString(1)), limit + 1))
        .map(rows -> Page.of(rows, limit, row -> view(MessagingStore.jsonOf(row.getValue("concern"))),
            last -> Cursor.encode(last.getOffsetDateTime("flagged_at").toString(), last.getUUID("id").toString())));
  }

  /** The concern with the message as written; the opening is recorded before anything is shown. */
  Future<JsonObject> open(Caller caller, UUID concernId) {
    caller.requireStaff(Role.DSL);
    Instant now = clock.instant();
    return pool.preparedQuery("""
            INSERT INTO concern_view (concern_id, viewer_id, first_seen_at, last_seen_at)
            SELECT id, $3, $4, $4 FROM concern WHERE id = $1 AND school_id = $2
            ON CONFLICT (concern_id, viewer_id) DO UPDATE SET last_seen_at = excluded.last_seen_at, views = concern_view.views + 1""")
        .execute(Tuple.of(concernId, caller.schoolId(), caller.subject(), Requests.utc(now)))
        .compose(recorded -> recorded.rowCount() == 0 ? Future.failedFuture(Problem.notFound()) : one(concernId, caller.schoolId()))
        .compose(concern -> {
          UUID conversationId = UUID.fromString(concern.getString("conversationId"));
          UUID messageId = UUID.fromString(concern.getString("messageId"));
          return messages.message(pool, conversationId, messageId).compose(raw -> messages.edits(pool, messageId)
              .map(edits -> new JsonObject().put("concern", concern).put("message", MessageViews.message(raw, caller))
                  .put("edits", new JsonObject().put("items", edits))));
        });
  }

  private Future<JsonObject> one(UUID id, UUID schoolId) {
    return pool.preparedQuery("SELECT " + CONCERN_JSON + " WHERE k.id = $1 AND k.school_id = $2").execute(Tuple.of(id, schoolId))
        .compose(rows -> rows.size() == 0 ? Future.failedFuture(Problem.notFound())
            : Future.succeededFuture(view(MessagingStore.jsonOf(rows.iterator().next().getValue("concern")))));
  }

  private static JsonObject view(JsonObject raw) {
    return app.tandem.platform.Json.utcTimes(raw);
  }
}
