package app.tandem.audit;

import app.tandem.access.Access;
import app.tandem.platform.Caller;
import app.tandem.platform.Caller.Role;
import app.tandem.platform.Problem;
import app.tandem.platform.ProblemType;
import app.tandem.platform.SqlJson;
import app.tandem.platform.SubjectData;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Subject access (UK GDPR Art. 15): a parent asks for what is held about them and, acting for their
 * child, about the child; a young person (from their transfer date) asks for their own; the data
 * protection officer may ask on either's behalf, extend the deadline once, and stop its clock while
 * identity is checked. Each request has its one-month deadline; a worker on any replica builds the
 * export ({@link SubjectAccessExport}) off the event loop, and it can be downloaded (an audited
 * export) for 30 days.
 */
final class SubjectAccess {
    private static final Logger log = LoggerFactory.getLogger(SubjectAccess.class);
    static final Duration KEPT = Duration.ofDays(30);

    private final Vertx vertx;
    private final Pool pool;
    private final Access access;
    private final Clock clock;
    private SubjectAccessExport exports = new SubjectAccessExport(List.of(SubjectAccessStore.AUDIT_EVENTS), Map.of());

    SubjectAccess(Vertx vertx, Pool pool, Access access, Clock clock) {
        this.vertx = vertx;
        this.pool = pool;
        this.access = access;
        this.clock = clock;
    }

    /** What the export gathers: every capability's part, then the audit events. */
    void exportParts(List<SubjectData> parts, Map<String, String> operations) {
        List<SubjectData> all = new java.util.ArrayList<>(parts);
        all.add(SubjectAccessStore.AUDIT_EVENTS);
        this.exports = new SubjectAccessExport(all, operations);
    }

    /** A subject access request as asked: for whom (the DPO names them), about which pupil, paused why. */
    record Request(UUID personId, UUID pupilId, String pauseReason) {
        static Request from(JsonObject b) {
            return new Request(
                    b.getString("personId") == null ? null : UUID.fromString(b.getString("personId")),
                    b.getString("pupilId") == null ? null : UUID.fromString(b.getString("pupilId")),
                    b.getString("pauseReason") == null
                            ? null
                            : b.getString("pauseReason").strip());
        }
    }

    Future<SqlJson> request(Caller caller, Request body) {
        boolean dpo = caller.kind() == Caller.Kind.STAFF && caller.has(Role.DPO);
        boolean self = caller.kind() == Caller.Kind.PUPIL;
        if (caller.kind() != Caller.Kind.PARENT && !self && !dpo)
            throw new Problem(
                    ProblemType.FORBIDDEN,
                    "Parents and young people ask for their own data; the data protection officer may ask for them.");
        if (!dpo && body.personId() != null)
            throw Problem.invalid("body.personId", "is for the data protection officer asking on someone's behalf.");
        if (dpo && body.personId() == null)
            throw Problem.invalid("body.personId", "Name the parent or young person you ask for.");
        if (!dpo && body.pauseReason() != null)
            throw Problem.invalid("body.pauseReason", "is for the data protection officer.");
        if (self && body.pupilId() != null)
            throw Problem.invalid("body.pupilId", "A young person's own request covers their record already.");
        UUID person = dpo ? body.personId() : caller.subject();
        String pauseReason = body.pauseReason();
        UUID named = body.pupilId();
        Instant now = clock.instant();
        LocalDate today = now.atZone(ZoneOffset.UTC).toLocalDate();
        LocalDate due = today.plusMonths(1);
        // A parent of the school, with the pupil theirs to read by the access rule; or a young person
        // (from their transfer date) for themselves. A parent asks the school of the child they name
        // (each school answers for its own data), otherwise their account's school; the DPO asks
        // their own.
        Future<UUID> asked = caller.kind() == Caller.Kind.PARENT && named != null
                ? SubjectAccessStore.schoolOf(pool, named).map(s -> s == null ? caller.schoolId() : s)
                : Future.succeededFuture(caller.schoolId());
        return asked.compose(school -> SubjectAccessStore.eligibility(pool, person, school, named, today)
                        .compose(r -> {
                            boolean parent = r.getBoolean("parent_ok") && (named == null || r.getBoolean("pupil_ok"));
                            boolean young = r.getBoolean("young_ok") && (named == null || named.equals(person));
                            if (self && !young)
                                return Future.failedFuture(
                                        new Problem(
                                                ProblemType.FORBIDDEN,
                                                "A pupil asks for their own data from their transfer date; until then their parents or the school ask."));
                            if (!parent && !young) return Future.failedFuture(Problem.notFound());
                            UUID pupil = young ? person : named;
                            return SubjectAccessStore.insert(
                                    pool, school, caller.subject(), person, pupil, now, due, pauseReason);
                        }))
                .compose(this::one);
    }

