package app.tandem.documents;

import app.tandem.access.Access;
import app.tandem.notices.Notices;
import app.tandem.platform.Housekeeping;
import app.tandem.platform.WebPages;
import app.tandem.platform.Wiring;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.sqlclient.Pool;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * EHC plans and other documents, wired: versions kept side by side, consent owned by the family,
 * links for people outside the school on consent or a recorded statutory basis, and every
 * disclosure through them shown to the family.
 */
public final class Documents extends Wiring {
    /** Paths that take a document as their body, up to 20 MiB (`*` is one path segment). */
    public static final List<String> UPLOAD_PATHS =
            List.of("/v1/pupils/*/documents", "/v1/documents/*/versions", "/v1/shared/*/advice");

    public static final int MAX_UPLOAD_BYTES = DocumentService.MAX_BYTES;

    private final SharedLinks links;
    private final ReviewDocuments forReviews;
    private final YoungPersonNotices youngPeople;
    private final DraftPlans drafts;
    private final Vertx vertx;
    private long timer = -1;

    public Documents(
            Vertx vertx, Pool pool, Access access, Notices notices, boolean emailOn, URI publicUrl, Clock clock) {
        this.vertx = vertx;
        this.youngPeople = new YoungPersonNotices(pool, notices, clock);
        DocumentStore store = new DocumentStore();
        ConsentStore consents = new ConsentStore();
        ShareStore shareStore = new ShareStore();
        DocumentService documents = new DocumentService(vertx, pool, access, store, clock);
        Consents consent = new Consents(pool, access, consents, clock);
        this.links = new SharedLinks(pool, shareStore, documents, store, clock);
        Shares shares =
                new Shares(pool, access, shareStore, consents, consent::requireFollower, emailOn, publicUrl, clock);
        this.forReviews = new ReviewDocuments(store, shares);
        this.drafts = new DraftPlans(documents);
        answers(new DocumentRoutes(
                        documents,
                        consent,
                        shares,
                        links,
                        new CapacityAssessments(pool, access, clock),
                        new ParentsReading(pool, access, clock))
                .operations());
        holds(DocumentStore.subjectData());
        tidies(List.of(new Housekeeping.Chore("ended-share-visits", Duration.ZERO, ShareStore.ENDED_VISITS)));
    }

    /** What the annual review asks of documents, inside its own transactions. */
    public ReviewDocuments forReviews() {
        return forReviews;
    }

    /** What the assessment capability reads of draft plans. */
    public DraftPlans drafts() {
        return drafts;
    }

    /** The page a shared link opens in a browser. */
    @Override
    public void pages(Router router, WebPages pages) {
        new SharePages(vertx, links, pages).route(router);
    }

    /** Checks hourly for families to tell that their child will soon make their own decisions. */
    @Override
    public Future<Void> start() {
        timer = vertx.setPeriodic(1_000, Duration.ofHours(1).toMillis(), id -> youngPeople.sendDue());
        return Future.succeededFuture();
    }

    @Override
    public Future<Void> stop() {
        if (timer >= 0) vertx.cancelTimer(timer);
        return Future.succeededFuture();
    }

    /** Sends the notices now due (the hourly check, on demand). */
    public Future<Integer> noticeYoungPeopleDue() {
        return youngPeople.sendDue();
    }
}
