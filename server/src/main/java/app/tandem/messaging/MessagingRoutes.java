package app.tandem.messaging;

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
                Map.entry(
                        "listConversations",
                        Operation.ok(ctx -> conversations.list(
                                Caller.of(ctx),
                                Requests.limit(ctx),
                                ctx.queryParams().get("cursor"),
                                ctx.queryParams().get("pupilId") == null
                                        ? null
                                        : UUID.fromString(ctx.queryParams().get("pupilId"))))),
                Map.entry("startConversation", ctx -> conversations
                        .start(
                                Caller.of(ctx),
                                MessagingRequests.NewConversation.from(
                                        ctx.body().asJsonObject()))
                        .compose(out -> outcome(ctx, out))),
                Map.entry("getConversation", Operation.ok(ctx -> conversations.get(Caller.of(ctx), conversation(ctx)))),
                Map.entry(
                        "addParticipant",
                        Operation.ok(ctx -> conversations.addParticipant(
                                Caller.of(ctx),
                                conversation(ctx),
                                UUID.fromString(ctx.body().asJsonObject().getString("staffId"))))),
                Map.entry(
                        "listMessages",
                        Operation.ok(ctx -> messages.page(
                                Caller.of(ctx),
                                conversation(ctx),
                                Requests.limit(ctx),
                                ctx.queryParams().get("cursor")))),
                Map.entry("sendMessage", ctx -> messages.send(
                                Caller.of(ctx),
                                conversation(ctx),
                                MessagingRequests.NewMessage.from(ctx.body().asJsonObject()))
                        .compose(out -> outcome(ctx, out))),
                Map.entry(
                        "editMessage",
                        Operation.ok(ctx -> messages.edit(
                                Caller.of(ctx),
                                conversation(ctx),
                                message(ctx),
                                ctx.body().asJsonObject().getString("text")))),
                Map.entry(
                        "withdrawMessage",
                        Operation.ok(ctx -> messages.withdraw(Caller.of(ctx), conversation(ctx), message(ctx)))),
                Map.entry(
                        "listMessageEdits",
                        Operation.ok(ctx -> messages.edits(Caller.of(ctx), conversation(ctx), message(ctx)))),
                Map.entry(
                        "flagConcern",
                        Operation.created(ctx -> concerns.flag(
                                Caller.of(ctx),
                                conversation(ctx),
                                message(ctx),
                                ctx.body().asJsonObject().getString("note")))),
                Map.entry("markConversationRead", ctx -> {
                    JsonObject body = ctx.body().buffer() == null || ctx.body().length() == 0
                            ? new JsonObject()
                            : ctx.body().asJsonObject();
                    String upTo = body.getString("upToMessageId");
                    return messages.markRead(
                                    Caller.of(ctx), conversation(ctx), upTo == null ? null : UUID.fromString(upTo))
                            .compose(json -> Json.ok(ctx, json));
                }),
                Map.entry(
                        "listConcerns",
                        Operation.ok(ctx -> concerns.list(
                                Caller.of(ctx),
                                Requests.limit(ctx),
                                ctx.queryParams().get("cursor")))),
                Map.entry(
                        "getConcern",
                        Operation.ok(ctx -> concerns.open(Caller.of(ctx), Requests.pathId(ctx, "concernId")))),
                Map.entry(
                        "getOfficeHours",
                        Operation.ok(ctx -> officeHours.get(Caller.of(ctx), Requests.queryId(ctx, "schoolId")))),
                Map.entry(
                        "setOfficeHours",
                        Operation.ok(ctx -> officeHours.set(
                                Caller.of(ctx), ctx.body().asJsonObject().getJsonArray("days")))));
    }

    private static UUID conversation(RoutingContext ctx) {
        return Requests.pathId(ctx, "conversationId");
    }

    private static UUID message(RoutingContext ctx) {
        return Requests.pathId(ctx, "messageId");
    }

    private static Future<Void> outcome(RoutingContext ctx, Outcome out) {
        return Json.send(ctx, out.created() ? 201 : 200, out.body().toJson());
    }
}
