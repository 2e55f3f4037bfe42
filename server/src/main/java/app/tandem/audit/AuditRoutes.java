package app.tandem.audit;

import static app.tandem.platform.Operation.answers;
import static app.tandem.platform.Operation.created;
import static app.tandem.platform.Operation.ok;

import app.tandem.access.Access;
import app.tandem.platform.Caller;
import app.tandem.platform.Caller.Role;
import app.tandem.platform.Cursor;
import app.tandem.platform.Downloads;
import app.tandem.platform.Operation;
import app.tandem.platform.Requests;
import app.tandem.platform.SqlJson;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;

/** The audit log, record access and subject access requests: operationId → handler. */
record AuditRoutes(
        Pool pool, Access access, AuditStore store, AuditSealer sealer, SubjectAccess subjectAccess, Clock clock) {
    Map<String, Operation> operations() {
        return Map.ofEntries(
                ok("listAuditEvents", c -> events(c.caller(), c.ctx())),
                ok("verifyAuditLog", c -> {
                    c.caller().requireStaff(Role.DPO, Role.ADMIN);
                    return sealer.verify();
                }),
                ok("listRecordAccess", c -> recordAccess(c.caller(), c.id("pupilId"))),
                created(
                        "requestSubjectAccess",
                        c -> subjectAccess.request(c.caller(), SubjectAccess.Request.from(c.body()))),
                ok(
                        "extendSubjectAccess",
                        c -> subjectAccess.extend(
                                c.caller(), c.id("requestId"), c.body().getInteger("months"), c.text("reason"))),
                ok("pauseSubjectAccess", c -> subjectAccess.pause(c.caller(), c.id("requestId"), c.text("reason"))),
                ok("resumeSubjectAccess", c -> subjectAccess.resume(c.caller(), c.id("requestId"))),
                ok("listSubjectAccessRequests", c -> subjectAccess.list(c.caller())),
                answers("getSubjectAccessExport", ctx -> subjectAccess
                        .download(Caller.of(ctx), Requests.pathId(ctx, "requestId"))
                        .compose(export -> export.single() != null
                                ? Downloads.send(ctx, "application/zip", "tandem-data.zip", export.single())
                                : Downloads.stream(
                                        ctx,
                                        "application/zip",
                                        "tandem-data.zip",
                                        export.size(),
                                        seq -> subjectAccess.chunk(export.id(), seq)))));
    }

    private Future<SqlJson> events(Caller caller, RoutingContext ctx) {
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
                        q.get("cursor") == null
                                ? Long.MAX_VALUE
                                : Cursor.decode(q.get("cursor"), 1).getLong(0),
                        limit)
                .map(items -> {
                    JsonObject page = new JsonObject().put("items", items);
                    if (items.size() == limit)
                        page.put(
                                "nextCursor",
                                Cursor.encode(
                                        items.getJsonObject(items.size() - 1).getLong("seq")));
                    return page;
                })
                .map(SqlJson::new);
    }

    /** Parents (and staff who may read the record) see who at school has looked at it, by day. */
    private Future<SqlJson> recordAccess(Caller caller, UUID pupilId) {
        return access.require(caller, pupilId, Access.Action.READ_RECORD)
                .compose(p -> store.accessByDay(pool, pupilId, clock.instant().minus(Duration.ofDays(90))))
                .map(days -> new JsonObject().put("days", days))
                .map(SqlJson::new);
    }
}
