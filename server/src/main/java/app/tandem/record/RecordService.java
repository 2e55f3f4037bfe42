package app.tandem.record;

import app.tandem.access.Access;
import app.tandem.access.Access.PupilRef;
import app.tandem.notices.Notices;
import app.tandem.platform.Caller;
import app.tandem.platform.Json;
import app.tandem.platform.Problem;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

/**
 * Writing the SEND record: class teacher and SENCO write, parents and the pupil read. Each write is
 * one transaction with its entry in the change log; nothing is overwritten or deleted.
 */
final class RecordService {
    private static final String NOT_THEIRS = "includes an outcome that is not this pupil's.";
    private final Pool pool;
    private final RecordStore store;
    private final OutcomeStore outcomes;
    private final ProvisionStore provision;
    private final Access access;
    private final Notices notices;
    private final Clock clock;

    RecordService(
            Pool pool,
            RecordStore store,
            OutcomeStore outcomes,
            ProvisionStore provision,
            Access access,
            Notices notices,
            Clock clock) {
        this.pool = pool;
        this.store = store;
        this.outcomes = outcomes;
        this.provision = provision;
        this.access = access;
        this.notices = notices;
        this.clock = clock;
    }

    private Future<PupilRef> writer(Caller caller, UUID pupilId) {
        return access.require(caller, pupilId, Access.Action.WRITE_RECORD);
    }

    private Future<PupilRef> reader(Caller caller, UUID pupilId) {
        return access.require(caller, pupilId, Access.Action.READ_RECORD);
    }

    private LocalDate today() {
        return clock.instant().atZone(ZoneOffset.UTC).toLocalDate();
    }

    // --- reading

    Future<JsonObject> record(Caller caller, UUID pupilId) {
        boolean staff = caller.isStaff();
        return reader(caller, pupilId).compose(p -> store.status(pool, pupilId).compose(status -> {
            String name = (String) status.remove("_name");
            return store.needs(pool, pupilId)
                    .compose(needs -> outcomes.outcomes(pool, pupilId, staff).compose(goals -> provision
                            .provision(pool, pupilId, today())
                            .compose(support -> store.cycles(pool, pupilId).map(cycles -> new JsonObject()
                                    .put(
                                            "pupil",
                                            new JsonObject()
                                                    .put("id", pupilId.toString())
                                                    .put("name", name))
                                    .put("senStatus", Json.object(status))
                                    .put("needs", needs)
                                    .put("outcomes", RecordViews.outcomes(goals))
                                    .put("provision", support)
                                    .put("cycles", cycles)))));
        }));
    }

    Future<JsonObject> outcomes(Caller caller, UUID pupilId) {
        return reader(caller, pupilId)
                .compose(p -> outcomes.outcomes(pool, pupilId, caller.isStaff()))
                .map(items -> new JsonObject().put("items", RecordViews.outcomes(items)));
    }

    Future<JsonObject> provision(Caller caller, UUID pupilId) {
        return reader(caller, pupilId)
                .compose(p -> provision.provision(pool, pupilId, today()))
                .map(items -> new JsonObject().put("items", items));
    }

    Future<JsonObject> cycles(Caller caller, UUID pupilId) {
        return reader(caller, pupilId).compose(p -> store.cycles(pool, pupilId)).map(items -> new JsonObject()
                .put("items", items));
    }

    // --- SEN status

