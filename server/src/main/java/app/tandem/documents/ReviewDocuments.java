package app.tandem.documents;

import app.tandem.access.Access;
import app.tandem.push.Outbox;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * What the annual review asks of the documents capability, inside the review's own transaction:
 * the advice and the report kept for it, showing circulated advice to the family, and links for
 * the people invited on the review's statutory basis (SEND Regulations 2014, regulation 20).
 */
public final class ReviewDocuments {
    /** The statutory basis, and the reference every such share records. */
    public static final String BASIS = "annual-review-circulation";

    static final String REFERENCE = "SEND Regulations 2014, regulation 20 (annual review)";

    /** A document kept for the review, with its newest version. */
    public record Kept(UUID documentId, UUID versionId, String title) {}

    /** Someone outside the school a link goes to. */
    public record Recipient(String name, String organisation, String email) {}

    private final DocumentStore store;
    private final Shares shares;

    ReviewDocuments(DocumentStore store, Shares shares) {
        this.store = store;
        this.shares = shares;
    }

    /** Whether links reach their recipients by email; without it the SENCO shares by hand (createShare). */
    public boolean emailsLinks() {
        return shares.emailOn();
    }

    /** The pupil's professional advice made in [from, to): what circulating the advice sends. */
    public Future<List<Kept>> advice(SqlClient sql, UUID pupilId, Instant from, Instant to) {
        return store.keptFor(sql, pupilId, DocumentKind.PROFESSIONAL_ADVICE, from, to);
    }

    /** The pupil's annual review reports made in [from, to), newest first. */
    public Future<List<Kept>> reports(SqlClient sql, UUID pupilId, Instant from, Instant to) {
        return store.keptFor(sql, pupilId, DocumentKind.ANNUAL_REVIEW_REPORT, from, to);
    }

    /** From now on the family read this circulated advice; their phones are told (ids only). */
    public Future<Void> circulateToFamily(
            SqlClient tx, UUID schoolId, UUID pupilId, List<UUID> documentIds, Instant now) {
        return store.circulated(tx, documentIds, now)
                .compose(v -> Outbox.toParentsNow(
                        tx,
                        schoolId,
                        new Outbox.Notification("document", documentIds.get(0), "review-advice-" + pupilId, false),
                        Access.Action.READ_DOCUMENTS,
                        pupilId,
                        now))
                .mapEmpty();
    }

    /** A link to these versions for one invitee, on the review's statutory basis, emailed; its share id. */
    public Future<UUID> share(
            SqlClient tx,
            UUID schoolId,
            UUID pupilId,
            Recipient to,
            String purpose,
            List<UUID> versionIds,
            UUID by,
            Instant now) {
        ShareStore.Request recipient = new ShareStore.Request(
                versionIds,
                to.name(),
                to.organisation(),
                to.email(),
                purpose,
                null,
                BASIS,
                REFERENCE,
                true,
                14,
                5,
                false);
        return shares.onStatute(tx, schoolId, pupilId, recipient, by, now);
    }
}
