package app.tandem.messaging;

import static app.tandem.platform.Operation.answers;
import static app.tandem.platform.Operation.created;
import static app.tandem.platform.Operation.ok;

import app.tandem.messaging.ConversationService.Outcome;
import app.tandem.platform.Caller;
import app.tandem.platform.Json;
import app.tandem.platform.Operation;
import app.tandem.platform.Requests;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.UUID;

/** Messaging: operationId → handler. */
record MessagingRoutes(
        ConversationService conversations, MessageService messages, Concerns concerns, OfficeHoursService officeHours) {
    Map<String, Operation> operations() {
        return Map.ofEntries(
                ok(
                        "listConversations",
                        c -> conversations.list(c.caller(), c.limit(), c.cursor(), c.queryId("pupilId"))),
                answers("startConversation", ctx -> conversations
                        .start(
                                Caller.of(ctx),
                                MessagingRequests.NewConversation.from(
                                        ctx.body().asJsonObject()))
                        .compose(out -> outcome(ctx, out))),
                ok("getConversation", c -> conversations.get(c.caller(), c.id("conversationId"))),
                ok(
                        "addParticipant",
                        c -> conversations.addParticipant(
                                c.caller(), c.id("conversationId"), UUID.fromString(c.text("staffId")))),
                ok("listMessages", c -> messages.page(c.caller(), c.id("conversationId"), c.limit(), c.cursor())),
                answers("sendMessage", ctx -> messages.send(
                                Caller.of(ctx),
                                conversation(ctx),
                                MessagingRequests.NewMessage.from(ctx.body().asJsonObject()))
                        .compose(out -> outcome(ctx, out))),
                ok(
                        "editMessage",
                        c -> messages.edit(c.caller(), c.id("conversationId"), c.id("messageId"), c.text("text"))),
                ok("withdrawMessage", c -> messages.withdraw(c.caller(), c.id("conversationId"), c.id("messageId"))),
                ok("listMessageEdits", c -> messages.edits(c.caller(), c.id("conversationId"), c.id("messageId"))),
                created(
                        "flagConcern",
                        c -> concerns.flag(c.caller(), c.id("conversationId"), c.id("messageId"), c.text("note"))),
                answers("markConversationRead", ctx -> {
                    JsonObject body = ctx.body().buffer() == null || ctx.body().length() == 0
                            ? new JsonObject()
                            : ctx.body().asJsonObject();
                    String upTo = body.getString("upToMessageId");
                    return messages.markRead(
                                    Caller.of(ctx), conversation(ctx), upTo == null ? null : UUID.fromString(upTo))
                            .compose(json -> Json.ok(ctx, json));
                }),
                ok("listConcerns", c -> concerns.list(c.caller(), c.limit(), c.cursor())),
                ok("getConcern", c -> concerns.open(c.caller(), c.id("concernId"))),
                ok("getOfficeHours", c -> officeHours.get(c.caller(), c.queryId("schoolId"))),
                ok("setOfficeHours", c -> officeHours.set(c.caller(), c.body().getJsonArray("days"))));
    }

    private static UUID conversation(RoutingContext ctx) {
        return Requests.pathId(ctx, "conversationId");
    }

    private static Future<Void> outcome(RoutingContext ctx, Outcome out) {
        return Json.send(ctx, out.created() ? 201 : 200, out.body().encode());
    }
}