    Future<JsonObject> setStatus(Caller caller, UUID pupilId, JsonObject body) {
        String status = body.getString("status");
        LocalDate issued = RecordStore.date(body.getString("planIssuedOn"));
        LocalDate reviewDue = RecordStore.date(body.getString("planReviewDue"));
        String authority = body.getString("localAuthority");
        boolean plan = status.equals("ehc-plan");
        if (plan && issued == null)
            throw Problem.invalid("body.planIssuedOn", "An EHC plan needs the date it was issued.");
        if (plan && authority == null)
            throw Problem.invalid("body.localAuthority", "An EHC plan needs the local authority that issued it.");
        if (!plan && (issued != null || reviewDue != null || authority != null)) {
            throw Problem.invalid("body.status", "Plan dates and a local authority belong to an EHC plan.");
        }
        if (reviewDue != null && !reviewDue.isAfter(issued))
            throw Problem.invalid("body.planReviewDue", "must be after planIssuedOn.");
        Instant now = clock.instant();
        RecordStore.StatusChange change =
                new RecordStore.StatusChange(status, issued, reviewDue, authority, body.getString("note"));
        return writer(caller, pupilId)
                .compose(pupil ->
                        pool.withTransaction(tx -> store.lockStatus(tx, pupilId).compose(current -> {
                            if (current.status().equals(status) && !plan) {
                                return Future.failedFuture(
                                        Problem.conflict("The pupil's status is already " + status + "."));
                            }
                            String name = current.firstName();
                            // CoP 6.43: parents are formally told when the school starts SEN support, in the same
                            // transaction.
                            Future<UUID> notice = status.equals("sen-support")
                                            && !current.status().equals("sen-support")
                                    ? notices.sendFormal(
                                            tx,
                                            pupil.schoolId(),
                                            pupilId,
                                            caller.subject(),
                                            name + " is now receiving SEN support",
                                            body.getString(
                                                    "noticeText",
                                                    "We have agreed that " + name + " will receive SEN support. "
                                                            + "We will meet with you three times a year to agree what "
                                                            + name
                                                            + " is working towards and to review how the support is going."),
                                            now)
                                    : Future.succeededFuture();
                            return notice.compose(noticeId -> store.changeStatus(
                                            tx, pupil.schoolId(), pupilId, change, caller.subject(), now)
                                    .compose(id -> store.log(
                                            tx,
                                            pupil.schoolId(),
                                            pupilId,
                                            "senStatus",
                                            id,
                                            "changed",
                                            new JsonObject()
                                                    .put("from", current.status())
                                                    .put("to", status),
                                            caller.subject(),
                                            now))
                                    .map(noticeId));
                        })))
                .compose(noticeId -> store.status(pool, pupilId).map(json -> {
                    json.remove("_name");
                    if (noticeId != null) json.put("formalNoticeId", noticeId.toString());
                    return Json.object(json);
                }));
    }

    // --- needs

    Future<JsonObject> addNeed(Caller caller, UUID pupilId, JsonObject body) {
        Instant now = clock.instant();
        return writer(caller, pupilId)
                .compose(pupil -> pool.withTransaction(tx -> store.insertNeed(
                                tx,
                                pupil.schoolId(),
                                pupilId,
                                body.getString("area"),
                                body.getString("description").strip(),
                                caller.subject(),
                                now)
                        .compose(id -> store.log(
                                        tx, pupil.schoolId(), pupilId, "need", id, "added", body, caller.subject(), now)
                                .compose(v -> store.need(tx, pupilId, id)))));
    }

    Future<JsonObject> endNeed(Caller caller, UUID pupilId, UUID needId) {
        Instant now = clock.instant();
        return writer(caller, pupilId)
                .compose(pupil -> pool.withTransaction(tx -> store.endNeed(tx, pupilId, needId, now)
                        .compose(ended -> ended
                                ? store.log(
                                                tx,
                                                pupil.schoolId(),
                                                pupilId,
                                                "need",
                                                needId,
                                                "ended",
                                                new JsonObject(),
                                                caller.subject(),
                                                now)
                                        .compose(v -> store.need(tx, pupilId, needId))
                                : store.need(tx, pupilId, needId)
                                        .compose(need -> Future.failedFuture(
                                                need == null
                                                        ? Problem.notFound()
                                                        : Problem.conflict("This need has already ended."))))));
    }

    // --- outcomes and progress

