package app.tandem.documents;

import app.tandem.access.Access;
import app.tandem.platform.Caller;
import app.tandem.platform.Digests;
import app.tandem.platform.FileTypes;
import app.tandem.platform.Problem;
import app.tandem.platform.ProblemType;
import app.tandem.platform.SqlJson;
import app.tandem.push.Outbox;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Set;
import java.util.UUID;

/**
 * A pupil's documents: the SENCO keeps them, each new version beside the old; the SENCO and class
 * teacher read them all, parents the plan, drafts sent to them and review reports; a pupil none.
 */
record DocumentService(Vertx vertx, Pool pool, Access access, DocumentStore store, Clock clock) {
    static final int MAX_BYTES = 20 * 1024 * 1024;
    /** Parents have 15 days to give their views on a draft plan (CoP 9.77). */
    static final int DRAFT_VIEWS_DAYS = 15;

    private static final Set<String> TYPES = Set.of("application/pdf", "image/jpeg", "image/png");

    /** Reads the file's type from its content on a worker: a PDF, or a JPEG or PNG scan. */
    Future<DocumentStore.File> check(String fileName, Buffer body) {
        if (body == null || body.length() == 0) throw Problem.invalid("body", "The file is empty.");
        if (body.length() > MAX_BYTES)
            throw new Problem(ProblemType.PAYLOAD_TOO_LARGE, "Documents can be up to 20 MiB.");
        byte[] bytes = body.getBytes();
        return vertx.executeBlocking(
                () -> {
                    String type = FileTypes.detect(bytes);
                    if (!TYPES.contains(type))
                        throw Problem.invalid(
                                "body", "Only PDFs (or JPEG and PNG scans) can be kept, whatever the file is called.");
                    return new DocumentStore.File(type, fileName, bytes, Digests.sha256(bytes));
                },
                false);
    }

    Future<SqlJson> upload(
            Caller caller,
            UUID pupilId,
            DocumentKind kind,
            String title,
            boolean sendToParents,
            String fileName,
            Buffer body) {
        if (sendToParents && kind != DocumentKind.DRAFT_EHC_PLAN)
            throw Problem.invalid("query.sendToParents", "is for a draft EHC plan, which parents give their views on.");
        Instant now = clock.instant();
        LocalDate viewsDue =
                sendToParents ? now.atZone(ZoneOffset.UTC).toLocalDate().plusDays(DRAFT_VIEWS_DAYS) : null;
        return access.require(caller, pupilId, Access.Action.MANAGE_DOCUMENTS)
                .compose(pupil -> check(fileName, body))
                .compose(file -> pool.withTransaction(tx -> store.insert(
                                tx, caller.schoolId(), pupilId, kind, title.strip(), caller.subject(), now, viewsDue)
                        .compose(id -> store.addVersion(tx, id, caller.schoolId(), file, caller.subject(), null, now)
                                .compose(v -> store.owner(tx, id, caller.schoolIds()))
                                .compose(doc ->
                                        tellParents(tx, caller, pupilId, id, doc.getBoolean("parents_read"), now))
                                .map(id))))
                .compose(id -> store.one(pool, id))
                .map(SqlJson::new);
    }

    Future<SqlJson> addVersion(Caller caller, UUID documentId, String fileName, Buffer body) {
        Instant now = clock.instant();
        return owned(caller, documentId, Access.Action.MANAGE_DOCUMENTS)
                .compose(doc -> check(fileName, body)
                        .compose(file -> pool.withTransaction(tx -> store.addVersion(
                                        tx, documentId, caller.schoolId(), file, caller.subject(), null, now)
                                .compose(v -> tellParents(
                                        tx,
                                        caller,
                                        doc.getUUID("pupil_id"),
                                        documentId,
                                        doc.getBoolean("parents_read"),
                                        now)))))
                .compose(v -> store.one(pool, documentId))
                .map(SqlJson::new);
    }

    Future<SqlJson> list(Caller caller, UUID pupilId) {
        return access.require(caller, pupilId, Access.Action.READ_DOCUMENTS)
                .compose(pupil -> fromTransferDate(caller, pupilId))
                .compose(v -> store.list(pool, pupilId, !caller.isStaff()))
                .map(SqlJson::items);
    }

    Future<Row> download(Caller caller, UUID documentId, UUID versionId) {
        return readable(caller, documentId)
                .compose(doc -> store.file(pool, documentId, versionId))
                .compose(file -> file == null ? Future.failedFuture(Problem.notFound()) : Future.succeededFuture(file));
    }

    /**
     * The document's row (pupil, kind, title, views date) when the caller reads it: staff who read
     * the pupil's documents, parents the kinds they read, the pupil those from the transfer date;
     * 404 otherwise.
     */
    Future<Row> readable(Caller caller, UUID documentId) {
        return owned(caller, documentId, Access.Action.READ_DOCUMENTS)
                .compose(
                        doc -> fromTransferDate(caller, doc.getUUID("pupil_id")).map(doc))
                .compose(doc -> !caller.isStaff() && !doc.getBoolean("parents_read")
                        ? Future.failedFuture(Problem.notFound())
                        : Future.succeededFuture(doc));
    }

    /**
     * A pupil reads their own documents (the kinds their parents read) from the transfer date, when
     * the plan becomes theirs; before it, 404 as for anyone else with no standing.
     */
    private Future<Void> fromTransferDate(Caller caller, UUID pupilId) {
        if (caller.kind() != Caller.Kind.PUPIL) return Future.succeededFuture();
        return store.youngPerson(pool, pupilId, clock.instant())
                .compose(young -> young ? Future.succeededFuture() : Future.failedFuture(Problem.notFound()));
    }

    /** The document's row when the caller may do this to its pupil; 404 otherwise. */
    private Future<Row> owned(Caller caller, UUID documentId, Access.Action action) {
        return store.owner(pool, documentId, caller.schoolIds())
                .compose(doc -> doc == null
                        ? Future.failedFuture(Problem.notFound())
                        : access.require(caller, doc.getUUID("pupil_id"), action)
                                .map(doc));
    }

    /** A document (or a new version) the parents read: a push saying so, ids only. */
    private static Future<Integer> tellParents(
            io.vertx.sqlclient.SqlClient tx, Caller caller, UUID pupilId, UUID documentId, boolean tell, Instant now) {
        if (!tell) return Future.succeededFuture(0);
        return Outbox.toParentsNow(
                tx,
                caller.schoolId(),
                Outbox.Notification.of("document", documentId, "document"),
                Access.Action.READ_DOCUMENTS,
                pupilId,
                now);
    }
}
