package app.tandem.voice;

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
                Map.entry("getSymbolBoard", Operation.ok(ctx -> boards.boardFor(Caller.of(ctx)))),
                Map.entry("getVoiceSettings", Operation.ok(ctx -> boards.settings(Caller.of(ctx)))),
                Map.entry(
                        "updateVoiceSettings",
                        Operation.ok(ctx -> boards.updateSettings(
                                Caller.of(ctx),
                                Boards.SettingsChange.from(ctx.body().asJsonObject())))),
                Map.entry(
                        "uploadVoiceMedia",
                        Operation.created(ctx -> media.upload(
                                Caller.of(ctx),
                                ctx.queryParams().get("kind"),
                                ctx.body().buffer()))),
                Map.entry("getVoiceMedia", ctx -> download(Caller.of(ctx), Requests.pathId(ctx, "mediaId"))
                        .compose(row ->
                                Downloads.send(ctx, row.getString("media_type"), null, row.getBuffer("content")))),
                Map.entry(
                        "createViewsRequest",
                        Operation.created(ctx ->
                                requests.create(Caller.of(ctx), ctx.body().asJsonObject()))),
                Map.entry("listMyViewsRequests", Operation.ok(ctx -> requests.mine(Caller.of(ctx)))),
                Map.entry(
                        "submitPupilView",
                        Operation.created(ctx -> views.submitPupils(
                                Caller.of(ctx),
                                Requests.pathId(ctx, "requestId"),
                                ctx.body().asJsonObject()))),
                Map.entry(
                        "submitParentView",
                        Operation.created(ctx -> views.submitParents(
                                Caller.of(ctx),
                                Requests.pathId(ctx, "requestId"),
                                ctx.body().asJsonObject()))),
                Map.entry(
                        "listPupilViews",
                        Operation.ok(ctx -> views.list(Caller.of(ctx), Requests.pathId(ctx, "pupilId")))),
                Map.entry(
                        "getViewsForReview",
                        Operation.ok(ctx -> packs.pack(
                                Caller.of(ctx),
                                Requests.pathId(ctx, "pupilId"),
                                ctx.queryParams().get("meetingId"),
                                ctx.queryParams().get("annualReviewId")))),
                Map.entry(
                        "getPupilView", Operation.ok(ctx -> views.one(Caller.of(ctx), Requests.pathId(ctx, "viewId")))),
                Map.entry(
                        "shareView", Operation.ok(ctx -> views.share(Caller.of(ctx), Requests.pathId(ctx, "viewId")))),
                Map.entry(
                        "withdrawView",
                        Operation.ok(ctx -> views.withdraw(Caller.of(ctx), Requests.pathId(ctx, "viewId")))),
                Map.entry(
                        "flagViewConcern",
                        Operation.created(ctx -> views.raiseConcern(
                                Caller.of(ctx),
                                Requests.pathId(ctx, "viewId"),
                                ctx.body().asJsonObject().getString("note")))));
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
