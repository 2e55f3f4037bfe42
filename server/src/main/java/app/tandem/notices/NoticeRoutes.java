package app.tandem.notices;

import app.tandem.platform.Caller;
import app.tandem.platform.Json;
import app.tandem.platform.Operation;
import app.tandem.platform.Requests;
import io.vertx.core.json.JsonObject;
import java.util.Map;

/** Notices: operationId → handler. */
final class NoticeRoutes {
    private final NoticeService notices;

    NoticeRoutes(NoticeService notices) {
        this.notices = notices;
    }

    Map<String, Operation> operations() {
        return Map.of(
                "createNotice",
                        ctx -> notices.create(Caller.of(ctx), ctx.body().asJsonObject())
                                .compose(json -> Json.created(ctx, json)),
                "listMyNotices",
                        ctx -> notices.myNotices(
                                        Caller.of(ctx),
                                        Requests.limit(ctx),
                                        ctx.queryParams().get("cursor"),
                                        Boolean.parseBoolean(ctx.queryParams().get("unreadFirst")))
                                .compose(json -> Json.ok(ctx, json)),
                "listSchoolNotices",
                        ctx -> notices.schoolNotices(
                                        Caller.of(ctx),
                                        Requests.limit(ctx),
                                        ctx.queryParams().get("cursor"))
                                .compose(json -> Json.ok(ctx, json)),
                "getNotice",
                        ctx -> notices.get(Caller.of(ctx), Requests.pathId(ctx, "noticeId"))
                                .compose(json -> Json.ok(ctx, json)),
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
                        ctx -> notices.responses(Caller.of(ctx), Requests.pathId(ctx, "noticeId"))
                                .compose(json -> Json.ok(ctx, json)),
                "remindNotice",
                        ctx -> notices.remind(Caller.of(ctx), Requests.pathId(ctx, "noticeId"))
                                .compose(json -> Json.ok(ctx, json)),
                "withdrawNotice",
                        ctx -> notices.withdraw(Caller.of(ctx), Requests.pathId(ctx, "noticeId"))
                                .compose(v -> Json.noContent(ctx)),
                "sendFormalNotice",
                        ctx -> notices.sendFormal(
                                        Caller.of(ctx),
                                        Requests.pathId(ctx, "pupilId"),
                                        ctx.body().asJsonObject())
                                .compose(json -> Json.created(ctx, json)),
                "listFormalNotices",
                        ctx -> notices.formalNotices(Caller.of(ctx), Requests.pathId(ctx, "pupilId"))
                                .compose(json -> Json.ok(ctx, json)));
    }
}
