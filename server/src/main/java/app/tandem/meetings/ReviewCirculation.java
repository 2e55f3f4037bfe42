package app.tandem.meetings;

import app.tandem.documents.ReviewDocuments;
import app.tandem.documents.ReviewDocuments.Kept;
import app.tandem.notices.Notices;
import app.tandem.platform.Problem;
import app.tandem.platform.SchoolTime;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Circulating the annual review's advice before the meeting and its report after it (SEND
 * Regulations 2014, regulation 20), each in one transaction: what the family reads in the app, a
 * link for every invitee with an email on the review's statutory basis, the record of what went
 * to whom, and the step done.
 */
record ReviewCirculation(AnnualReviewStore store, ReviewDocuments documents, Notices notices) {
    /** How far back advice counts as the review's: a request made up to 16 weeks before the meeting. */
    static final Duration ADVICE_WINDOW = Duration.ofDays(16 * 7);

    private static final Map<String, String> ROLES = Map.of(
            "parent", "Family",
            "pupil", "The young person",
            "la-sen-officer", "Local authority SEN team",
            "health", "Health",
            "social-care", "Social care",
            "educational-psychologist", "Educational psychology",
            "other", "Invited to the annual review");

    /** The advice kept for the review, to the family (in the app) and every invitee with an email. */
    Future<Void> circulateAdvice(
            SqlClient tx, AnnualReviewStore.Invitation review, UUID by, String lateReason, Instant now) {
        return documents
                .advice(tx, review.pupilId(), review.startsAt().minus(ADVICE_WINDOW), review.startsAt())
                .compose(advice -> {
                    if (advice.isEmpty())
                        return Future.failedFuture(Problem.conflict("No professional advice is kept for this review"
                                + " yet: ask for it with a link that accepts advice, or upload it, then circulate."));
                    List<UUID> documentIds =
                            advice.stream().map(Kept::documentId).toList();
                    return documents
                            .circulateToFamily(tx, review.schoolId(), review.pupilId(), documentIds, now)
                            .compose(v -> store.sent(tx, review.reviewId(), "advice", "family", null, lateReason, now))
                            .compose(v -> toInvitees(
                                    tx, review, "advice", "annual-review-advice", advice, by, lateReason, now))
                            .compose(v -> store.stepDone(
                                    tx,
                                    review.reviewId(),
                                    "advice_circulated_on",
                                    SchoolTime.today(now, review.zone())));
                });
    }

    /**
     * The newest report uploaded since the meeting, to every invitee with an email (the local
     * authority's officer among them) and to the family as a formal notice that tells them what
     * happens next and how to appeal.
     */
    Future<Void> sendReport(
            SqlClient tx, AnnualReviewStore.Invitation review, UUID by, String lateReason, Instant now) {
        return documents
                .reports(tx, review.pupilId(), review.startsAt().minus(Duration.ofDays(1)), now)
                .compose(reports -> {
                    if (reports.isEmpty())
                        return Future.failedFuture(Problem.conflict(
                                "Upload the annual review report (kind annual-review-report) first, then send it."));
                    List<Kept> report = List.of(reports.get(0));
                    return notices.sendFormal(
                                    tx,
                                    review.schoolId(),
                                    review.pupilId(),
                                    by,
                                    review.youngPerson()
                                            ? "The report from your annual review"
                                            : "The report from " + review.calledBy() + "'s annual review",
                                    reportLetter(review),
                                    false,
                                    now)
                            .compose(notice ->
                                    store.sent(tx, review.reviewId(), "report", "family", null, lateReason, now))
                            .compose(v -> toInvitees(
                                    tx, review, "report", "annual-review-report", report, by, lateReason, now))
                            .compose(
                                    v -> store.reportSent(tx, review.reviewId(), SchoolTime.today(now, review.zone())));
                });
    }

    private Future<Void> toInvitees(
            SqlClient tx,
            AnnualReviewStore.Invitation review,
            String what,
            String purpose,
            List<Kept> kept,
            UUID by,
            String lateReason,
            Instant now) {
        // Without email a link would reach no one: the SENCO shares by hand (createShare) instead.
        if (!documents.emailsLinks()) return Future.succeededFuture();
        List<UUID> versions = kept.stream().map(Kept::versionId).toList();
        Future<Void> all = Future.succeededFuture();
        for (AnnualReviewStore.Invitee invitee : review.invited()) {
            String organisation = ROLES.getOrDefault(invitee.role(), ROLES.get("other"));
            all = all.compose(v -> documents
                    .share(
                            tx,
                            review.schoolId(),
                            review.pupilId(),
                            new ReviewDocuments.Recipient(invitee.name(), organisation, invitee.email()),
                            purpose,
                            versions,
                            by,
                            now)
                    .compose(shareId -> store.sent(
                            tx,
                            review.reviewId(),
                            what,
                            invitee.name() + " (" + organisation + ")",
                            shareId,
                            lateReason,
                            now)));
        }
        return all;
    }

    /** What happens after the review, and the family's right to appeal, in plain words. */
    private static String reportLetter(AnnualReviewStore.Invitation r) {
        String name = r.youngPerson() ? "your" : r.calledBy() + "'s";
        return "The report from " + name + " annual review is ready. You can read it in Tandem, with "
                + name + " other documents. The school has sent it to the local authority and to everyone who"
                + " was invited.\n\n"
                + "What happens next: within four weeks of the meeting the local authority must tell you whether it"
                + " will keep " + name + " EHC plan as it is, change it, or stop it.\n\n"
                + "If you disagree with the local authority's decision you can appeal to the First-tier Tribunal"
                + " (Special Educational Needs and Disability), usually within two months of its decision letter."
                + " Before appealing you must contact a mediation adviser; you do not have to go to mediation, but"
                + " you need the certificate they give you. The local authority's letter will say how and by when.\n\n"
                + "Free, impartial help: your local SENDIASS (SEND Information, Advice and Support Service) can"
                + " explain your choices and support you at every step.";
    }
}
