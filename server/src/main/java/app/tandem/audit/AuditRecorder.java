package app.tandem.audit;

import app.tandem.platform.AnswerGate;
import app.tandem.platform.Caller;
import app.tandem.platform.Caller.Role;
import app.tandem.platform.ClientAddress;
import app.tandem.platform.RequestLog;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records every operation the contract marks `x-tandem-audit`: a change runs once its event is
 * durable, a pure read runs meanwhile and its answer is held until then (a request whose event
 * cannot be written is answered 503; concurrent requests share one commit, see {@link
 * AuditWriter}); its outcome is added once answered.
 */
public final class AuditRecorder {
    private static final Logger log = LoggerFactory.getLogger(AuditRecorder.class);

    private final AuditWriter writer;
    private final Clock clock;

    AuditRecorder(AuditWriter writer, Clock clock) {
        this.writer = writer;
        this.clock = clock;
    }

    /**
     * What the contract says of an operation: `x-tandem-audit` with its action, subject and id
     * parameter. A pure read (a GET whose action is `read`, not marked `changes: true`) runs while
     * its event is written, and its answer is held until the event is durable; anything else runs
     * only after its event is durable, so nothing changes without one.
     */
    public record Marking(
            String operationId,
            String action,
            String subject,
            String idParameter,
            boolean pureRead,
            boolean namesSchool) {}

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
                // An operation that takes `?schoolId=` (a trust lead's read of one school) is that school's to log.
                boolean namesSchool = op.getJsonArray("parameters", new io.vertx.core.json.JsonArray()).stream()
                        .anyMatch(p -> p instanceof JsonObject o && "schoolId".equals(o.getString("name")));
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
                                pureRead,
                                namesSchool));
            }
        }
        return marked;
    }

    /** The handler that records an audited operation before it runs; it runs after sign-in. */
    public Handler<RoutingContext> forOperation(Marking marking) {
        return ctx -> {
            Caller caller = Caller.of(ctx);
            String param = marking.idParameter();
            UUID subjectId = param == null ? null : uuid(ctx.pathParam(param));
            UUID pupil = uuid(ctx.pathParam("pupilId"));
            AuditStore.Event event = new AuditStore.Event(
                    UUID.randomUUID(),
                    clock.instant(),
                    marking.namesSchool() ? school(caller, ctx) : caller.schoolId(),
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
            Future<Long> written = writer.write(event, marking.pureRead())
                    .onFailure(ex -> log.error("audit event not written; request refused", ex));
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

    /**
     * The school the event is about: the one a request names (`?schoolId=`, a trust's SEND lead
     * reading one of the trust's schools) when the caller stands in it, else the caller's own; a
     * parent's reads of a child move to the child's school in the database (`audit_school_for`).
     */
    private static UUID school(Caller caller, RoutingContext ctx) {
        UUID named = uuid(ctx.queryParams().get("schoolId"));
        return named != null && caller.inSchool(named) ? named : caller.schoolId();
    }

    private static UUID uuid(String value) {
        try {
            return value == null ? null : UUID.fromString(value);
        } catch (IllegalArgumentException ex) {
            return null;
        }
    }
}
