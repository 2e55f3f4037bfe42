package app.tandem.voice;

import app.tandem.access.Access;
import app.tandem.messaging.Messaging;
import app.tandem.platform.Caller;
import app.tandem.platform.Problem;
import app.tandem.platform.Wiring;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Pupil voice, wired: staff ask, pupils answer in the format that suits them, parents add their own
 * view, staff share, and the views are gathered for each review. Other capabilities read a pupil's
 * voice through the methods here (the pupil's home screen, a meeting record citing views).
 */
public final class Voice extends Wiring {
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

    /**
     * SQL, a scalar subquery: how many views the pupil ({@code p}) and the family gave from {@code
     * from} to {@code to} (dates, inclusive) that the person given may see, as the audience of their
     * kind ({@code PARENT} or {@code STAFF}) sees them: {"byPupil": n, "byParents": n}.
     */
    public static String viewsGiven(Caller.Kind kind, String person, String from, String to) {
        Audience audience = kind == Caller.Kind.PARENT ? Audience.PARENT : Audience.STAFF;
        return "(SELECT json_build_object('byPupil', count(*) FILTER (WHERE v.voice <> 'parent'), 'byParents',"
                + " count(*) FILTER (WHERE v.voice = 'parent')) FROM pupil_view v WHERE v.pupil_id = p.id"
                + " AND v.created_at >= " + from + "::date AND v.created_at < " + to + "::date + 1 AND "
                + audience.condition(person) + ")";
    }

    /** What the pupil and the parents are asked when a SEN support cycle opens. */
    public record CycleQuestion(String question, List<String> formats, Integer scalePoints) {
        /** The plain question, answerable in every format that needs nothing prepared. */
        public static final CycleQuestion PLAIN = new CycleQuestion(
                "How are things going with what you are working on? What would help you next?",
                List.of("symbols", "scale", "audio", "drawing", "text"),
                5);

        /** For a request for an EHC needs assessment: what matters to the pupil, in any format. */
        public static final CycleQuestion ASSESSMENT = new CycleQuestion(
                "What is important to you? What helps you at school, and what is hard?",
                List.of("symbols", "audio", "drawing", "text"),
                null);
    }

    private final PupilViews views;
    private final ViewsRequests requests;

    public Voice(Vertx vertx, Pool pool, Access access, Messaging messaging, Clock clock) {
        Boards boards = new Boards(pool, clock);
        VoiceMedia media = new VoiceMedia(vertx, pool, clock);
        RequestStore requestStore = new RequestStore();
        this.views = new PupilViews(pool, access, new ViewStore(), requestStore, boards, media, messaging, clock);
        this.requests = new ViewsRequests(pool, access, requestStore, media, clock);
        answers(new VoiceRoutes(boards, media, requests, views, new ReviewPacks(pool, access, clock)).operations());
        holds(ViewStore.subjectData());
    }

    /** For the pupil's home screen: how many questions wait, and what they have said lately. */
    public Future<app.tandem.platform.SqlJson> forPupilHome(UUID pupilId) {
        return views.forPupilHome(pupilId);
    }

    /** Asks the pupil and the parents about a SEN support cycle as it opens, in the opening's transaction. */
    public Future<Void> askAboutCycle(
            SqlClient tx,
            UUID schoolId,
            UUID pupilId,
            UUID cycleId,
            UUID askedBy,
            CycleQuestion question,
            Instant now) {
        return requests.askFamily(tx, schoolId, pupilId, Asking.About.cycle(cycleId), askedBy, question, now);
    }

    /**
     * Asks the pupil and the parents for their views to go with a request for an EHC needs
     * assessment (CoP 9.14: the child's and the family's views are at its heart), in the request's
     * transaction.
     */
    public Future<Void> askForAssessment(SqlClient tx, UUID schoolId, UUID pupilId, UUID askedBy, Instant now) {
        return requests.askFamily(
                tx, schoolId, pupilId, Asking.About.general(), askedBy, CycleQuestion.ASSESSMENT, now);
    }

    /** The views given about a cycle that the caller may see, for the cycle's summary. */
    public Future<JsonArray> viewsAboutCycle(Caller caller, UUID pupilId, UUID cycleId) {
        return views.aboutCycle(caller, pupilId, cycleId);
    }

    /** A meeting record may cite only views of its own pupil: 400 naming the field otherwise. */
    public static Future<Void> requireViewsOf(SqlClient sql, UUID pupilId, List<UUID> viewIds, String field) {
        if (viewIds.isEmpty()) return Future.succeededFuture();
        return ViewStore.countOf(sql, pupilId, viewIds)
                .compose(count -> count == viewIds.size()
                        ? Future.<Void>succeededFuture()
                        : Future.failedFuture(Problem.invalid(field, "includes a view that is not this pupil's.")));
    }
}