    Future<JsonObject> addOutcome(Caller caller, UUID pupilId, JsonObject body) {
        LocalDate starts = body.getString("startsOn") == null ? today() : LocalDate.parse(body.getString("startsOn"));
        LocalDate review = LocalDate.parse(body.getString("reviewOn"));
        if (!review.isAfter(starts)) throw Problem.invalid("body.reviewOn", "must be after the outcome starts.");
        Instant now = clock.instant();
        OutcomeStore.NewOutcome outcome = new OutcomeStore.NewOutcome(
                body.getString("area"),
                body.getString("title").strip(),
                body.getString("pupilTitle").strip(),
                body.getString("symbol"),
                body.getJsonArray("agreedWith").stream().map(Object::toString).toArray(String[]::new),
                starts,
                review);
        return writer(caller, pupilId)
                .compose(pupil -> pool.withTransaction(
                        tx -> outcomes.insert(tx, pupil.schoolId(), pupilId, outcome, caller.subject(), now)
                                .compose(id -> store.log(
                                                tx,
                                                pupil.schoolId(),
                                                pupilId,
                                                "outcome",
                                                id,
                                                "added",
                                                body,
                                                caller.subject(),
                                                now)
                                        .compose(v -> outcomes.outcome(tx, pupilId, id, true)))))
                .map(RecordViews::outcome);
    }

    Future<JsonObject> closeOutcome(Caller caller, UUID pupilId, UUID outcomeId, JsonObject body) {
        String result = body.getString("result");
        UUID replacedBy = body.getString("replacedBy") == null ? null : UUID.fromString(body.getString("replacedBy"));
        if (result.equals("replaced") != (replacedBy != null)) {
            throw Problem.invalid("body.replacedBy", "is given when, and only when, the result is replaced.");
        }
        if (outcomeId.equals(replacedBy)) throw Problem.invalid("body.replacedBy", "cannot be the outcome itself.");
        Instant now = clock.instant();
        return writer(caller, pupilId)
                .compose(pupil -> pool.withTransaction(tx -> openOutcome(tx, pupilId, outcomeId)
                        .compose(v -> replacedBy == null
                                ? Future.succeededFuture()
                                : requireOutcomes(
                                        tx,
                                        pupilId,
                                        List.of(replacedBy),
                                        "body.replacedBy",
                                        "is not an outcome of this pupil."))
                        .compose(v -> outcomes.close(
                                tx,
                                pupilId,
                                outcomeId,
                                new OutcomeStore.Closure(result, replacedBy, body.getString("note")),
                                caller.subject(),
                                now))
                        .compose(v -> store.log(
                                tx,
                                pupil.schoolId(),
                                pupilId,
                                "outcome",
                                outcomeId,
                                "closed",
                                body,
                                caller.subject(),
                                now))
                        .compose(v -> outcomes.outcome(tx, pupilId, outcomeId, true))))
                .map(RecordViews::outcome);
    }

    /** The outcome, locked; 404 when it is not this pupil's, 409 when it is already closed. */
    private Future<Void> openOutcome(SqlClient tx, UUID pupilId, UUID outcomeId) {
        return outcomes.lockOpen(tx, pupilId, outcomeId).compose(open -> {
            if (open == null) return Future.failedFuture(Problem.notFound());
            if (!open) return Future.failedFuture(Problem.conflict("This outcome is already closed."));
            return Future.succeededFuture();
        });
    }

    Future<JsonObject> addProgress(Caller caller, UUID pupilId, UUID outcomeId, JsonObject body) {
        LocalDate on = body.getString("recordedOn") == null ? today() : LocalDate.parse(body.getString("recordedOn"));
        if (on.isAfter(today())) throw Problem.invalid("body.recordedOn", "is in the future.");
        Instant now = clock.instant();
        return writer(caller, pupilId)
                .compose(pupil -> pool.withTransaction(tx -> openOutcome(tx, pupilId, outcomeId)
                        .compose(v -> outcomes.insertProgress(
                                tx,
                                pupil.schoolId(),
                                outcomeId,
                                new OutcomeStore.NewProgress(
                                        body.getInteger("rating"),
                                        body.getString("note"),
                                        body.getBoolean("staffOnly", false),
                                        on),
                                caller.subject(),
                                now))
                        .compose(id -> store.log(
                                        tx,
                                        pupil.schoolId(),
                                        pupilId,
                                        "progress",
                                        id,
                                        "recorded",
                                        body.copy().put("outcomeId", outcomeId.toString()),
                                        caller.subject(),
                                        now)
                                .compose(v -> outcomes.outcome(tx, pupilId, outcomeId, true))
                                .map(outcome -> outcome.getJsonArray("progress").stream()
                                        .map(JsonObject.class::cast)
                                        .filter(p -> p.getString("id").equals(id.toString()))
                                        .findFirst()
                                        .orElseThrow()))));
    }

