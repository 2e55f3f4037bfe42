package app.tandem.record;

import app.tandem.access.Access;
import app.tandem.notices.Notices;
import app.tandem.platform.Answer;
import app.tandem.platform.Caller;
import app.tandem.platform.Json;
import app.tandem.platform.Page;
import app.tandem.platform.Problem;
import app.tandem.platform.SqlJson;
import app.tandem.push.Outbox;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/**
 * Writing the SEND record: class teacher and SENCO write, parents and the pupil read. Each write is
 * one transaction with its entry in the change log; nothing is overwritten or deleted.
 */
record RecordService(
        Pool pool,
        RecordStore store,
        CycleStore cycles,
        OutcomeStore outcomes,
        ProvisionStore provision,
        Notices notices,
        RecordRules rules) {
    // --- reading

    Future<SqlJson> record(Caller caller, UUID pupilId) {
        boolean staff = caller.isStaff();
        return rules.reader(caller, pupilId)
                .compose(p -> store.status(pool, pupilId).compose(status -> {
                    String name = (String) status.remove("_name");
                    JsonObject help = (JsonObject) status.remove("_help");
                    return store.needs(pool, pupilId).compose(needs -> outcomes.outcomes(pool, pupilId, staff)
                            .compose(goals -> provision
                                    .provision(pool, pupilId, rules.today())
                                    .compose(support -> cycles.cycles(pool, pupilId)
                                            .map(cycles -> new JsonObject()
                                                    .put("pupil", Json.named(pupilId, name))
                                                    .put("senStatus", Json.object(status))
                                                    .put("needs", needs)
                                                    .put("outcomes", RecordViews.outcomes(goals))
                                                    .put("provision", support)
                                                    .put("cycles", cycles)
                                                    .put("whereToTurn", help)))));
                }))
                .map(SqlJson::new);
    }

    // --- SEN status

    Future<SqlJson> setStatus(Caller caller, UUID pupilId, RecordRequests.StatusChange body) {
        SenStatus status = body.status();
        LocalDate issued = body.planIssuedOn();
        LocalDate reviewDue = body.planReviewDue();
        String authority = body.localAuthority();
        boolean plan = status == SenStatus.EHC_PLAN;
        if (plan && issued == null)
            throw Problem.invalid("body.planIssuedOn", "An EHC plan needs the date it was issued.");
        if (plan && authority == null)
            throw Problem.invalid("body.localAuthority", "An EHC plan needs the local authority that issued it.");
        if (!plan && (issued != null || reviewDue != null || authority != null)) {
            throw Problem.invalid("body.status", "Plan dates and a local authority belong to an EHC plan.");
        }
        if (reviewDue != null && !reviewDue.isAfter(issued))
            throw Problem.invalid("body.planReviewDue", "must be after planIssuedOn.");
        Instant now = rules.now();
        RecordStore.StatusChange change =
                new RecordStore.StatusChange(status, issued, reviewDue, authority, body.note());
        return rules.decider(caller, pupilId)
                .compose(pupil -> pool.withTransaction(tx -> agreed(
                                tx, pupil.schoolId(), pupilId, body.proposalId(), caller, now)
                        .compose(v -> store.lockStatus(tx, pupilId))
                        .compose(current -> {
                            if (current.status() == status && !plan) {
                                return Future.failedFuture(
                                        Problem.conflict("The pupil's status is already " + status.wire() + "."));
                            }
                            String name = current.firstName();
                            // CoP 6.43: parents are formally told when the school starts SEN support, in the same
                            // transaction.
                            Future<UUID> notice = status == SenStatus.SEN_SUPPORT
                                            && current.status() != SenStatus.SEN_SUPPORT
                                    ? notices.sendFormal(
                                            tx,
                                            pupil.schoolId(),
                                            pupilId,
                                            caller.subject(),
                                            name + " is now receiving SEN support",
                                            body.noticeText() != null
                                                    ? body.noticeText()
                                                    : "We have agreed that " + name + " will receive SEN support. "
                                                            + "We will meet with you three times a year to agree what "
                                                            + name
                                                            + " is working towards and to review how the support is going.",
                                            // With no one on the app the decision still stands: the notice is
                                            // kept for the school to post (listPaperNotices).
                                            false,
                                            now)
                                    : current.status().onRegister() && !status.onRegister()
                                            // Leaving the register is a decision about the child too: the
                                            // family is told, on paper if no one is on the app.
                                            ? notices.sendFormal(
                                                    tx,
                                                    pupil.schoolId(),
                                                    pupilId,
                                                    caller.subject(),
                                                    name + " is no longer receiving SEN support",
                                                    body.noticeText() != null ? body.noticeText() : leavingLetter(name),
                                                    false,
                                                    now)
                                            : Future.succeededFuture();
                            return notice.compose(noticeId -> store.changeStatus(
                                            tx, pupil.schoolId(), pupilId, change, caller.subject(), now)
                                    .compose(id -> store.log(
                                            tx,
                                            RecordStore.Writer.of(pupil, caller, now),
                                            "senStatus",
                                            id,
                                            "changed",
                                            new JsonObject()
                                                    .put(
                                                            "from",
                                                            current.status().wire())
                                                    .put("to", status.wire())))
                                    .map(noticeId));
                        })))
                .compose(noticeId -> store.status(pool, pupilId).map(json -> {
                    json.remove("_name");
                    json.remove("_help");
                    if (noticeId != null) json.put("formalNoticeId", noticeId.toString());
                    return Json.object(json);
                }))
                .map(SqlJson::new);
    }

    /**
     * The local authority issued an EHC plan (recorded by the assessment capability, in its
     * transaction): the pupil's status becomes `ehc-plan` from that day, which starts the annual
     * review's clock, with its entry in the change log.
     */
    Future<Void> planIssued(io.vertx.sqlclient.SqlClient tx, SendRecord.PlanIssued plan) {
        RecordStore.StatusChange change = new RecordStore.StatusChange(
                SenStatus.EHC_PLAN,
                plan.issuedOn(),
                plan.reviewDue(),
                plan.authority(),
                "Issued after an EHC needs assessment.");
        return store.lockStatus(tx, plan.pupilId()).compose(current -> store.changeStatus(
                        tx, plan.schoolId(), plan.pupilId(), change, plan.by(), plan.now())
                .compose(id -> store.log(
                        tx,
                        new RecordStore.Writer(plan.schoolId(), plan.pupilId(), plan.by(), plan.now()),
                        "senStatus",
                        id,
                        "changed",
                        new JsonObject().put("from", current.status().wire()).put("to", SenStatus.EHC_PLAN.wire()))));
    }

    /** The proposal a decision names, marked agreed in its transaction (400 when it is not open and this pupil's). */
    private Future<Void> agreed(
            io.vertx.sqlclient.SqlClient tx, UUID schoolId, UUID pupilId, UUID proposalId, Caller caller, Instant now) {
        if (proposalId == null) return Future.succeededFuture();
        return ProposalStore.decide(tx, proposalId, pupilId, "agreed", null, caller.subject(), now)
                .compose(open -> open
                        ? store.log(
                                tx,
                                new RecordStore.Writer(schoolId, pupilId, caller.subject(), now),
                                "senStatusProposal",
                                proposalId,
                                "agreed",
                                new JsonObject())
                        : Future.failedFuture(
                                Problem.invalid("body.proposalId", "is not an open proposal for this pupil.")));
    }

    // --- proposals

    /**
     * A class teacher (or the SENCO) proposes a SEN status with the evidence; the SENCO is pushed
     * (ids only) to decide. Families never see proposals.
     */
    Future<SqlJson> propose(Caller caller, UUID pupilId, RecordRequests.Proposal body) {
        Instant now = rules.now();
        return rules.writer(caller, pupilId)
                .compose(pupil -> pool.withTransaction(tx -> store.lockStatus(tx, pupilId)
                        .compose(current -> current.status() == body.status()
                                ? Future.failedFuture(Problem.conflict("The pupil's status is already "
                                        + body.status().wire() + "."))
                                : ProposalStore.insert(
                                        tx,
                                        pupil.schoolId(),
                                        pupilId,
                                        body.status(),
                                        body.evidence(),
                                        caller.subject(),
                                        now))
                        .compose(id -> store.log(
                                        tx,
                                        RecordStore.Writer.of(pupil, caller, now),
                                        "senStatusProposal",
                                        id,
                                        "proposed",
                                        body.asSent())
                                .compose(v -> Outbox.toStaff(
                                        tx,
                                        pupil.schoolId(),
                                        Outbox.Notification.of("sen-status-proposal", id, "sen-status-proposal"),
                                        pupilId,
                                        Access.Action.DECIDE_SEN_STATUS,
                                        now))
                                .compose(v -> ProposalStore.one(tx, id)))))
                .map(SqlJson::new);
    }

    Future<SqlJson> proposals(Caller caller, UUID pupilId) {
        return rules.writer(caller, pupilId)
                .compose(p -> ProposalStore.ofPupil(pool, pupilId))
                .map(SqlJson::items);
    }

    /** The SENCO (or an admin) declines a proposal, saying why; the teacher sees it in the list. */
    Future<SqlJson> decline(Caller caller, UUID pupilId, UUID proposalId, String note) {
        Instant now = rules.now();
        return rules.decider(caller, pupilId)
                .compose(pupil -> pool.withTransaction(tx -> ProposalStore.decide(
                                tx, proposalId, pupilId, "declined", note.strip(), caller.subject(), now)
                        .compose(open -> open
                                ? store.log(
                                        tx,
                                        RecordStore.Writer.of(pupil, caller, now),
                                        "senStatusProposal",
                                        proposalId,
                                        "declined",
                                        new JsonObject().put("note", note.strip()))
                                : Future.failedFuture(Problem.notFound()))
                        .compose(v -> ProposalStore.one(tx, proposalId))))
                .map(SqlJson::new);
    }

    /** The family's notice when their child leaves the SEN register, in plain words. */
    private static String leavingLetter(String name) {
        return "We have agreed that " + name + " no longer needs SEN support: " + name + " is making good progress"
                + " with the help every pupil in the class gets. We will keep an eye on how things go, and you can"
                + " talk to the class teacher or the SENCO at any time if you are worried. If things change, we"
                + " will talk with you about support again.";
    }

    // --- needs

    Future<SqlJson> addNeed(Caller caller, UUID pupilId, RecordRequests.NewNeed body) {
        Instant now = rules.now();
        return rules.writer(caller, pupilId)
                .compose(pupil -> pool.withTransaction(tx -> store.insertNeed(
                                tx, pupil.schoolId(), pupilId, body.area(), body.description(), caller.subject(), now)
                        .compose(id -> store.log(
                                        tx,
                                        RecordStore.Writer.of(pupil, caller, now),
                                        "need",
                                        id,
                                        "added",
                                        body.asSent())
                                .compose(v -> store.need(tx, pupilId, id)))))
                .map(SqlJson::new);
    }

    Future<SqlJson> endNeed(Caller caller, UUID pupilId, UUID needId) {
        Instant now = rules.now();
        return rules.writer(caller, pupilId)
                .compose(pupil -> pool.withTransaction(tx -> store.endNeed(tx, pupilId, needId, now)
                        .compose(ended -> ended
                                ? store.log(
                                                tx,
                                                RecordStore.Writer.of(pupil, caller, now),
                                                "need",
                                                needId,
                                                "ended",
                                                new JsonObject())
                                        .compose(v -> store.need(tx, pupilId, needId))
                                : store.need(tx, pupilId, needId)
                                        .compose(need -> Future.failedFuture(
                                                need == null
                                                        ? Problem.notFound()
                                                        : Problem.conflict("This need has already ended."))))))
                .map(SqlJson::new);
    }

    // --- change log

    Future<Page<RecordChange>> changes(Caller caller, UUID pupilId, int limit, String cursor) {
        long before = cursor == null
                ? Long.MAX_VALUE
                : app.tandem.platform.Cursor.decode(cursor, 1).getLong(0);
        return rules.writer(caller, pupilId)
                .compose(p -> store.changes(pool, pupilId, before, limit))
                .map(rows -> Page.of(
                        rows, limit, RecordChange::of, last -> app.tandem.platform.Cursor.encode(last.getLong("id"))));
    }

    /** One entry of the record's change log: what changed, who changed it, and what they wrote. */
    record RecordChange(
            String entity, UUID entityId, String action, String changedBy, Instant changedAt, SqlJson detail)
            implements Answer {
        static RecordChange of(io.vertx.sqlclient.Row r) {
            return new RecordChange(
                    r.getString("entity"),
                    r.getUUID("entity_id"),
                    r.getString("action"),
                    r.getString("display_name"),
                    r.getOffsetDateTime("changed_at").toInstant(),
                    new SqlJson(Json.object(r.getValue("detail"))));
        }
    }
}
