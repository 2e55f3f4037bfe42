package app.tandem.attachments;

import static app.tandem.platform.Operation.answers;
import static app.tandem.platform.Operation.created;

import app.tandem.platform.Answer;
import app.tandem.platform.Caller;
import app.tandem.platform.Capability;
import app.tandem.platform.Downloads;
import app.tandem.platform.FileTypes;
import app.tandem.platform.Operation;
import app.tandem.platform.Problem;
import app.tandem.platform.ProblemType;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Files attached to notices (and later messages): PDFs and images up to 10 MiB, their type read
 * from their content by Apache Tika (a renamed executable is refused whatever its name says), kept
 * in PostgreSQL, and served only to their uploader and to those who may see what they are attached to.
 */
public final class Attachments implements Capability {
    public static final String UPLOAD_PATH = "/v1/attachments";
    public static final int MAX_BYTES = 10 * 1024 * 1024;
    static final Set<String> ALLOWED =
            Set.of("application/pdf", "image/jpeg", "image/png", "image/gif", "image/webp", "image/heic");

    private final Pool pool;
    private final Clock clock;
    private final Vertx vertx;
    private final List<AttachmentVisibility> visibility = new CopyOnWriteArrayList<>();

    public Attachments(Vertx vertx, Pool pool, Clock clock) {
        this.vertx = vertx;
        this.pool = pool;
        this.clock = clock;
    }

    /** A capability that attaches files registers who may see them. */
    public void seenThrough(AttachmentVisibility rule) {
        visibility.add(rule);
    }

    @Override
    public Map<String, Operation> operations() {
        return Map.ofEntries(
                created(
                        "uploadAttachment",
                        c -> upload(
                                c.caller(), c.query("fileName"), c.ctx().body().buffer())),
                answers("getAttachment", ctx -> download(Caller.of(ctx), UUID.fromString(ctx.pathParam("attachmentId")))
                        .compose(row -> Downloads.send(
                                ctx,
                                row.getString("media_type"),
                                row.getString("file_name"),
                                row.getBuffer("content")))));
    }

    Future<Uploaded> upload(Caller caller, String fileName, Buffer content) {
        if (caller.kind() == Caller.Kind.PUPIL)
            return Future.failedFuture(new Problem(ProblemType.FORBIDDEN, "Pupils cannot upload files here."));
        if (content == null || content.length() == 0)
            return Future.failedFuture(Problem.invalid("body", "The file is empty."));
        if (content.length() > MAX_BYTES)
            return Future.failedFuture(new Problem(ProblemType.PAYLOAD_TOO_LARGE, "Files can be up to 10 MiB."));
        byte[] bytes = content.getBytes();
        // Detection reads magic bytes only: cheap enough for the event loop on at most 10 MiB, but run on a worker all
        // the same.
        return vertx.executeBlocking(() -> FileTypes.detect(bytes), false).compose(type -> {
            if (!ALLOWED.contains(type)) {
                return Future.failedFuture(
                        Problem.invalid("body", "Only PDFs and photos (JPEG, PNG, GIF, WebP, HEIC) can be attached."));
            }
            return AttachmentStore.insert(
                            pool, caller.schoolId(), caller.subject(), type, fileName, content, clock.instant())
                    .map(Uploaded::of);
        });
    }

    private Future<Row> download(Caller caller, UUID id) {
        return AttachmentStore.file(pool, id).compose(row -> {
            // A parent's upload is kept at their account's school and may go with something at another
            // school of theirs (views on a draft plan): the rules, each checking the caller's own
            // standing, decide who else sees it, not the file's school.
            if (row == null) return Future.failedFuture(Problem.notFound());
            if (row.getUUID("uploaded_by").equals(caller.subject())) return Future.succeededFuture(row);
            return maySee(caller, id, 0)
                    .compose(ok -> ok ? Future.succeededFuture(row) : Future.failedFuture(Problem.notFound()));
        });
    }

    private Future<Boolean> maySee(Caller caller, UUID id, int rule) {
        if (rule >= visibility.size()) return Future.succeededFuture(false);
        return visibility
                .get(rule)
                .maySee(caller, id)
                .compose(ok -> ok ? Future.succeededFuture(true) : maySee(caller, id, rule + 1));
    }

    /** Checks that the caller uploaded every one of these files, in their school; 400 naming the field otherwise. */
    public Future<Void> requireOwnUploads(SqlClient sql, Caller caller, List<UUID> ids, String field) {
        if (ids.isEmpty()) return Future.succeededFuture();
        return AttachmentStore.uploadedBy(sql, ids, caller.subject(), caller.schoolId())
                .compose(count -> count == ids.size()
                        ? Future.<Void>succeededFuture()
                        : Future.failedFuture(Problem.invalid(field, "includes a file you have not uploaded.")));
    }

    /** A file uploaded, waiting to go with a message, a notice or a view. */
    public record Uploaded(UUID id, String fileName, String mediaType, int sizeBytes) implements Answer {
        static Uploaded of(Row r) {
            return new Uploaded(
                    r.getUUID("id"), r.getString("file_name"), r.getString("media_type"), r.getInteger("size_bytes"));
        }
    }

    /** Attachment metadata as JSON, from a json_agg of rows with id, fileName, mediaType, sizeBytes. */
    public static JsonArray list(Object aggregated) {
        return aggregated instanceof JsonArray a ? a : new JsonArray();
    }
}