    Future<JsonObject> comment(Caller caller, UUID pupilId, UUID outcomeId, UUID progressId, String text) {
        // Comments are the parents' voice on the record; for anyone else there is nothing here to comment on.
        if (caller.kind() != Caller.Kind.PARENT) return Future.failedFuture(Problem.notFound());
        Instant now = clock.instant();
        return reader(caller, pupilId)
                .compose(pupil -> pool.withTransaction(tx -> outcomes.insertComment(
                                tx, pupilId, outcomeId, progressId, caller.subject(), text.strip(), now)
                        .compose(id -> id == null
                                ? Future.failedFuture(Problem.notFound())
                                : store.log(
                                                tx,
                                                pupil.schoolId(),
                                                pupilId,
                                                "progressComment",
                                                id,
                                                "added",
                                                new JsonObject().put("progressId", progressId.toString()),
                                                caller.subject(),
                                                now)
                                        .compose(v -> outcomes.comment(tx, id)))));
    }

    // --- provision

    Future<JsonObject> addProvision(Caller caller, UUID pupilId, JsonObject body) {
        LocalDate starts = LocalDate.parse(body.getString("startsOn"));
        LocalDate ends = RecordStore.date(body.getString("endsOn"));
        if (ends != null && !ends.isAfter(starts)) throw Problem.invalid("body.endsOn", "must be after startsOn.");
        List<UUID> served = ids(body.getJsonArray("outcomeIds"));
        ProvisionStore.NewProvision support = new ProvisionStore.NewProvision(
                body.getString("name"),
                body.getString("description"),
                body.getString("pupilDescription"),
                body.getString("frequency"),
                body.getString("deliveredBy"),
                starts,
                ends,
                served,
                body.getDouble("sessionsPerWeek"));
        Instant now = clock.instant();
        return writer(caller, pupilId)
                .compose(pupil -> pool.withTransaction(tx -> requireOutcomes(
                                tx, pupilId, served, "body.outcomeIds", NOT_THEIRS)
                        .compose(v -> provision.insert(tx, pupil.schoolId(), pupilId, support, caller.subject(), now))
                        .compose(id -> store.log(
                                        tx,
                                        pupil.schoolId(),
                                        pupilId,
                                        "provision",
                                        id,
                                        "added",
                                        body,
                                        caller.subject(),
                                        now)
                                .compose(v -> provision.one(tx, pupilId, id, today())))));
    }

    Future<JsonObject> logSession(Caller caller, UUID pupilId, UUID provisionId, JsonObject body) {
        LocalDate on = LocalDate.parse(body.getString("heldOn"));
        if (on.isAfter(today())) throw Problem.invalid("body.heldOn", "is in the future.");
        boolean delivered = body.getBoolean("delivered");
        Instant now = clock.instant();
        return writer(caller, pupilId)
                .compose(pupil -> pool.withTransaction(tx -> provision
                        .countSession(tx, pupilId, provisionId, delivered)
                        .compose(startsOn -> {
                            if (startsOn == null) return Future.failedFuture(Problem.notFound());
                            if (on.isBefore(startsOn))
                                return Future.failedFuture(
                                        Problem.invalid("body.heldOn", "is before the support started."));
                            return provision
                                    .insertSession(
                                            tx,
                                            provisionId,
                                            new ProvisionStore.Session(on, delivered, body.getString("note")),
                                            caller.subject(),
                                            now)
                                    .compose(id -> id == null
                                            ? Future.failedFuture(
                                                    Problem.conflict("A session on that day is already logged."))
                                            : store.log(
                                                    tx,
                                                    pupil.schoolId(),
                                                    pupilId,
                                                    "provisionSession",
                                                    id,
                                                    "logged",
                                                    body,
                                                    caller.subject(),
                                                    now));
                        })
                        .compose(v -> provision.one(tx, pupilId, provisionId, today()))));
    }

    // --- cycles

