package app.tandem.audit;

import app.tandem.access.Access;
import app.tandem.platform.Capability;
import app.tandem.platform.Housekeeping;
import app.tandem.platform.Operation;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit log of special category data, wired: every operation the contract marks
 * `x-tandem-audit` writes an event ({@link AuditRecorder}); its routes ({@link AuditRoutes}). Each
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
    private final AuditRecorder recorder;
    private final AuditRoutes routes;
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
        this.recorder = new AuditRecorder(writer, clock);
        this.routes = new AuditRoutes(pool, access, store, sealer, subjectAccess, clock);
    }

    /** What records audited operations on the router. */
    public AuditRecorder recorder() {
        return recorder;
    }

    /**
     * Subject access exports gather every capability's part (see {@link Capability#subjectData});
     * their report names what each logged operation was by the contract's summary of it.
     */
    public void exportFrom(List<Capability> capabilities, io.vertx.core.json.JsonObject contract) {
        subjectAccess.exportParts(
                capabilities.stream().flatMap(c -> c.subjectData().stream()).toList(), summaries(contract));
    }

    /** Each operation's summary in the contract, by operationId ("Read a pupil's SEND record"). */
    private static Map<String, String> summaries(io.vertx.core.json.JsonObject contract) {
        Map<String, String> summaries = new java.util.HashMap<>();
        io.vertx.core.json.JsonObject paths = contract.getJsonObject("paths");
        for (String path : paths.fieldNames())
            for (String method : paths.getJsonObject(path).fieldNames())
                if (paths.getJsonObject(path).getValue(method) instanceof io.vertx.core.json.JsonObject op
                        && op.getString("operationId") != null
                        && op.getString("summary") != null)
                    summaries.put(op.getString("operationId"), op.getString("summary"));
        return summaries;
    }

    @Override
    public Map<String, Operation> operations() {
        return routes.operations();
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
        return List.of(new Housekeeping.Chore(
                "subject-access-exports", SubjectAccess.KEPT, SubjectAccessStore.EXPORTS_TO_DELETE));
    }
}
