package app.tandem.assessment;

import app.tandem.access.Access;
import app.tandem.assessment.AssessmentRequests.NewRequest;
import app.tandem.assessment.AssessmentRequests.RequestedBy;
import app.tandem.assessment.AssessmentRequests.StepTaken;
import app.tandem.notices.Notices;
import app.tandem.platform.Caller;
import app.tandem.platform.Problem;
import app.tandem.platform.SchoolTime;
import app.tandem.platform.Sql;
import app.tandem.platform.SqlJson;
import app.tandem.push.Outbox;
import app.tandem.record.SendRecord;
import app.tandem.voice.Voice;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/**
 * Requests for an EHC needs assessment: the SENCO prepares one with the family (or records the one
 * the family made), follows it step by step, and the family is told of each step in plain words in
 * the step's own transaction.
 */
record AssessmentService(Pool pool, Access access, Notices notices, Voice voice, SendRecord record, Clock clock) {

    Future<SqlJson> list(Caller caller, boolean inProgressOnly) {
        return AssessmentStore.followed(
                        pool, caller.schoolIds(), caller.subject(), caller.isStaff(), inProgressOnly, clock.instant())
                .map(SqlJson::items);
    }

    Future<SqlJson> get(Caller caller, UUID requestId) {
        return readable(caller, requestId)
                .compose(v -> AssessmentStore.one(pool, requestId, caller.isStaff(), clock.instant()))
                .map(SqlJson::new);
    }

    Future<SqlJson> create(Caller caller, UUID pupilId, NewRequest body) {
        boolean family = body.requestedBy() != RequestedBy.SCHOOL;
        if (family && body.sentOn() == null)
            throw Problem.invalid("body.sentOn", "is needed: the day the family sent their request.");
        if (!family && body.sentOn() != null)
            throw Problem.invalid("body.sentOn", "is only for a request the family sent themselves.");
        Instant now = clock.instant();
        return access.require(caller, pupilId, Access.Action.REQUEST_ASSESSMENT)
                .compose(pupil -> AssessmentStore.pupil(pool, pupilId, now).compose(named -> {
                    if (family && body.sentOn().isAfter(named.today()))
                        return Future.failedFuture(Problem.invalid("body.sentOn", "cannot be in the future."));
                    String state = family ? "sent" : "being-prepared";
                    LocalDate on = family ? body.sentOn() : named.today();
                    return Sql.conflictOnDuplicate(
                            pool.withTransaction(tx -> Voice.requireViewsOf(tx, pupilId, body.viewIds(), "body.viewIds")
                                    .compose(v -> AssessmentStore.insert(
                                            tx, pupil.schoolId(), pupilId, body, state, caller.subject(), now))
                                    .compose(id -> notices.sendFormal(
                                                    tx,
                                                    pupil.schoolId(),
                                                    pupilId,
                                                    caller.subject(),
                                                    named.name() + "'s " + AssessmentStep.what(body.reassessment())
                                                            + (family ? ": your request" : ": being prepared"),
                                                    firstLetter(body, named.name(), SchoolTime.day(on)),
                                                    false,
                                                    now)
                                            .compose(notice -> AssessmentStore.created(
                                                    tx,
                                                    id,
                                                    family ? "recorded" : "started",
                                                    on,
                                                    notice,
                                                    caller.subject(),
                                                    now))
                                            .compose(v -> !family && body.askViews()
                                                    ? voice.askForAssessment(
                                                            tx, pupil.schoolId(), pupilId, caller.subject(), now)
                                                    : Future.<Void>succeededFuture())
                                            .compose(v -> AssessmentStore.one(tx, id, true, now)))),
                            "This pupil already has a request for an assessment in progress.");
                }))
                .map(SqlJson::new);
    }

    Future<SqlJson> step(Caller caller, UUID requestId, StepTaken s) {
        Instant now = clock.instant();
        return AssessmentStore.owner(pool, requestId, caller.schoolIds())
                .compose(row -> row == null
                        ? Future.failedFuture(Problem.notFound())
                        : access.require(caller, row.getUUID("pupil_id"), Access.Action.REQUEST_ASSESSMENT))
                .compose(pupil -> AssessmentStore.pupil(pool, pupil.pupilId(), now))
                .compose(named -> pool.withTransaction(
                        tx -> AssessmentStore.lock(tx, requestId).compose(current -> {
                            LocalDate on = s.on() == null ? named.today() : s.on();
                            refuseOutOfOrder(s, current);
                            requireFitting(s, current, on, named.today());
                            return document(tx, s, current)
                                    .compose(v ->
                                            Voice.requireViewsOf(tx, current.pupilId(), s.viewIds(), "body.viewIds"))
                                    .compose(v -> s.step() == AssessmentStep.PLAN_ISSUED
                                            ? record.planIssued(
                                                    tx,
                                                    new SendRecord.PlanIssued(
                                                            current.schoolId(),
                                                            current.pupilId(),
                                                            on,
                                                            s.planReviewDue(),
                                                            current.authority(),
                                                            caller.subject(),
                                                            now))
                                            : Future.<Void>succeededFuture())
                                    .compose(v -> notices.sendFormal(
                                            tx,
                                            current.schoolId(),
                                            current.pupilId(),
                                            caller.subject(),
                                            s.step().title(named.name(), current.reassessment()),
                                            s.step()
                                                    .letter(new AssessmentStep.Letter(
                                                            named.name(),
                                                            current.authority(),
                                                            current.reassessment(),
                                                            SchoolTime.day(on),
                                                            SchoolTime.day(
                                                                    on.plusDays(AssessmentStep.INFORMATION_DAYS)))),
                                            false,
                                            now))
                                    .compose(notice -> AssessmentStore.step(
                                            tx,
                                            requestId,
                                            s,
                                            on,
                                            s.step().next(current.state()),
                                            notice,
                                            caller.subject(),
                                            now))
                                    .compose(v -> AssessmentStore.one(tx, requestId, true, now));
                        })))
                .map(SqlJson::new);
    }