    Future<JsonObject> openCycle(Caller caller, UUID pupilId, JsonObject body) {
        LocalDate opened = body.getString("openedOn") == null ? today() : LocalDate.parse(body.getString("openedOn"));
        LocalDate review = LocalDate.parse(body.getString("reviewOn"));
        if (!review.isAfter(opened)) throw Problem.invalid("body.reviewOn", "must be after the cycle opens.");
        List<UUID> outcomeIds = ids(body.getJsonArray("outcomeIds"));
        List<UUID> provisionIds = ids(body.getJsonArray("provisionIds"));
        Instant now = clock.instant();
        return writer(caller, pupilId)
                .compose(pupil -> app.tandem.platform.Sql.conflictOnDuplicate(
                        pool.withTransaction(
                                tx -> requireOutcomes(tx, pupilId, outcomeIds, "body.outcomeIds", NOT_THEIRS)
                                        .compose(v -> requireProvision(tx, pupilId, provisionIds))
                                        .compose(v -> store.insertCycle(
                                                tx,
                                                pupil.schoolId(),
                                                pupilId,
                                                opened,
                                                review,
                                                caller.subject(),
                                                outcomeIds,
                                                provisionIds))
                                        .compose(id -> store.log(
                                                        tx,
                                                        pupil.schoolId(),
                                                        pupilId,
                                                        "cycle",
                                                        id,
                                                        "opened",
                                                        body,
                                                        caller.subject(),
                                                        now)
                                                .compose(v -> store.cycle(tx, pupilId, id)))),
                        "This pupil already has an open cycle: close it with its review first."));
    }

    Future<JsonObject> closeCycle(Caller caller, UUID pupilId, UUID cycleId, String record) {
        Instant now = clock.instant();
        return writer(caller, pupilId)
                .compose(pupil -> pool.withTransaction(tx -> store.closeCycle(
                                tx, pupilId, cycleId, record.strip(), caller.subject(), now)
                        .compose(closed -> closed
                                ? store.log(
                                                tx,
                                                pupil.schoolId(),
                                                pupilId,
                                                "cycle",
                                                cycleId,
                                                "closed",
                                                new JsonObject(),
                                                caller.subject(),
                                                now)
                                        .compose(v -> store.cycle(tx, pupilId, cycleId))
                                : store.cycle(tx, pupilId, cycleId)
                                        .compose(c -> Future.failedFuture(
                                                c == null
                                                        ? Problem.notFound()
                                                        : Problem.conflict("This cycle is already closed."))))));
    }

    // --- change log

    Future<JsonObject> changes(Caller caller, UUID pupilId, int limit, String cursor) {
        long before = cursor == null
                ? Long.MAX_VALUE
                : app.tandem.platform.Cursor.decode(cursor, 1).getLong(0);
        return writer(caller, pupilId)
                .compose(p -> store.changes(pool, pupilId, before, limit))
                .map(rows -> app.tandem.platform.Page.of(
                        rows,
                        limit,
                        r -> new JsonObject()
                                .put("entity", r.getString("entity"))
                                .put("entityId", r.getUUID("entity_id").toString())
                                .put("action", r.getString("action"))
                                .put("changedBy", r.getString("display_name"))
                                .put("changedAt", Json.time(r.getOffsetDateTime("changed_at")))
                                .put("detail", Json.object(r.getValue("detail"))),
                        last -> app.tandem.platform.Cursor.encode(last.getLong("id"))));
    }

    private Future<Void> requireOutcomes(SqlClient tx, UUID pupilId, List<UUID> ids, String field, String problem) {
        if (ids.isEmpty()) return Future.succeededFuture();
        return outcomes.countOwned(tx, pupilId, ids)
                .compose(n -> n == ids.size()
                        ? Future.<Void>succeededFuture()
                        : Future.failedFuture(Problem.invalid(field, problem)));
    }

    private Future<Void> requireProvision(SqlClient tx, UUID pupilId, List<UUID> ids) {
        if (ids.isEmpty()) return Future.succeededFuture();
        return provision
                .countOwned(tx, pupilId, ids)
                .compose(n -> n == ids.size()
                        ? Future.<Void>succeededFuture()
                        : Future.failedFuture(
                                Problem.invalid("body.provisionIds", "includes support that is not this pupil's.")));
    }

    private static List<UUID> ids(JsonArray array) {
        return array == null
                ? List.of()
                : array.stream().map(o -> UUID.fromString(o.toString())).toList();
    }
}
