package app.tandem.record;

import app.tandem.access.Access;
import app.tandem.platform.Answer;
import app.tandem.platform.Caller;
import app.tandem.platform.Caller.Role;
import app.tandem.platform.Problem;
import app.tandem.platform.Sql;
import app.tandem.platform.SqlJson;
import app.tandem.push.Outbox;
import app.tandem.voice.Voice;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The graduated approach's cycles (assess, plan, do, review): opened with the outcomes and support
 * agreed and the family and pupil asked for their views; reviewed on their date with each outcome
 * rated and the family told; listed for the staff whose reviews are due.
 */
record CycleService(
        Pool pool,
        CycleStore store,
        RecordStore log,
        OutcomeService outcomes,
        ProvisionService provision,
        Voice voice,
        RecordRules rules) {

    Future<SqlJson> cycles(Caller caller, UUID pupilId) {
        return rules.reader(caller, pupilId)
                .compose(p -> store.cycles(pool, pupilId))
                .map(SqlJson::items);
    }

    Future<SqlJson> open(Caller caller, UUID pupilId, RecordRequests.NewCycle body) {
        LocalDate opened = body.openedOn() == null ? rules.today() : body.openedOn();
        Instant now = rules.now();
        return rules.writer(caller, pupilId)
                .compose(pupil -> reviewDate(pupil.schoolId(), opened, body.reviewOn())
                        .compose(review -> Sql.conflictOnDuplicate(
                                pool.withTransaction(tx -> outcomes.requireOutcomes(
                                                tx,
                                                pupilId,
                                                body.outcomeIds(),
                                                "body.outcomeIds",
                                                RecordRules.NOT_THEIRS)
                                        .compose(v -> provision.requireProvision(tx, pupilId, body.provisionIds()))
                                        .compose(v -> store.insert(
                                                tx,
                                                pupil.schoolId(),
                                                pupilId,
                                                new CycleStore.NewCycle(
                                                        opened,
                                                        review,
                                                        body.atHome(),
                                                        body.outcomeIds(),
                                                        body.provisionIds()),
                                                caller.subject()))
                                        // CoP 6.64-6.65: the plan is agreed with the parents and the pupil, so
                                        // both are asked as it opens, in the same transaction.
                                        .compose(id -> voice.askAboutCycle(
                                                        tx,
                                                        pupil.schoolId(),
                                                        pupilId,
                                                        id,
                                                        caller.subject(),
                                                        body.views(),
                                                        now)
                                                .compose(v -> log.log(
                                                        tx,
                                                        RecordStore.Writer.of(pupil, caller, now),
                                                        "cycle",
                                                        id,
                                                        "opened",
                                                        body.asSent()))
                                                .compose(v -> store.cycle(tx, pupilId, id)))),
                                "This pupil already has an open cycle: close it with its review first.")))
                .map(SqlJson::new);
    }

    /** The date asked for, or the end of the school's term the cycle opens in. */
    private Future<LocalDate> reviewDate(UUID schoolId, LocalDate opened, LocalDate asked) {
        Future<LocalDate> review = asked != null
                ? Future.succeededFuture(asked)
                : store.termEnd(pool, schoolId, opened)
                        .compose(
                                end -> end != null
                                        ? Future.succeededFuture(end)
                                        : Future.failedFuture(
                                                Problem.invalid(
                                                        "body.reviewOn",
                                                        "is needed: the school has no term dates that far ahead (setTerms), so there is no term end to default to.")));
        return review.compose(date -> date.isAfter(opened)
                ? Future.succeededFuture(date)
                : Future.failedFuture(Problem.invalid("body.reviewOn", "must be after the cycle opens.")));
    }

    Future<SqlJson> close(Caller caller, UUID pupilId, UUID cycleId, RecordRequests.Closure body) {
        Instant now = rules.now();
        return rules.writer(caller, pupilId)
                .compose(pupil -> pool.withTransaction(
                        tx -> store.lockOpen(tx, pupilId, cycleId).compose(open -> {
                            if (open == null)
                                return store.cycle(tx, pupilId, cycleId)
                                        .compose(c -> Future.failedFuture(
                                                c == null
                                                        ? Problem.notFound()
                                                        : Problem.conflict("This cycle is already closed.")));
                            requireEveryOutcomeRated(open, body.ratings());
                            return store.close(
                                            tx, pupil.schoolId(), cycleId, body, rules.today(), caller.subject(), now)
                                    .compose(v -> log.log(
                                            tx,
                                            RecordStore.Writer.of(pupil, caller, now),
                                            "cycle",
                                            cycleId,
                                            "closed",
                                            new JsonObject().put("nextSteps", body.nextSteps())))
                                    // The family reads the review in the app: a push that says only that
                                    // there is something to read.
                                    .compose(v -> Outbox.toParentsNow(
                                            tx,
                                            pupil.schoolId(),
                                            Outbox.Notification.of("cycle-reviewed", cycleId, "cycle"),
                                            Access.Action.READ_RECORD,
                                            pupilId,
                                            now))
                                    .compose(v -> store.cycle(tx, pupilId, cycleId));
                        })))
                .map(SqlJson::new);
    }

    /** Each outcome of the cycle still open is rated once, and nothing else is. */
    private static void requireEveryOutcomeRated(List<UUID> open, List<RecordRequests.Closure.Rating> ratings) {
        Set<UUID> rated = new HashSet<>();
        for (int i = 0; i < ratings.size(); i++) {
            UUID id = ratings.get(i).outcomeId();
            if (!open.contains(id))
                throw Problem.invalid("body.ratings[" + i + "].outcomeId", "is not an open outcome of this cycle.");
            if (!rated.add(id)) throw Problem.invalid("body.ratings[" + i + "].outcomeId", "is rated twice.");
        }
        if (rated.size() != open.size())
            throw Problem.invalid(
                    "body.ratings", "needs a rating for each open outcome of the cycle (" + open.size() + ").");
    }

    /** What the review found, with the views given about the cycle that the caller may see. */
    Future<SqlJson> summary(Caller caller, UUID pupilId, UUID cycleId) {
        return rules.reader(caller, pupilId)
                .compose(p -> store.summary(pool, pupilId, cycleId, rules.today()))
                .compose(summary -> summary == null
                        ? Future.failedFuture(Problem.notFound())
                        : voice.viewsAboutCycle(caller, pupilId, cycleId).map(views -> summary.put("views", views)))
                .map(SqlJson::new);
    }

    /** The reviews due in the next weeks, and overdue ones, of the pupils whose record the caller writes. */
    /** The reviews due within `weeks`, and overdue ones, as PostgreSQL lists them. */
    record Due(int weeks, JsonArray items) implements Answer {}

    Future<Due> due(Caller caller, int weeks) {
        caller.requireStaff(Role.SENCO, Role.TEACHER);
        return store.due(pool, caller.schoolId(), caller.subject(), rules.now(), weeks)
                .map(items -> new Due(weeks, items));
    }

    /**
     * Pushes the class teacher (content-free), once each, a week before a cycle's review date and
     * on the day. Returns how many pushes it queued.
     */
    Future<Integer> alertDue() {
        Instant now = rules.now();
        return pool.withTransaction(tx -> store.noteAlerts(tx, now)
                .compose(alerts -> Outbox.toStaff(tx, alerts, Access.Action.CHASE_CYCLE_REVIEW, now)));
    }
}
