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
        return Map.of(
                "createNotice",
                        Operation.created(ctx -> notices.create(
                                Caller.of(ctx),
                                NoticeRequests.NewNotice.from(ctx.body().asJsonObject()))),
                "listMyNotices",
                        Operation.ok(ctx -> notices.myNotices(
                                Caller.of(ctx),
                                Requests.limit(ctx),
                                ctx.queryParams().get("cursor"),
                                Boolean.parseBoolean(ctx.queryParams().get("unreadFirst")))),
                "listSchoolNotices",
                        Operation.ok(ctx -> notices.schoolNotices(
                                Caller.of(ctx),
                                Requests.limit(ctx),
                                ctx.queryParams().get("cursor"))),
                "getNotice", Operation.ok(ctx -> notices.get(Caller.of(ctx), Requests.pathId(ctx, "noticeId"))),
                "acknowledgeNotice",
                        ctx -> {
                            JsonObject body =
                                    ctx.body().buffer() == null || ctx.body().length() == 0
                                            ? new JsonObject()
                                            : ctx.body().asJsonObject();
                            return notices.acknowledge(
                                            Caller.of(ctx), Requests.pathId(ctx, "noticeId"), body.getString("reply"))
                                    .compose(json -> Json.ok(ctx, json));
                        },
                "getNoticeResponses",
                        Operation.ok(ctx -> notices.responses(Caller.of(ctx), Requests.pathId(ctx, "noticeId"))),
                "remindNotice", Operation.ok(ctx -> notices.remind(Caller.of(ctx), Requests.pathId(ctx, "noticeId"))),
                "withdrawNotice",
                        Operation.noContent(ctx -> notices.withdraw(Caller.of(ctx), Requests.pathId(ctx, "noticeId"))),
                "sendFormalNotice",
                        Operation.created(ctx -> notices.sendFormal(
                                Caller.of(ctx),
                                Requests.pathId(ctx, "pupilId"),
                                NoticeRequests.FormalNotice.from(ctx.body().asJsonObject()))),
                "listFormalNotices",
                        Operation.ok(ctx -> notices.formalNotices(Caller.of(ctx), Requests.pathId(ctx, "pupilId"))));
    }
}
