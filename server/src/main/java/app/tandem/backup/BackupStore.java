package app.tandem.backup;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.DigestInputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * The database as a ZIP of PostgreSQL's own COPY output, one entry a table, read in one
 * repeatable-read snapshot so every table is of the same moment: `manifest.json` first (schema
 * version, tables and their columns, sequences, which keys are inside), the keys, the tables, and
 * `checksums.json` last (rows and SHA-256 of each table's entry). Loading checks every checksum
 * before it commits, so a damaged file changes nothing. Blocking: run on a worker or a command's
 * own thread.
 */
final class BackupStore {
    static final int FORMAT = 1;

    private BackupStore() {}

    /** What a backup says of itself. */
    record Manifest(
            int format,
            String schemaVersion,
            Instant createdAt,
            JsonArray tables,
            JsonObject sequences,
            List<String> keys) {
        JsonObject json() {
            return new JsonObject()
                    .put("format", format)
                    .put("schemaVersion", schemaVersion)
                    .put("createdAt", createdAt.toString())
                    .put("tables", tables)
                    .put("sequences", sequences)
                    .put("keys", new JsonArray(keys));
        }

        static Manifest of(JsonObject j) {
            return new Manifest(
                    j.getInteger("format"),
                    j.getString("schemaVersion"),
                    Instant.parse(j.getString("createdAt")),
                    j.getJsonArray("tables"),
                    j.getJsonObject("sequences"),
                    j.getJsonArray("keys").stream().map(Object::toString).toList());
        }
    }

    /** Writes the database (and the key files given) to the ZIP stream; what it wrote. */
    static Contents dump(Connection c, Map<String, byte[]> keys, OutputStream out, Instant now)
            throws SQLException, IOException {
        c.setAutoCommit(false);
        c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        c.setReadOnly(true);
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            JsonArray tables = tables(c);
            Manifest manifest =
                    new Manifest(FORMAT, schemaVersion(c), now, tables, sequences(c), List.copyOf(keys.keySet()));
            entry(zip, "manifest.json", manifest.json().encodePrettily().getBytes(StandardCharsets.UTF_8));
            for (Map.Entry<String, byte[]> key : keys.entrySet()) entry(zip, "keys/" + key.getKey(), key.getValue());
            CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
            JsonObject checksums = new JsonObject();
            Map<String, Long> counted = new LinkedHashMap<>();
            for (int i = 0; i < tables.size(); i++) {
                JsonObject t = tables.getJsonObject(i);
                zip.putNextEntry(new ZipEntry("tables/" + t.getString("name") + ".copy"));
                DigestOutputStream digest = new DigestOutputStream(new NonClosing(zip), sha256());
                long rows = copy.copyOut("COPY " + target(t) + " TO STDOUT", digest);
                zip.closeEntry();
                counted.put(t.getString("name"), rows);
                checksums.put(
                        t.getString("name"),
                        new JsonObject()
                                .put("rows", rows)
                                .put(
                                        "sha256",
                                        HexFormat.of()
                                                .formatHex(digest.getMessageDigest()
                                                        .digest())));
            }
            entry(zip, "checksums.json", checksums.encodePrettily().getBytes(StandardCharsets.UTF_8));
            c.commit();
            return new Contents(manifest, keys, counted);
        } finally {
            c.setReadOnly(false);
        }
    }

    /** What a backup holds: its manifest, its keys, and each table's rows, once every checksum is checked. */
    record Contents(Manifest manifest, Map<String, byte[]> keys, Map<String, Long> rows) {}

    /**
     * Reads a backup through, checking each table's checksum, loading nothing; the contents as read.
     */
    static Contents verify(InputStream in) throws IOException {
        return read(in, null);
    }

    /**
     * Loads a backup into an empty database already migrated to the backup's schema version, in one
     * transaction committed only when every table's checksum matches; foreign keys and the audit
     * log's append-only triggers wait while it loads (session_replication_role, so it needs a
     * superuser: the embedded server's, or the operator's).
     */
    static Contents load(Connection c, InputStream in) throws IOException, SQLException {
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            s.execute("SET LOCAL session_replication_role = replica");
        }
        emptyTables(c);
        try {
            Contents contents = read(in, c);
            c.commit();
            return contents;
        } catch (IOException | SQLException | RuntimeException ex) {
            c.rollback();
            throw ex;
        }
    }

    /** The schema version the backup needs, from its first entry. */
    static Manifest manifest(InputStream in) throws IOException {
        ZipInputStream zip = new ZipInputStream(in);
        ZipEntry first = zip.getNextEntry();
        if (first == null || !first.getName().equals("manifest.json"))
            throw new IOException("the backup has no manifest: it is damaged or not a Tandem backup");
        return Manifest.of(new JsonObject(new String(zip.readAllBytes(), StandardCharsets.UTF_8)));
    }

    private static Contents read(InputStream in, Connection load) throws IOException {
        ZipInputStream zip = new ZipInputStream(in);
        ZipEntry first = zip.getNextEntry();
        if (first == null || !first.getName().equals("manifest.json"))
            throw new IOException("the backup has no manifest: it is damaged or not a Tandem backup");
        Manifest manifest = Manifest.of(new JsonObject(new String(zip.readAllBytes(), StandardCharsets.UTF_8)));
        if (manifest.format() != FORMAT) throw new IOException("unknown backup format " + manifest.format());
        Map<String, JsonObject> tables = new LinkedHashMap<>();
        manifest.tables().forEach(t -> tables.put(((JsonObject) t).getString("name"), (JsonObject) t));
        Map<String, byte[]> keys = new LinkedHashMap<>();
        Map<String, String> digests = new LinkedHashMap<>();
        Map<String, Long> rows = new LinkedHashMap<>();
        JsonObject checksums = null;
        try {
            CopyManager copy =
                    load == null ? null : load.unwrap(PGConnection.class).getCopyAPI();
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                String name = e.getName();
                if (name.startsWith("keys/")) {
                    keys.put(name.substring("keys/".length()), zip.readAllBytes());
                } else if (name.startsWith("tables/") && name.endsWith(".copy")) {
                    String table = name.substring("tables/".length(), name.length() - ".copy".length());
                    JsonObject t = tables.get(table);
                    if (t == null)
                        throw new IOException("the backup holds a table its manifest does not name: " + table);
                    DigestInputStream digest = new DigestInputStream(new NonClosingIn(zip), sha256());
                    long n = copy != null
                            ? copy.copyIn("COPY " + target(t) + " FROM STDIN", digest)
                            : countLines(digest);
                    digests.put(
                            table,
                            HexFormat.of().formatHex(digest.getMessageDigest().digest()));
                    rows.put(table, n);
                } else if (name.equals("checksums.json")) {
                    checksums = new JsonObject(new String(zip.readAllBytes(), StandardCharsets.UTF_8));
                }
            }
            if (checksums == null) throw new IOException("the backup ends early: it has no checksums");
            for (String table : tables.keySet()) {
                JsonObject expected = checksums.getJsonObject(table);
                if (expected == null || !expected.getString("sha256").equals(digests.get(table)))
                    throw new IOException("table " + table + " does not match its checksum: the backup is damaged");
            }
            if (load != null) restoreSequences(load, manifest.sequences());
        } catch (SQLException ex) {
            throw new IOException("loading the backup failed: " + ex.getMessage(), ex);
        }
        return new Contents(manifest, keys, rows);
    }

    /** Rows the migrations themselves wrote (defaults, seeds) give way to the backup's. */
    private static void emptyTables(Connection c) throws SQLException {
        JsonArray tables = tables(c);
        if (tables.isEmpty()) return;
        StringBuilder sql = new StringBuilder("TRUNCATE ");
        for (int i = 0; i < tables.size(); i++)
            sql.append(i == 0 ? "" : ", ")
                    .append("public.")
                    .append(quote(tables.getJsonObject(i).getString("name")));
        try (Statement s = c.createStatement()) {
            s.execute(sql.toString());
        }
    }

    /** The tables of the schema (not Flyway's history: the schema is made by the migrations) and their columns. */
    private static JsonArray tables(Connection c) throws SQLException {
        JsonArray tables = new JsonArray();
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(
                        """
                SELECT c.relname,
                       array_to_string(ARRAY(SELECT quote_ident(a.attname) FROM pg_attribute a
                                             WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
                                               AND a.attgenerated = '' ORDER BY a.attnum), ',') AS columns
                FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND c.relname <> 'flyway_schema_history'
                ORDER BY c.relname""")) {
            while (rs.next())
                tables.add(new JsonObject().put("name", rs.getString(1)).put("columns", rs.getString(2)));
        }
        return tables;
    }

    private static String target(JsonObject table) {
        return "public." + quote(table.getString("name")) + " (" + table.getString("columns") + ")";
    }

    private static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    private static JsonObject sequences(Connection c) throws SQLException {
        List<String> names = new ArrayList<>();
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(
                        "SELECT sequencename FROM pg_sequences WHERE schemaname = 'public' ORDER BY sequencename")) {
            while (rs.next()) names.add(rs.getString(1));
        }
        JsonObject sequences = new JsonObject();
        for (String name : names) {
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT last_value, is_called FROM public." + quote(name))) {
                rs.next();
                sequences.put(
                        name, new JsonObject().put("lastValue", rs.getLong(1)).put("isCalled", rs.getBoolean(2)));
            }
        }
        return sequences;
    }

    private static void restoreSequences(Connection c, JsonObject sequences) throws SQLException {
        for (String name : sequences.fieldNames()) {
            JsonObject v = sequences.getJsonObject(name);
            try (var s = c.prepareStatement("SELECT setval(?::regclass, ?, ?)")) {
                s.setString(1, "public." + quote(name));
                s.setLong(2, v.getLong("lastValue"));
                s.setBoolean(3, v.getBoolean("isCalled"));
                s.execute();
            }
        }
    }

    /** How many tables the database has (0: empty, a restore may go in). */
    static long tableCount(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** One backup at a time across replicas: a session advisory lock, held while the connection is. */
    static boolean tryLock(Connection c, long key) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT pg_try_advisory_lock(" + key + ")")) {
            return rs.next() && rs.getBoolean(1);
        }
    }

    /** The installed schema version (Flyway's history), null for an empty database. */
    static String schemaVersion(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(
                        """
                SELECT version FROM flyway_schema_history WHERE success AND version IS NOT NULL
                ORDER BY installed_rank DESC LIMIT 1""")) {
            return rs.next() ? rs.getString(1) : null;
        } catch (SQLException none) {
            c.rollback();
            return null;
        }
    }

    private static void entry(ZipOutputStream zip, String name, byte[] content) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(content);
        zip.closeEntry();
    }

    private static long countLines(InputStream in) throws IOException {
        long lines = 0;
        byte[] buffer = new byte[65536];
        for (int n = in.read(buffer); n > 0; n = in.read(buffer))
            for (int i = 0; i < n; i++) if (buffer[i] == '\n') lines++;
        return lines;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** The ZIP entry's stream, which COPY must not close (the next entry follows). */
    private static final class NonClosing extends java.io.FilterOutputStream {
        NonClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }

    private static final class NonClosingIn extends java.io.FilterInputStream {
        NonClosingIn(InputStream in) {
            super(in);
        }

        @Override
        public void close() {}
    }
}
