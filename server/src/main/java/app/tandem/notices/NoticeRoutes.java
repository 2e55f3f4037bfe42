package app.tandem.notices;

import app.tandem.platform.Caller;
import app.tandem.platform.Json;
import app.tandem.platform.Operation;
import app.tandem.platform.Requests;
import io.vertx.core.json.JsonObject;
import java.util.Map;

/** Notices: operationId → handler. */
record NoticeRoutes(NoticeService notices) {
    Map<String, Operation> operations() {
        return Map.ofEntries(
                Map.entry(
                        "createNotice",
                        Operation.created(ctx -> notices.create(
                                Caller.of(ctx),
                                NoticeRequests.NewNotice.from(ctx.body().asJsonObject())))),
                Map.entry(
                        "listMyNotices",
                        Operation.ok(ctx -> notices.myNotices(
                                Caller.of(ctx),
                                Requests.limit(ctx),
                                ctx.queryParams().get("cursor"),
                                Boolean.parseBoolean(ctx.queryParams().get("unreadFirst"))))),
                Map.entry(
                        "listSchoolNotices",
                        Operation.ok(ctx -> notices.schoolNotices(
                                Caller.of(ctx),
                                Requests.limit(ctx),
                                ctx.queryParams().get("cursor")))),
                Map.entry(
                        "getNotice",
                        Operation.ok(ctx -> notices.get(Caller.of(ctx), Requests.pathId(ctx, "noticeId")))),
                Map.entry("acknowledgeNotice", ctx -> {
                    JsonObject body = ctx.body().buffer() == null || ctx.body().length() == 0
                            ? new JsonObject()
                            : ctx.body().asJsonObject();
                    return notices.acknowledge(
                                    Caller.of(ctx), Requests.pathId(ctx, "noticeId"), body.getString("reply"))
                            .compose(json -> Json.ok(ctx, json));
                }),
                Map.entry(
                        "getNoticeResponses",
                        Operation.ok(ctx -> notices.responses(Caller.of(ctx), Requests.pathId(ctx, "noticeId")))),
                Map.entry(
                        "remindNotice",
                        Operation.ok(ctx -> notices.remind(Caller.of(ctx), Requests.pathId(ctx, "noticeId")))),
                Map.entry(
                        "withdrawNotice",
                        Operation.noContent(ctx -> notices.withdraw(Caller.of(ctx), Requests.pathId(ctx, "noticeId")))),
                Map.entry(
                        "sendFormalNotice",
                        Operation.created(ctx -> notices.sendFormal(
                                Caller.of(ctx),
                                Requests.pathId(ctx, "pupilId"),
                                NoticeRequests.FormalNotice.from(ctx.body().asJsonObject())))),
                Map.entry("listPaperNotices", Operation.ok(ctx -> notices.paperNotices(Caller.of(ctx)))),
                Map.entry(
                        "markPaperNoticePosted",
                        Operation.noContent(ctx -> notices.markPosted(
                                Caller.of(ctx),
                                Requests.pathId(ctx, "noticeId"),
                                java.time.LocalDate.parse(
                                        ctx.body().asJsonObject().getString("postedOn"))))),
                Map.entry(
                        "listFormalNotices",
                        Operation.ok(ctx -> notices.formalNotices(Caller.of(ctx), Requests.pathId(ctx, "pupilId")))));
    }
}
