package app.tandem.voice;

import app.tandem.access.Access;
import app.tandem.messaging.Messaging;
import app.tandem.platform.Capability;
import app.tandem.platform.Operation;
import app.tandem.platform.Problem;
import app.tandem.platform.SubjectData;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Pupil voice, wired: staff ask, pupils answer in the format that suits them, parents add their own
 * view, staff share, and the views are gathered for each review. Other capabilities read a pupil's
 * voice through the methods here (the pupil's home screen, a meeting record citing views).
 */
public final class Voice implements Capability {
    public static final String UPLOAD_PATH = "/v1/voice/media";
    public static final int MAX_UPLOAD_BYTES = VoiceMedia.MAX_BYTES;

    /**
     * SQL, a scalar subquery: the pupil's latest view about outcome {@code o} that is shared with the
     * family (never a withdrawn one, one raised as a concern, or a parent's), shown beside the staff's
     * progress ratings wherever the outcome is.
     */
    public static final String LATEST_SHARED_VIEW_OF_OUTCOME = "(SELECT " + ViewStore.VIEW_JSON + ViewStore.FROM
            + " WHERE q.outcome_id = o.id AND v.shared_at IS NOT NULL AND v.withdrawn_at IS NULL"
            + " AND v.voice <> 'parent' ORDER BY v.created_at DESC LIMIT 1)";

    /** SQL: the views of {@code pupil_view v} a parent sees, given the parent's id as that parameter. */
    public static String parentSeesView(String parentParameter) {
        return Audience.PARENT.condition(parentParameter);
    }

    /**
     * A SQL condition: a view kept from the parent that they may be told was kept. A view raised as
     * a safeguarding concern is never among them: withholding it leaves no trace, not even a count.
     */
    public static String parentToldViewWithheld(String parentParameter) {
        return "(NOT " + parentSeesView(parentParameter) + " AND v.concern_at IS NULL)";
    }

    private final VoiceRoutes routes;
    private final PupilViews views;

    public Voice(Vertx vertx, Pool pool, Access access, Messaging messaging, Clock clock) {
        Boards boards = new Boards(pool, clock);
        VoiceMedia media = new VoiceMedia(vertx, pool, clock);
        RequestStore requests = new RequestStore();
        this.views = new PupilViews(pool, access, new ViewStore(), requests, boards, media, messaging, clock);
        this.routes = new VoiceRoutes(
                boards,
                media,
                new ViewsRequests(pool, access, requests, media, clock),
                views,
                new ReviewPacks(pool, access, clock));
    }

    @Override
    public Map<String, Operation> operations() {
        return routes.operations();
    }

    /** For the pupil's home screen: how many questions wait, and what they have said lately. */
    public Future<JsonObject> forPupilHome(UUID pupilId) {
        return views.forPupilHome(pupilId);
    }

    /** A meeting record may cite only views of its own pupil: 400 naming the field otherwise. */
    public static Future<Void> requireViewsOf(SqlClient sql, UUID pupilId, List<UUID> viewIds, String field) {
        if (viewIds.isEmpty()) return Future.succeededFuture();
        return ViewStore.countOf(sql, pupilId, viewIds)
                .compose(count -> count == viewIds.size()
                        ? Future.<Void>succeededFuture()
                        : Future.failedFuture(Problem.invalid(field, "includes a view that is not this pupil's.")));
    }

    @Override
    public List<SubjectData> subjectData() {
        return ViewStore.subjectData();
    }
}