    /** A step that cannot follow where the request stands: 409, nothing changed. */
    private static void refuseOutOfOrder(StepTaken s, AssessmentStore.Current current) {
        boolean fits = s.step().follows(current.state())
                && switch (s.step()) {
                    case INFORMATION_REQUESTED -> current.informationRequestedOn() == null;
                    case INFORMATION_SENT -> current.informationRequestedOn() != null
                            && current.informationSentOn() == null;
                    default -> true;
                };
        if (!fits)
            throw Problem.conflict("The request is " + current.state() + ": '" + s.step().wire
                    + "' cannot be recorded now."
                    + (current.state().equals("being-prepared") ? " Record that it was sent first." : ""));
    }

    /** The step's fields: a date that has happened and follows the request, the plan's dates, views only when sent. */
    private static void requireFitting(StepTaken s, AssessmentStore.Current current, LocalDate on, LocalDate today) {
        if (on.isAfter(today)) throw Problem.invalid("body.on", "cannot be in the future.");
        LocalDate since =
                s.step() == AssessmentStep.INFORMATION_SENT ? current.informationRequestedOn() : current.sentOn();
        if (since != null && on.isBefore(since))
            throw Problem.invalid("body.on", "is before " + since + ", when the request got this far.");
        if (s.planReviewDue() != null && s.step() != AssessmentStep.PLAN_ISSUED)
            throw Problem.invalid("body.planReviewDue", "is only for plan-issued.");
        if (s.planReviewDue() != null && !s.planReviewDue().isAfter(on))
            throw Problem.invalid("body.planReviewDue", "must be after the day the plan was issued.");
        if (!s.viewIds().isEmpty() && s.step() != AssessmentStep.SENT)
            throw Problem.invalid("body.viewIds", "are sent with the request: only for the step 'sent'.");
        if (s.step().documentKind() == null && s.documentId() != null)
            throw Problem.invalid("body.documentId", "is only for a decision or a draft plan.");
        if (s.step() == AssessmentStep.PLAN_DRAFTED && s.documentId() == null)
            throw Problem.invalid(
                    "body.documentId", "is needed: the draft plan (a draft-ehc-plan document of the pupil).");
    }

    /** The document a step names is the pupil's and of the step's kind: 400 naming the field otherwise. */
    private static Future<Void> document(SqlClient tx, StepTaken s, AssessmentStore.Current current) {
        if (s.documentId() == null) return Future.succeededFuture();
        String kind = s.step().documentKind();
        return AssessmentStore.documentKind(tx, current.pupilId(), s.documentId())
                .compose(found -> kind.equals(found)
                        ? Future.<Void>succeededFuture()
                        : Future.failedFuture(Problem.invalid(
                                "body.documentId", "is not one of this pupil's " + kind + " documents.")));
    }

    /** The request's pupil, when the caller reads the pupil's record; 404 otherwise. */
    private Future<Void> readable(Caller caller, UUID requestId) {
        return AssessmentStore.owner(pool, requestId, caller.schoolIds())
                .compose(row -> row == null
                        ? Future.failedFuture(Problem.notFound())
                        : access.require(caller, row.getUUID("pupil_id"), Access.Action.READ_RECORD))
                .mapEmpty();
    }

    /** The family's first notice: what the school is doing, or that it noted what the family did. */
    private static String firstLetter(NewRequest r, String name, String on) {
        String what = AssessmentStep.what(r.reassessment());
        if (r.requestedBy() == RequestedBy.SCHOOL)
            return "We would like to ask " + r.localAuthority() + " for an " + what + " for " + name
                    + ": a close look at the help " + name + " needs, which can lead to an education, health and care"
                    + " (EHC) plan. Why we are asking: " + r.reason() + " We will prepare the request with you"
                    + (r.askViews() ? ", and we have asked you and " + name + " for your views to go with it." : ".");
        return "We have noted that " + (r.requestedBy() == RequestedBy.PARENTS ? "you" : name) + " asked "
                + r.localAuthority() + " for an " + what + " for " + name + " on " + on + ". The local authority"
                + " should decide within 6 weeks whether to assess. We will help in any way we can.";
    }

    /** The hourly check: the SENCO is pushed a week before the school's information is due. */
    Future<Integer> alertDue() {
        Instant now = clock.instant();
        return pool.withTransaction(tx -> AssessmentStore.noteAlerts(tx, now)
                .compose(alerts -> Outbox.toStaff(tx, alerts, Access.Action.REQUEST_ASSESSMENT, now)));
    }
}
