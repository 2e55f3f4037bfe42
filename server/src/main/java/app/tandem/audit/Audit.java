package app.tandem.audit;

import app.tandem.access.Access;
import app.tandem.platform.AnswerGate;
import app.tandem.platform.Caller;
import app.tandem.platform.Caller.Role;
import app.tandem.platform.Capability;
import app.tandem.platform.ClientAddress;
import app.tandem.platform.Downloads;
import app.tandem.platform.Housekeeping;
import app.tandem.platform.Json;
import app.tandem.platform.Operation;
import app.tandem.platform.RequestLog;
import app.tandem.platform.Requests;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit log of special category data. Every operation the contract marks `x-tandem-audit`
 * writes an event: a change runs once its event is durable, a pure read runs meanwhile and its
 * answer is held until then (a request whose event cannot be written is answered 503; concurrent
 * requests share one commit, see {@link AuditWriter}); its outcome is added once answered. Each
 * replica seals new events into the keyed hash chain every second; `verifyAuditLog` walks it, and a
 * daily checkpoint (the head's sequence and hash) is logged so a copy kept elsewhere proves nothing
 * before it was rewritten.
 */
public final class Audit implements Capability {
    private static final Logger log = LoggerFactory.getLogger(Audit.class);
    private static final Duration SEAL_EVERY = Duration.ofSeconds(1);
    private static final Duration OUTCOMES_EVERY = Duration.ofMillis(200);
    private static final Duration EXPORTS_EVERY = Duration.ofSeconds(2);

    private final Vertx vertx;
    private final Pool pool;
    private final Access access;
    private final Clock clock;
    private final AuditSealer sealer;
    private final AuditStore store = new AuditStore();
    private final AuditWriter writer;
    private final SubjectAccess subjectAccess;
    private long exportTimer = -1;
    private boolean exporting;
    private long outcomeTimer = -1;
    private long timer = -1;
    private boolean sealing;

    public Audit(Vertx vertx, Pool pool, Access access, AuditKey key, Clock clock) {
        this.vertx = vertx;
        this.pool = pool;
        this.access = access;
        this.clock = clock;
        this.sealer = new AuditSealer(pool, store, new AuditChain(key), clock);
        this.writer = new AuditWriter(vertx, pool, store, clock);
        this.subjectAccess = new SubjectAccess(vertx, pool, access, clock);
    }

    /**
     * What the contract says of an operation: `x-tandem-audit` with its action, subject and id
     * parameter. A pure read (a GET whose action is `read`, not marked `changes: true`) runs while
     * its event is written, and its answer is held until the event is durable; anything else runs
     * only after its event is durable, so nothing changes without one.
     */
    public record Marking(String operationId, String action, String subject, String idParameter, boolean pureRead) {}

    /** Every operation the contract marks `x-tandem-audit`, by operationId. */
    public static Map<String, Marking> markings(JsonObject contract) {
        Map<String, Marking> marked = new java.util.HashMap<>();
        JsonObject paths = contract.getJsonObject("paths");
        for (String path : paths.fieldNames()) {
            JsonObject item = paths.getJsonObject(path);
            for (String method : item.fieldNames()) {
                if (!(item.getValue(method) instanceof JsonObject op)) continue;
                JsonObject audit = op.getJsonObject("x-tandem-audit");
                if (audit == null) continue;
                String id = op.getString("operationId");
                boolean pureRead = method.equals("get")
                        && "read".equals(audit.getString("action"))
                        && !audit.getBoolean("changes", false);
                marked.put(
                        id,
                        new Marking(
                                id,
                                audit.getString("action"),
                                audit.getString("subject"),
                                audit.getString("id"),
                                pureRead));
            }
        }
        return marked;
    }

    /** The handler that records an audited operation before it runs; it runs after sign-in. */
    public Handler<RoutingContext> recorder(Marking marking) {
        return ctx -> {
            Caller caller = Caller.of(ctx);
            String param = marking.idParameter();
            UUID subjectId = param == null ? null : uuid(ctx.pathParam(param));
            UUID pupil = uuid(ctx.pathParam("pupilId"));
            AuditStore.Event event = new AuditStore.Event(
                    UUID.randomUUID(),
                    clock.instant(),
                    caller.schoolId(),
                    caller.subject(),
                    caller.kind().name().toLowerCase(java.util.Locale.ROOT),
                    caller.roles().stream().map(Role::wire).sorted().toList(),
                    marking.operationId(),
                    marking.action(),
                    marking.subject(),
                    RequestLog.requestId(ctx),
                    subjectId,
                    param,
                    pupil,
                    ClientAddress.of(ctx));
            Future<Long> written =
                    writer.write(event).onFailure(ex -> log.error("audit event not written; request refused", ex));
            ctx.addEndHandler(done ->
                    written.onSuccess(seq -> writer.outcome(seq, ctx.response().getStatusCode())));
            if (marking.pureRead()) {
                // Reading changes nothing, so it need not wait: only its answer does (a 503 if the event fails).
                AnswerGate.hold(ctx, written);
                ctx.next();
                return;
            }
            written.onComplete(done -> {
                if (done.succeeded()) ctx.next();
                else ctx.fail(AnswerGate.unavailable());
            });
        };
    }

    private static UUID uuid(String value) {
        try {
            return value == null ? null : UUID.fromString(value);
        } catch (IllegalArgumentException ex) {
            return null;
        }
    }

    /** Subject access exports gather every capability's part (see {@link Capability#subjectData}). */
    public void exportFrom(List<Capability> capabilities) {
        subjectAccess.exportParts(
                capabilities.stream().flatMap(c -> c.subjectData().stream()).toList());
    }

    @Override
    public Map<String, Operation> operations() {
        return Map.of(
                "listAuditEvents", ctx -> events(Caller.of(ctx), ctx).compose(json -> Json.ok(ctx, json)),
                "verifyAuditLog",
                        ctx -> {
                            Caller.of(ctx).requireStaff(Role.DPO, Role.ADMIN);
                            return verify().compose(json -> Json.ok(ctx, json));
                        },
                "listRecordAccess",
                        ctx -> recordAccess(Caller.of(ctx), Requests.pathId(ctx, "pupilId"))
                                .compose(json -> Json.ok(ctx, json)),
                "requestSubjectAccess",
                        ctx -> subjectAccess
                                .request(Caller.of(ctx), ctx.body().asJsonObject())
                                .compose(json -> Json.created(ctx, json)),
                "extendSubjectAccess",
                        ctx -> subjectAccess
                                .extend(
                                        Caller.of(ctx),
                                        Requests.pathId(ctx, "requestId"),
                                        ctx.body().asJsonObject())
                                .compose(json -> Json.ok(ctx, json)),
                "pauseSubjectAccess",
                        ctx -> subjectAccess
                                .pause(
                                        Caller.of(ctx),
                                        Requests.pathId(ctx, "requestId"),
                                        ctx.body().asJsonObject())
                                .compose(json -> Json.ok(ctx, json)),
                "resumeSubjectAccess",
                        ctx -> subjectAccess
                                .resume(Caller.of(ctx), Requests.pathId(ctx, "requestId"))
                                .compose(json -> Json.ok(ctx, json)),
                "listSubjectAccessRequests",
                        ctx -> subjectAccess.list(Caller.of(ctx)).compose(json -> Json.ok(ctx, json)),
                "getSubjectAccessExport",
                        ctx -> subjectAccess
                                .download(Caller.of(ctx), Requests.pathId(ctx, "requestId"))
                                .compose(zip -> Downloads.send(ctx, "application/zip", "tandem-data.zip", zip)));
    }

    private Future<JsonObject> events(Caller caller, RoutingContext ctx) {
        caller.requireStaff(Role.DPO);
        var q = ctx.queryParams();
        int limit = Requests.limit(ctx);
        return store.page(
                        pool,
                        caller.schoolId(),
                        Requests.queryId(ctx, "pupilId"),
                        Requests.queryId(ctx, "personId"),
                        q.get("from") == null ? null : OffsetDateTime.parse(q.get("from")),
                        q.get("to") == null ? null : OffsetDateTime.parse(q.get("to")),
                        q.get("action"),
                        q.get("before") == null ? Long.MAX_VALUE : Long.parseLong(q.get("before")),
                        limit)
                .map(items -> {
                    JsonObject page = new JsonObject().put("items", items);
                    if (items.size() == limit)
                        page.put(
                                "nextBefore",
                                items.getJsonObject(items.size() - 1).getLong("seq"));
                    return page;
                });
    }

    /** Parents (and staff who may read the record) see who at school has looked at it, by day. */
    private Future<JsonObject> recordAccess(Caller caller, UUID pupilId) {
        return access.require(caller, pupilId, Access.Action.READ_RECORD)
                .compose(p -> store.accessByDay(pool, pupilId, clock.instant().minus(Duration.ofDays(90))))
                .map(days -> new JsonObject().put("days", days));
    }

    // ---- the chain

    @Override
    public Future<Void> start() {
        outcomeTimer = vertx.setPeriodic(OUTCOMES_EVERY.toMillis(), id -> writer.flushOutcomes());
        exportTimer = vertx.setPeriodic(EXPORTS_EVERY.toMillis(), id -> buildExports());
        timer = vertx.setPeriodic(SEAL_EVERY.toMillis(), id -> {
            if (sealing) return;
            sealing = true;
            sealNew().onComplete(done -> {
                sealing = false;
                if (done.failed())
                    log.warn("sealing the audit log failed: {}", done.cause().toString());
            });
        });
        return Future.succeededFuture();
    }

    @Override
    public Future<Void> stop() {
        if (timer >= 0) vertx.cancelTimer(timer);
        if (outcomeTimer >= 0) vertx.cancelTimer(outcomeTimer);
        if (exportTimer >= 0) vertx.cancelTimer(exportTimer);
        return writer.flushOutcomes();
    }

    /** Seals new events and outcomes into their chains; see {@link AuditSealer}. */
    Future<Integer> sealNew() {
        return sealer.sealNew();
    }

    /** Builds waiting subject access exports, one after another. */
    private void buildExports() {
        if (exporting) return;
        exporting = true;
        subjectAccess.buildNext().onComplete(done -> {
            exporting = false;
            if (done.succeeded() && done.result()) buildExports();
            else if (done.failed())
                log.warn(
                        "building subject access exports failed: {}",
                        done.cause().toString());
        });
    }

    /** Exports are deleted 30 days after they were ready; the request stays, marked deleted. */
    @Override
    public List<Housekeeping.Chore> chores() {
        return List.of(
                new Housekeeping.Chore(
                        "subject-access-exports",
                        SubjectAccess.KEPT,
                        """
            WITH gone AS (UPDATE subject_access_request SET status = 'deleted', export = NULL, deleted_at = now()
                WHERE id IN (SELECT id FROM subject_access_request WHERE status = 'ready' AND ready_at < $1 LIMIT $2)
              RETURNING 1)
            SELECT count(*) FROM gone"""));
    }

    /** Walks both chains, recomputing every seal; the first event that does not match is the break. */
    public Future<JsonObject> verify() {
        return sealer.verify();
    }
}
