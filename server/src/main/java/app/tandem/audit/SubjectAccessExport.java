package app.tandem.audit;

import app.tandem.platform.Digests;
import app.tandem.platform.SubjectData;
import io.vertx.core.Future;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * What a subject access export holds, gathered in one statement from every capability's part (each
 * capability's own SQL, so each rule for what a family may see stays with its owner), and the ZIP
 * built from it on a worker: `manifest.json`, one JSON file per kind of data, the documents' files, and `index.html`.
 * A parent's export holds their own account, links, the messages of conversations they take part
 * in (so a separated parent never sees the other parent's own conversations), the notices sent to
 * them, and, for the child they act for, what the family may see of the record: never staff-only
 * ratings, views not shared with the family, or disclosures on a statutory basis not to be told.
 * The manifest says how many staff-only ratings and unshared views were held back and why; what the
 * law lets the school withhold without saying so (anything about a safeguarding concern,
 * disclosures not to be told) leaves no trace, not even a count. Messages about a child stop at the
 * moment a court-order block on the person's link was recorded.
 */
final class SubjectAccessExport {
    private final List<SubjectData> parts;
    /** Every part in one statement: $1 the person, $2 the pupil (or null), $3 the school asked; column i is part i. */
    private final String gather;

    /** What each operation in the audit events was, in words, for the report. */
    private final Map<String, String> operations;

    /**
     * @param parts every capability's part, in the order the export lists them
     * @param operations each operation's summary by operationId
     */
    SubjectAccessExport(List<SubjectData> parts, Map<String, String> operations) {
        this.parts = List.copyOf(parts);
        this.operations = Map.copyOf(operations);
        StringBuilder sql = new StringBuilder("SELECT ");
        for (int i = 0; i < this.parts.size(); i++) {
            SubjectData part = this.parts.get(i);
            String expression = part instanceof SubjectData.Part p
                    ? p.sql()
                    : part instanceof SubjectData.Withheld w ? w.sql() : "NULL";
            sql.append(i == 0 ? "" : ",\n  ").append(expression).append(" AS p").append(i);
        }
        this.gather = sql.toString();
    }

    /** The gathered data: each file's JSON, and what was withheld. */
    record Gathered(
            UUID person, UUID pupil, Map<String, Object> files, List<SubjectData.Files> folders, JsonArray withheld) {}

    Future<Gathered> gather(Pool pool, UUID person, UUID pupil, UUID school) {
        return SubjectAccessStore.gather(pool, gather, person, pupil, school).map(r -> {
            Map<String, Object> files = new LinkedHashMap<>();
            List<SubjectData.Files> folders = new java.util.ArrayList<>();
            JsonArray withheld = new JsonArray();
            for (int i = 0; i < parts.size(); i++) {
                Object value = r.getValue("p" + i);
                if (parts.get(i) instanceof SubjectData.Files f) {
                    if (pupil != null) folders.add(f);
                } else if (parts.get(i) instanceof SubjectData.Withheld w) {
                    if (pupil != null) withheld.add(withheld(w.what(), r.getLong("p" + i), w.why()));
                } else {
                    SubjectData.Part part = (SubjectData.Part) parts.get(i);
                    if (part.aboutPupil() && pupil == null) continue;
                    if (part.field() == null) files.put(part.file(), value);
                    else
                        ((JsonObject) files.computeIfAbsent(part.file(), f -> new JsonObject()))
                                .put(part.field(), value);
                }
            }
            return new Gathered(person, pupil, files, folders, withheld);
        });
    }

    private static JsonObject withheld(String what, long count, String why) {
        return new JsonObject().put("what", what).put("count", count).put("why", why);
    }

    /** Who asked, about whom, at which school (its zone for dates) and when: the export's scope. */
    record Scope(
            String school, java.time.ZoneId zone, String person, String askedBy, String pupil, Instant requestedAt) {}

    /** A file of a folder: its id, to read it by, and its name in the folder. */
    record FileRef(UUID id, String name) {}

    /**
     * The database, as the worker building an export sees it: blocking calls, each a short
     * statement, so only one chunk and one file are ever in memory.
     */
    interface Io {
        /** Keeps the export's next chunk. */
        void chunk(int seq, byte[] bytes);

        /** The files of a folder the family may have. */
        List<FileRef> list(SubjectData.Files folder);

        /** One file's bytes. */
        byte[] content(SubjectData.Files folder, UUID id);
    }

    /** A built export: its digest and size, for whoever downloads it to check. */
    record Built(byte[] sha256, long size) {}

    /** About a megabyte a chunk: large enough to be few, small enough to never matter in memory. */
    static final int CHUNK = 1 << 20;

    /** Blocking (reads files, compresses, writes chunks): call on a worker. */
    Built write(Gathered data, Scope scope, Instant now, Io io) {
        Chunks out = new Chunks(io);
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            JsonArray manifestFiles = new JsonArray();
            Map<String, Object> decoded = new LinkedHashMap<>();
            for (SubjectData.Files folder : data.folders()) {
                for (FileRef file : io.list(folder)) {
                    byte[] content = io.content(folder, file.id());
                    String name = folder.folder() + "/" + file.name();
                    put(zip, name, content);
                    manifestFiles.add(entry(name, content, 1));
                }
            }
            for (Map.Entry<String, Object> file : data.files().entrySet()) {
                Object json = file.getValue() instanceof JsonObject || file.getValue() instanceof JsonArray
                        ? file.getValue()
                        : file.getValue() == null
                                ? new JsonArray()
                                : Json.decodeValue(file.getValue().toString());
                byte[] content = (json instanceof JsonObject o
                                ? o.encodePrettily()
                                : ((JsonArray) json).encodePrettily())
                        .getBytes(StandardCharsets.UTF_8);
                int records = json instanceof JsonArray a ? a.size() : 1;
                put(zip, file.getKey(), content);
                manifestFiles.add(entry(file.getKey(), content, records));
                decoded.put(file.getKey(), json);
            }
            JsonObject manifest = new JsonObject()
                    .put(
                            "scope",
                            new JsonObject()
                                    .put("school", scope.school())
                                    .put("askedBy", scope.askedBy())
                                    .put("person", scope.person())
                                    .put("pupil", scope.pupil())
                                    .put("askedOn", scope.requestedAt().toString())
                                    .put("period", "everything held up to " + now)
                                    .put("note", "Other schools the family uses answer for their own data."))
                    .put("person", data.person().toString())
                    .put("pupil", data.pupil() == null ? null : data.pupil().toString())
                    .put("generatedAt", now.toString())
                    .put("files", manifestFiles)
                    .put("withheld", data.withheld());
            put(zip, "manifest.json", manifest.encodePrettily().getBytes(StandardCharsets.UTF_8));
            put(
                    zip,
                    "index.html",
                    ExportReport.html(scope, decoded, data.withheld(), now, operations)
                            .getBytes(StandardCharsets.UTF_8));
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return new Built(out.digest.digest(), out.size);
    }

    /** The ZIP as it is written, a chunk at a time to the database, with its digest and size as it goes. */
    private static final class Chunks extends java.io.OutputStream {
        private final Io io;
        private final java.security.MessageDigest digest = Digests.sha256();
        private final byte[] buffer = new byte[CHUNK];
        private int used;
        private int seq;
        private long size;

        Chunks(Io io) {
            this.io = io;
        }

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            digest.update(bytes, offset, length);
            size += length;
            while (length > 0) {
                int n = Math.min(length, CHUNK - used);
                System.arraycopy(bytes, offset, buffer, used, n);
                used += n;
                offset += n;
                length -= n;
                if (used == CHUNK) flushChunk();
            }
        }

        @Override
        public void close() {
            if (used > 0) flushChunk();
        }

        private void flushChunk() {
            io.chunk(seq++, java.util.Arrays.copyOf(buffer, used));
            used = 0;
        }
    }

    private static JsonObject entry(String name, byte[] content, int records) {
        return new JsonObject()
                .put("name", name)
                .put("sha256", HexFormat.of().formatHex(Digests.sha256(content)))
                .put("records", records);
    }

    private static void put(ZipOutputStream zip, String name, byte[] content) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(content);
        zip.closeEntry();
    }

    private static String safe(String fileName) {
        return fileName.replaceAll("[^A-Za-z0-9._-]", "_");
    }
}
