package app.tandem.voice;

import static app.tandem.platform.Operation.answers;
import static app.tandem.platform.Operation.created;
import static app.tandem.platform.Operation.ok;

import app.tandem.platform.Caller;
import app.tandem.platform.Downloads;
import app.tandem.platform.Operation;
import app.tandem.platform.Problem;
import app.tandem.platform.Requests;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import java.util.Map;
import java.util.UUID;

/** Pupil voice: operationId → handler. */
record VoiceRoutes(Boards boards, VoiceMedia media, ViewsRequests requests, PupilViews views, ReviewPacks packs) {
    Map<String, Operation> operations() {
        return Map.ofEntries(
                ok("getSymbolBoard", c -> boards.boardFor(c.caller())),
                ok("getVoiceSettings", c -> boards.settings(c.caller())),
                ok("updateVoiceSettings", c -> boards.updateSettings(c.caller(), Boards.SettingsChange.from(c.body()))),
                created(
                        "uploadVoiceMedia",
                        c -> media.upload(
                                c.caller(), c.query("kind"), c.ctx().body().buffer())),
                answers("getVoiceMedia", ctx -> download(Caller.of(ctx), Requests.pathId(ctx, "mediaId"))
                        .compose(row ->
                                Downloads.send(ctx, row.getString("media_type"), null, row.getBuffer("content")))),
                created("createViewsRequest", c -> requests.create(c.caller(), c.body(Asking::from))),
                ok("listMyViewsRequests", c -> requests.mine(c.caller())),
                created("submitPupilView", c -> views.submitPupils(c.caller(), c.id("requestId"), c.body(Given::from))),
                created(
                        "submitParentView",
                        c -> views.submitParents(c.caller(), c.id("requestId"), c.body(Given::parents))),
                ok("listPupilViews", c -> views.list(c.caller(), c.id("pupilId"))),
                ok(
                        "getViewsForReview",
                        c -> packs.pack(c.caller(), c.id("pupilId"), c.query("meetingId"), c.query("annualReviewId"))),
                ok("getPupilView", c -> views.one(c.caller(), c.id("viewId"))),
                ok("shareView", c -> views.share(c.caller(), c.id("viewId"))),
                ok("withdrawView", c -> views.withdraw(c.caller(), c.id("viewId"))),
                created("flagViewConcern", c -> views.raiseConcern(c.caller(), c.id("viewId"), c.text("note"))));
    }

    /**
     * The uploader always; then whoever may see the view it answers, or, for a question read aloud,
     * whoever may ask or answer that pupil's questions.
     */
    private Future<Row> download(Caller caller, UUID mediaId) {
        return media.find(mediaId, caller.schoolIds()).compose(row -> {
            if (row == null) return Future.failedFuture(Problem.notFound());
            if (row.getUUID("uploaded_by").equals(caller.subject())) return Future.succeededFuture(row);
            if (row.getUUID("view_id") != null)
                return views.one(caller, row.getUUID("view_id")).map(row);
            if (row.getUUID("question_pupil_id") != null)
                return views.audience(caller, row.getUUID("question_pupil_id"), false)
                        .map(row);
            return Future.failedFuture(Problem.notFound());
        });
    }
}
