package app.tandem.notices;

import static app.tandem.platform.Operation.answers;
import static app.tandem.platform.Operation.created;
import static app.tandem.platform.Operation.noContent;
import static app.tandem.platform.Operation.ok;

import app.tandem.notices.NoticeRequests.FormalNotice;
import app.tandem.notices.NoticeRequests.NewNotice;
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
                created("createNotice", c -> notices.create(c.caller(), c.body(NewNotice::from))),
                ok(
                        "listMyNotices",
                        c -> notices.myNotices(
                                c.caller(), c.limit(), c.cursor(), Boolean.parseBoolean(c.query("unreadFirst")))),
                ok("listSchoolNotices", c -> notices.schoolNotices(c.caller(), c.limit(), c.cursor())),
                ok("getNotice", c -> notices.get(c.caller(), c.id("noticeId"))),
                answers("acknowledgeNotice", ctx -> {
                    JsonObject body = ctx.body().buffer() == null || ctx.body().length() == 0
                            ? new JsonObject()
                            : ctx.body().asJsonObject();
                    return notices.acknowledge(
                                    Caller.of(ctx), Requests.pathId(ctx, "noticeId"), body.getString("reply"))
                            .compose(json -> Json.ok(ctx, json));
                }),
                ok("getNoticeResponses", c -> notices.responses(c.caller(), c.id("noticeId"))),
                ok("remindNotice", c -> notices.remind(c.caller(), c.id("noticeId"))),
                noContent("withdrawNotice", c -> notices.withdraw(c.caller(), c.id("noticeId"))),
                created(
                        "sendFormalNotice",
                        c -> notices.sendFormal(c.caller(), c.id("pupilId"), c.body(FormalNotice::from))),
                ok("listPaperNotices", c -> notices.paperNotices(c.caller())),
                noContent(
                        "markPaperNoticePosted",
                        c -> notices.markPosted(
                                c.caller(), c.id("noticeId"), java.time.LocalDate.parse(c.text("postedOn")))),
                ok("listFormalNotices", c -> notices.formalNotices(c.caller(), c.id("pupilId"))));
    }
}
