package app.tandem.messaging;

import app.tandem.access.Access;
import app.tandem.attachments.Attachments;
import app.tandem.platform.Caller;
import app.tandem.platform.Wiring;
import app.tandem.realtime.LiveEvent;
import app.tandem.realtime.LiveRenderer;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiFunction;

/**
 * The messaging capability, wired. It also renders its live events for each device (a message as
 * that person may see it) and says who may download files attached to messages.
 */
public final class Messaging extends Wiring implements LiveRenderer {
    private final Pool pool;
    private final MessageStore messages = new MessageStore();
    private final ConversationService conversations;
    private final Concerns concerns;
    private final Clock clock;

    public Messaging(Pool pool, Access access, Attachments attachments, Clock clock) {
        this.pool = pool;
        this.clock = clock;
        MessageWriter writer = new MessageWriter(pool, messages, attachments, new SendLimiter());
        this.conversations = new ConversationService(pool, new ConversationStore(), access, writer, clock);
        MessageService service = new MessageService(pool, messages, conversations, writer, clock);
        this.concerns = new Concerns(pool, conversations, messages, clock);
        answers(new MessagingRoutes(conversations, service, concerns, new OfficeHoursService(pool, clock))
                .operations());
        attachments.seenThrough(this::maySeeAttachment);
        holds(MessageStore.subjectData());
    }

    /**
     * Raises a pupil's view with the designated safeguarding lead, in the caller's transaction: the
     * same concerns list and urgent push as a flagged message. The caller has been checked.
     */
    public Future<UUID> raiseConcernAboutView(
            SqlClient tx, Caller caller, UUID pupilId, UUID viewId, String note, java.time.Instant now) {
        return concerns.raiseAboutView(tx, caller, pupilId, viewId, note, now);
    }

    /** A concern as the safeguarding lead's list shows it. */
    public Future<app.tandem.platform.SqlJson> concern(UUID concernId, UUID schoolId) {
        return concerns.concern(concernId, schoolId);
    }

    /** Each person's unread messages across their conversations (the badge on an iPhone's app icon). */
    public Future<Map<UUID, Integer>> unreadTotals(List<UUID> users) {
        return messages.unreadTotals(pool, users);
    }

    @Override
    public Future<BiFunction<LiveEvent, Caller, JsonObject>> load(List<LiveEvent> events) {
        List<UUID> ids = events.stream()
                .map(LiveEvent::messageId)
                .filter(java.util.Objects::nonNull)
                .distinct()
                .toList();
        Future<Map<UUID, JsonObject>> loaded =
                ids.isEmpty() ? Future.succeededFuture(Map.of()) : messages.messages(pool, ids);
        return loaded.map(byId -> (event, viewer) -> {
            JsonObject frame = new JsonObject()
                    .put("type", event.type())
                    .put("conversationId", event.conversationId().toString());
            if (event.type().equals("receipt.read")) {
                frame.put("userId", event.actorId().toString()).put("readUpTo", event.seq());
            } else if (event.type().equals("receipt.delivered")) {
                frame.put("userId", event.actorId().toString()).put("deliveredUpTo", event.seq());
            }
            JsonObject raw = event.messageId() == null ? null : byId.get(event.messageId());
            if (raw != null) frame.put("message", MessageViews.message(raw, viewer));
            return frame;
        });
    }

    @Override
    public Future<Void> delivered(List<LiveEvent> events, List<Caller> to) {
        List<UUID> conversationIds = new ArrayList<>();
        List<UUID> users = new ArrayList<>();
        List<Long> seqs = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            LiveEvent event = events.get(i);
            // Only a new message reaching someone other than its sender is a delivery worth a receipt.
            if (!event.type().equals("message.created")
                    || event.actorId().equals(to.get(i).subject())) continue;
            conversationIds.add(event.conversationId());
            users.add(to.get(i).subject());
            seqs.add(event.seq());
        }
        return messages.delivered(pool, conversationIds, users, seqs, clock.instant());
    }

    /** A participant who may still see the conversation may download its messages' files, unless withdrawn from them. */
    private Future<Boolean> maySeeAttachment(Caller caller, UUID attachmentId) {
        return messages.carrying(pool, attachmentId).compose(carriers -> {
            Future<Boolean> seen = Future.succeededFuture(false);
            for (MessageStore.Carrier carrier : carriers) {
                if (carrier.withdrawn()
                        && !MessageViews.seesWithdrawn(
                                caller, carrier.senderId().toString())) continue;
                UUID conversationId = carrier.conversationId();
                seen = seen.compose(ok -> ok
                        ? Future.succeededFuture(true)
                        : conversations
                                .requireMember(caller, conversationId)
                                .map(m -> true)
                                .otherwise(false));
            }
            return seen;
        });
    }
}
