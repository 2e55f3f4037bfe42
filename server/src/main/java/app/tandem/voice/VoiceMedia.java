package app.tandem.voice;

import app.tandem.platform.Answer;
import app.tandem.platform.Caller;
import app.tandem.platform.FileTypes;
import app.tandem.platform.Problem;
import app.tandem.platform.ProblemType;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import java.time.Clock;
import java.util.Set;
import java.util.UUID;

/**
 * Recordings and pictures for pupil voice. Each is checked on a worker before anything is kept: a
 * recording's container, codec and length are read from the file (at most 3 minutes); a picture's
 * type is read by Tika from its content and its metadata removed. A file is visible to its uploader
 * until a question or a view uses it, and from then on to whoever may see that.
 */
record VoiceMedia(Vertx vertx, Pool pool, Clock clock) {
    static final int MAX_BYTES = 10 * 1024 * 1024;
    /** Three minutes, with half a second for a recorder that stops a frame late. */
    static final long MAX_MILLIS = 180_500;

    private static final Set<String> PICTURES = Set.of("image/png", "image/jpeg", "image/heic");

    /** A checked file, ready to keep. */
    private record Checked(String mediaType, byte[] bytes, Long millis) {}

    Future<Kept> upload(Caller caller, String kind, Buffer body) {
        if (body == null || body.length() == 0) throw Problem.invalid("body", "The file is empty.");
        if (body.length() > MAX_BYTES) throw new Problem(ProblemType.PAYLOAD_TOO_LARGE, "Files can be up to 10 MiB.");
        byte[] bytes = body.getBytes();
        return vertx.executeBlocking(() -> check(kind, bytes), false)
                .compose(checked -> MediaStore.insert(
                        pool,
                        caller.schoolId(),
                        caller.subject(),
                        checked.mediaType(),
                        checked.bytes(),
                        checked.millis(),
                        clock.instant()))
                .map(Kept::of);
    }

    private Checked check(String kind, byte[] bytes) {
        if (kind.equals("audio")) {
            try {
                Recordings.Recording recording = Recordings.read(bytes);
                if (recording.millis() > MAX_MILLIS)
                    throw Problem.invalid(
                            "body",
                            "Recordings can be up to 3 minutes long; this one is " + formatLength(recording.millis())
                                    + ".");
                return new Checked(
                        recording.mediaType(),
                        RecordingMetadata.scrubbed(bytes, recording.mediaType()),
                        recording.millis());
            } catch (Recordings.NotARecording ex) {
                throw Problem.invalid("body", ex.getMessage());
            }
        }
        String type = FileTypes.detect(bytes);
        if (!PICTURES.contains(type))
            throw Problem.invalid("body", "Only pictures can be sent here: PNG, JPEG or HEIC.");
        try {
            return new Checked(type, Pictures.withoutMetadata(bytes, type), null);
        } catch (Pictures.NotAPicture ex) {
            throw Problem.invalid("body", ex.getMessage());
        }
    }

    private static String formatLength(long millis) {
        long seconds = Math.round(millis / 1000.0);
        return seconds / 60 + " min " + seconds % 60 + " s";
    }

    /**
     * The file, if this caller uploaded it and nothing uses it yet; 400 naming the field otherwise.
     * Checked inside the transaction that puts it to use.
     */
    Future<Row> requireOwnUnused(
            SqlClient tx, Caller caller, UUID mediaId, boolean audio, String field, UUID intoSchool) {
        return MediaStore.ownUnused(tx, mediaId, caller.subject(), caller.schoolIds(), intoSchool)
                .map(row -> {
                    if (row == null)
                        throw Problem.invalid(field, "is not a file you have uploaded (or it is already used).");
                    if (row.getString("media_type").startsWith("audio/") != audio)
                        throw Problem.invalid(field, audio ? "must be a recording." : "must be a picture.");
                    return row;
                });
    }

    /** The file's row with its content, when it is in one of the caller's schools; null otherwise. */
    Future<Row> find(UUID mediaId, UUID[] schoolIds) {
        return MediaStore.find(pool, mediaId, schoolIds);
    }

    /** A recording or drawing kept, ready to go with a view; a recording's length in seconds. */
    record Kept(
            UUID id, String mediaType, int sizeBytes, @JsonInclude(JsonInclude.Include.NON_NULL) Double durationSeconds)
            implements Answer {
        static Kept of(Row r) {
            Integer millis = r.getInteger("duration_ms");
            return new Kept(
                    r.getUUID("id"),
                    r.getString("media_type"),
                    r.getInteger("size_bytes"),
                    millis == null ? null : millis / 1000.0);
        }
    }
}
