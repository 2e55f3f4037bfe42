package app.tandem.documents;

import app.tandem.platform.Caller;
import app.tandem.platform.Problem;
import io.vertx.core.Future;
import java.time.LocalDate;
import java.util.UUID;

/**
 * What the assessment capability asks of documents about a draft EHC plan: whether the caller
 * reads it (the one reading rule for documents), and its 15 days.
 */
public final class DraftPlans {
    /** A draft plan; {@code viewsDueOn} is null until it is sent to the family for their views. */
    public record Draft(UUID id, UUID schoolId, UUID pupilId, String title, LocalDate viewsDueOn) {}

    private final DocumentService documents;

    DraftPlans(DocumentService documents) {
        this.documents = documents;
    }

    /** The draft, when the caller reads it and it is a draft plan; 404 otherwise. */
    public Future<Draft> readable(Caller caller, UUID documentId) {
        return documents
                .readable(caller, documentId)
                .compose(doc -> DocumentKind.DRAFT_EHC_PLAN.wire().equals(doc.getString("kind"))
                        ? Future.succeededFuture(new Draft(
                                documentId,
                                doc.getUUID("school_id"),
                                doc.getUUID("pupil_id"),
                                doc.getString("title"),
                                doc.getLocalDate("views_due_on")))
                        : Future.failedFuture(Problem.notFound()));
    }
}