    Future<SqlJson> list(Caller caller) {
        boolean dpo = caller.kind() == Caller.Kind.STAFF && caller.has(Role.DPO);
        if (caller.kind() == Caller.Kind.STAFF && !dpo)
            throw new Problem(ProblemType.FORBIDDEN, "For parents, young people and the data protection officer.");
        return SubjectAccessStore.list(pool, caller.schoolIds(), dpo, caller.subject())
                .map(SqlJson::items);
    }

    /** The DPO gives two more months at most, once, with the reason the person is told. */
    Future<SqlJson> extend(Caller caller, UUID id, int months, String reason) {
        caller.requireStaff(Role.DPO);
        return SubjectAccessStore.extend(pool, id, caller.schoolId(), months, reason.strip())
                .compose(done -> done ? one(id) : refuse(caller, id, "This request has already been extended once."));
    }

    /**
     * The DPO stops the clock while the requester's identity is checked (Data (Use and Access) Act
     * 2025); a paused request is not built, and a build already under way is discarded.
     */
    Future<SqlJson> pause(Caller caller, UUID id, String reason) {
        caller.requireStaff(Role.DPO);
        return SubjectAccessStore.pause(pool, id, caller.schoolId(), clock.instant(), reason.strip())
                .compose(done -> done
                        ? one(id)
                        : refuse(caller, id, "Only a request not yet ready (and not already paused) can be paused."));
    }

    /** The clock restarts: the whole days paused move the deadline (and any extension) on. */
    Future<SqlJson> resume(Caller caller, UUID id) {
        caller.requireStaff(Role.DPO);
        return SubjectAccessStore.resume(
                        pool,
                        id,
                        caller.schoolId(),
                        clock.instant().atZone(ZoneOffset.UTC).toLocalDate())
                .compose(done -> done ? one(id) : refuse(caller, id, "This request is not paused."));
    }

    /** 404 for a request of another school or none; otherwise 409 with why. */
    private Future<SqlJson> refuse(Caller caller, UUID id, String why) {
        return SubjectAccessStore.exists(pool, id, caller.schoolId())
                .compose(found ->
                        Future.failedFuture(found ? new Problem(ProblemType.CONFLICT, why) : Problem.notFound()));
    }

    /** A ready export: the single file of an export made before chunks, or how long it is in chunks. */
    record Export(UUID id, long size, Buffer single) {}

