package app.tandem.audit;

import app.tandem.platform.Digests;
import app.tandem.platform.SubjectData;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.io.ByteArrayOutputStream;
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
            String expression = part instanceof SubjectData.Part p ? p.sql() : ((SubjectData.Withheld) part).sql();
            sql.append(i == 0 ? "" : ",\n  ").append(expression).append(" AS p").append(i);
        }
        this.gather = sql.toString();
    }

    /** The gathered data: each file's JSON, and what was withheld. */
    record Gathered(UUID person, UUID pupil, Map<String, Object> files, JsonArray withheld) {}

    Future<Gathered> gather(Pool pool, UUID person, UUID pupil, UUID school) {
        return SubjectAccessStore.gather(pool, gather, person, pupil, school).map(r -> {
            Map<String, Object> files = new LinkedHashMap<>();
            JsonArray withheld = new JsonArray();
            for (int i = 0; i < parts.size(); i++) {
                Object value = r.getValue("p" + i);
                if (parts.get(i) instanceof SubjectData.Withheld w) {
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
            return new Gathered(person, pupil, files, withheld);
        });
    }

    private static JsonObject withheld(String what, long count, String why) {
        return new JsonObject().put("what", what).put("count", count).put("why", why);
    }

    /** Who asked, about whom, at which school (its zone for dates) and when: the export's scope. */
    record Scope(
            String school, java.time.ZoneId zone, String person, String askedBy, String pupil, Instant requestedAt) {}

    /** Blocking (compresses): call on a worker. */
    byte[] zip(Gathered data, Scope scope, Instant now) {
        try (ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                ZipOutputStream zip = new ZipOutputStream(bytes)) {
            JsonArray manifestFiles = new JsonArray();
            Map<String, Object> decoded = new LinkedHashMap<>();
            for (Map.Entry<String, Object> file : data.files().entrySet()) {
                Object json = file.getValue() instanceof JsonObject || file.getValue() instanceof JsonArray
                        ? file.getValue()
                        : file.getValue() == null
                                ? new JsonArray()
                                : io.vertx.core.json.Json.decodeValue(
                                        file.getValue().toString());
                if (file.getKey().equals("documents.json") && json instanceof JsonArray docs) {
                    for (Object d : docs) {
                        JsonObject doc = (JsonObject) d;
                        byte[] content = java.util.Base64.getMimeDecoder().decode((String) doc.remove("content"));
                        String name = "documents/" + doc.getString("versionId") + "-" + safe(doc.getString("fileName"));
                        doc.put("file", name);
                        put(zip, name, content);
                        manifestFiles.add(entry(name, content, 1));
                    }
                }
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
            zip.finish();
            return bytes.toByteArray();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
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
