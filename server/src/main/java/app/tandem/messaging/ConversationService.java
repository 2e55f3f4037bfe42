package app.tandem.messaging;

import app.tandem.access.Access;
import app.tandem.messaging.ConversationStore.Membership;
import app.tandem.platform.Answer;
import app.tandem.platform.Caller;
import app.tandem.platform.Cursor;
import app.tandem.platform.Json;
import app.tandem.platform.Page;
import app.tandem.platform.Problem;
import app.tandem.platform.SqlJson;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

/**
 * Conversations: who takes part, who may see them, and the caller's view of each. Every
 * conversation is about one pupil and every access goes through the pupil access rules as well
 * as membership: a parent whose link is blocked, or a teacher who no longer teaches the pupil,
 * stops seeing it.
 */
record ConversationService(Pool pool, ConversationStore store, Access access, MessageWriter messages, Clock clock) {
    /** The body of a 200/201 answer, and whether it made something new. */
    record Outcome(SqlJson body, boolean created) {}

    /** A page of the caller's conversations, with how many messages wait unread in all of them. */
    record Conversations(Page<SqlJson> page, long unreadTotal) implements Answer {
        @Override
        public JsonObject toJson() {
            return page.toJson().put("unreadTotal", unreadTotal);
        }
    }

    /** The caller takes part and may still message about the pupil; otherwise 404. */
    Future<Membership> requireMember(Caller caller, UUID conversationId) {
        return store.membership(pool, conversationId, caller.subject()).compose(m -> {
            if (m == null || !m.member() || !caller.inSchool(m.schoolId()))
                return Future.failedFuture(Problem.notFound());
            return access.require(caller, m.pupilId(), Access.Action.MESSAGE).map(pupil -> m);
        });
    }

    Future<Conversations> list(Caller caller, int limit, String cursor, UUID pupilId) {
        requireAdult(caller);
        Cursor.After after = Cursor.afterTimeAndId(cursor);
        Instant now = clock.instant();
        return store.conversations(pool, caller, pupilId, after.at(), after.id(), limit)
                .map(rows -> Page.of(
                        rows,
                        limit,
                        row -> new SqlJson(
                                MessageViews.conversation(Json.object(row.getValue("conversation")), caller, now)),
                        last -> Cursor.timeAndId(last, "last_message_at")))
                .compose(page -> store.unreadTotal(pool, caller).map(total -> new Conversations(page, total)));
    }

    Future<Long> unreadTotal(Caller caller) {
        return store.unreadTotal(pool, caller);
    }

    Future<SqlJson> get(Caller caller, UUID conversationId) {
        return requireMember(caller, conversationId).compose(m -> view(caller, conversationId));
    }

    Future<SqlJson> view(Caller caller, UUID conversationId) {
        return store.conversation(pool, caller, conversationId)
                .compose(raw -> raw == null
                        ? Future.failedFuture(Problem.notFound())
                        : Future.succeededFuture(new SqlJson(MessageViews.conversation(raw, caller, clock.instant()))));
    }

    Future<Outcome> start(Caller caller, MessagingRequests.NewConversation body) {
        UUID pupilId = body.pupilId();
        String text = body.text();
        String clientId = body.clientMessageId();
        if (text != null && text.isBlank())
            throw Problem.invalid("body.text", "is empty; leave it out to start without a message.");
        if (clientId != null && text == null) throw Problem.invalid("body.clientMessageId", "goes with text.");
        Instant now = clock.instant();
        return access.require(caller, pupilId, Access.Action.MESSAGE)
                .compose(pupil -> messages.sentBefore(caller, clientId).compose(earlier -> {
                    if (earlier != null) {
                        return store.conversation(pool, caller, earlier.conversationId())
                                .compose(raw -> raw != null
                                                && raw.getString("pupilId").equals(pupilId.toString())
                                        ? Future.succeededFuture(new Outcome(
                                                new SqlJson(MessageViews.conversation(raw, caller, now)), false))
                                        : Future.failedFuture(Problem.conflict(
                                                "This clientMessageId was already used for another message.")));
                    }
                    if (text != null) messages.requireAllowance(caller, now);
                    return pool.withTransaction(tx -> store.insertConversation(
                                            tx, pupil.schoolId(), pupilId, body.subject(), caller.subject(), now)
                                    .compose(id -> store.addDefaultParticipants(
                                                    tx,
                                                    id,
                                                    pupil.schoolId(),
                                                    pupilId,
                                                    caller.subject(),
                                                    body.withClassTeacher(),
                                                    body.withSenco(),
                                                    now)
                                            .compose(counts -> {
                                                if (counts.parents() == 0)
                                                    return Future.failedFuture(Problem.invalid(
                                                            "body.pupilId",
                                                            "No parent of this pupil uses Tandem yet."));
                                                if (counts.staff() == 0)
                                                    return Future.failedFuture(
                                                            Problem.invalid(
                                                                    "body.staff",
                                                                    "Nobody at school in that role works with this pupil yet."));
                                                return ConversationEventStore.announce(
                                                        tx,
                                                        "conversation.updated",
                                                        id,
                                                        null,
                                                        caller.subject(),
                                                        null,
                                                        now);
                                            })
                                            .compose(v -> text == null
                                                    ? Future.succeededFuture()
                                                    : messages.insertNew(
                                                            tx,
                                                            caller,
                                                            id,
                                                            clientId == null ? "start-" + id : clientId,
                                                            text,
                                                            java.util.List.of(),
                                                            now))
                                            .map(id)))
                            .compose(id -> view(caller, id))
                            .map(view -> new Outcome(view, true));
                }));
    }

    Future<SqlJson> addParticipant(Caller caller, UUID conversationId, UUID staffId) {
        caller.requireStaff();
        Instant now = clock.instant();
        return requireMember(caller, conversationId)
                .compose(m -> store.staffMember(pool, caller.schoolId(), staffId)
                        .compose(target -> target == null
                                ? Future.failedFuture(
                                        Problem.invalid("body.staffId", "is not a member of staff at this school."))
                                : access.require(target, m.pupilId(), Access.Action.MESSAGE)
                                        .recover(ex -> Future.failedFuture(Problem.invalid(
                                                "body.staffId",
                                                "does not work with this pupil (their class teacher or a SENCO).")))
                                        .compose(pupil -> pool.withTransaction(tx -> store.addParticipant(
                                                        tx, conversationId, staffId, caller.subject(), now)
                                                .compose(added -> added
                                                        ? ConversationEventStore.announce(
                                                                        tx,
                                                                        "conversation.updated",
                                                                        conversationId,
                                                                        null,
                                                                        caller.subject(),
                                                                        null,
                                                                        now)
                                                                .mapEmpty()
                                                        : Future.succeededFuture())))))
                .compose(v -> view(caller, conversationId));
    }

    /** Pupils never take part in conversations; their token is refused rather than shown an empty list. */
    static void requireAdult(Caller caller) {
        if (caller.kind() == Caller.Kind.PUPIL) {
            throw new app.tandem.platform.Problem(
                    app.tandem.platform.ProblemType.FORBIDDEN, "Pupils do not take part in conversations.");
        }
    }
}