    /**
     * The ZIP, for whoever asked or whose data it is, or the DPO; 409 while it is being built. A
     * parent's export follows the relationship as it is now: once the child is no longer theirs to
     * receive (a court-order block, a young person's choice, a link ended), or once any of their
     * links was blocked after the export was made, it is 404, as if it had never been.
     */
    Future<Export> download(Caller caller, UUID id) {
        return SubjectAccessStore.forDownload(pool, id, caller.schoolIds()).compose(r -> {
            if (r == null) return Future.failedFuture(Problem.notFound());
            boolean mine = r.getUUID("requested_by").equals(caller.subject())
                    || r.getUUID("person_id").equals(caller.subject());
            boolean dpo = caller.kind() == Caller.Kind.STAFF && caller.has(Role.DPO);
            if (!mine && !dpo) return Future.failedFuture(Problem.notFound());
            if (caller.kind() != Caller.Kind.PARENT) return export(r);
            if (r.getBoolean("blocked_since")) return Future.failedFuture(Problem.notFound());
            UUID pupil = r.getUUID("pupil_id");
            return pupil == null
                    ? export(r)
                    : access.require(caller, pupil, Access.Action.SUBJECT_ACCESS)
                            .compose(p -> export(r));
        });
    }

    private static Future<Export> export(Row r) {
        return switch (r.getString("status")) {
            case "ready" -> Future.succeededFuture(
                    new Export(r.getUUID("id"), r.getLong("size_bytes"), r.getBuffer("export")));
            case "deleted" -> Future.failedFuture(
                    new Problem(ProblemType.GONE, "This export was deleted after 30 days; ask again."));
            case "failed" -> Future.failedFuture(
                    new Problem(ProblemType.CONFLICT, "This export could not be built; ask again."));
            default -> Future.failedFuture(new Problem(ProblemType.CONFLICT, "The export is still being prepared."));
        };
    }

    private Future<SqlJson> one(UUID id) {
        return SubjectAccessStore.one(pool, id).map(SqlJson::new);
    }

    /** Claims one pending request (or one whose builder died), builds its export, and keeps it. */
    Future<Boolean> buildNext() {
        Instant now = clock.instant();
        return SubjectAccessStore.claimNext(pool, now).compose(claimed -> {
            if (claimed == null) return Future.succeededFuture(false);
            UUID id = claimed.getUUID("id");
            UUID person = claimed.getUUID("person_id");
            UUID pupil = claimed.getUUID("pupil_id");
            UUID school = claimed.getUUID("school_id");
            return SubjectAccessStore.clearChunks(pool, id)
                    .compose(v -> exports.gather(pool, person, pupil, school))
                    .compose(data -> SubjectAccessStore.scope(pool, id)
                            .compose(scope -> vertx.executeBlocking(
                                    () -> exports.write(data, scope, clock.instant(), io(id, person, pupil, school)),
                                    false)))
                    .compose(built -> SubjectAccessStore.ready(pool, id, built, clock.instant()))
                    .recover(failure -> {
                        log.error("subject access export {} failed", id, failure);
                        return SubjectAccessStore.failed(pool, id);
                    })
                    .map(true);
        });
    }

    /**
     * The database for a worker building an export: each call one short statement, waited for on
     * the worker (never on an event loop), bounded so a stuck database fails the build, which is
     * then tried again.
     */
    private SubjectAccessExport.Io io(UUID id, UUID person, UUID pupil, UUID school) {
        return new SubjectAccessExport.Io() {
            @Override
            public void chunk(int seq, byte[] bytes) {
                await(SubjectAccessStore.chunk(pool, id, seq, bytes));
            }

            @Override
            public List<SubjectAccessExport.FileRef> list(SubjectData.Files folder) {
                return await(SubjectAccessStore.files(pool, folder.list(), person, pupil, school));
            }

            @Override
            public byte[] content(SubjectData.Files folder, UUID file) {
                return await(SubjectAccessStore.file(pool, folder.content(), file));
            }
        };
    }

    private static <T> T await(Future<T> work) {
        try {
            return work.toCompletionStage().toCompletableFuture().get(2, java.util.concurrent.TimeUnit.MINUTES);
        } catch (java.util.concurrent.ExecutionException ex) {
            throw new IllegalStateException(ex.getCause());
        } catch (InterruptedException | java.util.concurrent.TimeoutException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** One chunk of an export; null after the last. */
    Future<Buffer> chunk(UUID id, int seq) {
        return SubjectAccessStore.chunk(pool, id, seq);
    }
}
