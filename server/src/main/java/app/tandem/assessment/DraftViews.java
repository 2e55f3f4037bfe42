package app.tandem.assessment;

import app.tandem.access.Access;
import app.tandem.attachments.Attachments;
import app.tandem.documents.DraftPlans;
import app.tandem.platform.Answer;
import app.tandem.platform.Caller;
import app.tandem.platform.Problem;
import app.tandem.platform.ProblemType;
import app.tandem.platform.SchoolTime;
import app.tandem.platform.SqlJson;
import app.tandem.push.Outbox;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * Views on a draft EHC plan within its 15 days (CoP 9.77-9.79): the family's (the parents, or the
 * young person), with the school they would like named, and the school's own; each kept with the
 * draft, and the family reminded on day 10 when they have sent nothing.
 */
record DraftViews(Pool pool, Access access, DraftPlans drafts, Attachments attachments, Clock clock) {

    /** A draft plan, whether its 15 days are still open, and the views on it (as PostgreSQL lists them). */
    record OnDraft(Draft draft, boolean open, JsonArray items) implements Answer {}

    record Draft(UUID id, String title, @JsonInclude(JsonInclude.Include.NON_NULL) LocalDate viewsDueOn) {}

    Future<OnDraft> list(Caller caller, UUID documentId) {
        Instant now = clock.instant();
        // Reading the draft is the documents' rule (readable), checked once there.
        return drafts.readable(caller, documentId).compose(draft -> DraftViewStore.today(pool, draft.schoolId(), now)
                .compose(today -> DraftViewStore.onDraft(pool, documentId, caller.subject(), caller.isStaff())
                        .map(items -> new OnDraft(
                                new Draft(draft.id(), draft.title(), draft.viewsDueOn()),
                                draft.viewsDueOn() != null && !today.isAfter(draft.viewsDueOn()),
                                items))));
    }

    /** The family's views: a parent who reads the record, or the young person. */
    Future<SqlJson> family(Caller caller, UUID documentId, AssessmentRequests.FamilyViews body) {
        if (caller.isStaff())
            throw new Problem(
                    ProblemType.FORBIDDEN, "These are the family's views; the school's go to submitSchoolDraftViews.");
        String givenAs = caller.kind() == Caller.Kind.PUPIL ? "young-person" : "parent";
        Instant now = clock.instant();
        return drafts.readable(caller, documentId)
                .compose(draft -> access.require(caller, draft.pupilId(), Access.Action.SPEAK_FOR_FAMILY)
                        .compose(pupil -> open(pupil.schoolId(), draft, now)
                                .compose(v -> pool.withTransaction(tx -> attachments
                                        .requireOwnUploads(
                                                tx,
                                                caller,
                                                body.attachmentId() == null ? List.of() : List.of(body.attachmentId()),
                                                "body.attachmentId")
                                        .compose(ok -> DraftViewStore.insert(
                                                tx,
                                                new DraftViewStore.Given(
                                                        pupil.schoolId(),
                                                        draft.pupilId(),
                                                        documentId,
                                                        givenAs,
                                                        caller.subject(),
                                                        body),
                                                now))
                                        // The SENCO answers to the LA for the family's views: told at once, ids only.
                                        .compose(id -> Outbox.toStaff(
                                                        tx,
                                                        pupil.schoolId(),
                                                        Outbox.Notification.of("draft-views", id, "draft-views"),
                                                        draft.pupilId(),
                                                        Access.Action.REQUEST_ASSESSMENT,
                                                        now)
                                                .compose(n -> DraftViewStore.one(tx, id)))))))
                .map(SqlJson::new);
    }

    /** The school's views, by the SENCO, within the same 15 days; the family is told they are there. */
    Future<SqlJson> school(Caller caller, UUID documentId, String views) {
        caller.requireStaff();
        Instant now = clock.instant();
        return drafts.readable(caller, documentId)
                .compose(draft -> access.require(caller, draft.pupilId(), Access.Action.REQUEST_ASSESSMENT)
                        .compose(pupil -> open(pupil.schoolId(), draft, now)
                                .compose(v -> pool.withTransaction(tx -> DraftViewStore.insert(
                                                tx,
                                                new DraftViewStore.Given(
                                                        pupil.schoolId(),
                                                        draft.pupilId(),
                                                        documentId,
                                                        "school",
                                                        caller.subject(),
                                                        new AssessmentRequests.FamilyViews(views, null, null)),
                                                now)
                                        .compose(id -> Outbox.toParentsNow(
                                                        tx,
                                                        pupil.schoolId(),
                                                        Outbox.Notification.of("draft-views", id, "draft-views"),
                                                        Access.Action.SPEAK_FOR_FAMILY,
                                                        draft.pupilId(),
                                                        now)
                                                .compose(n -> DraftViewStore.one(tx, id)))))))
                .map(SqlJson::new);
    }

    /** Views are taken until the draft's date, on the school's calendar: 409 before it is sent or after. */
    private Future<Void> open(UUID schoolId, DraftPlans.Draft draft, Instant now) {
        if (draft.viewsDueOn() == null)
            return Future.failedFuture(Problem.conflict(
                    "This draft has not been sent to the family for their views (upload it with sendToParents)."));
        return DraftViewStore.today(pool, schoolId, now)
                .compose(today -> today.isAfter(draft.viewsDueOn())
                        ? Future.failedFuture(Problem.conflict(
                                "The 15 days for views on this draft ended on " + SchoolTime.day(draft.viewsDueOn())
                                        + ". Talk to the SENCO, or write to the local authority."))
                        : Future.succeededFuture());
    }

    /** Who may download a file given with views: whoever reads the draft it was given on. */
    Future<Boolean> maySeeAttachment(Caller caller, UUID attachmentId) {
        return DraftViewStore.draftOfAttachment(pool, attachmentId)
                .compose(draftId -> draftId == null
                        ? Future.succeededFuture(false)
                        : drafts.readable(caller, draftId)
                                .map(d -> caller.isStaff())
                                .otherwise(false));
    }

    /** The hourly check: families who have sent nothing by day 10 of 15 are reminded, once. */
    Future<Integer> remind() {
        Instant now = clock.instant();
        return pool.withTransaction(tx -> DraftViewStore.noteReminders(tx, now).compose(due -> {
            Future<Integer> all = Future.succeededFuture(0);
            for (DraftViewStore.Reminder r : due) {
                all = all.compose(n -> Outbox.toParentsNow(
                                tx,
                                r.schoolId(),
                                Outbox.Notification.of("draft-views-reminder", r.draftId(), "draft-views"),
                                Access.Action.SPEAK_FOR_FAMILY,
                                r.pupilId(),
                                now)
                        .map(q -> n + q));
            }
            return all;
        }));
    }
}
