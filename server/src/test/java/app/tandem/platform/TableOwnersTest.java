package app.tandem.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every table has one owning package, written in the README ("Who owns which table"): only its
 * owner's SQL names it; others go through the owner's Java API or a view or function the owner
 * publishes. This test reads the SQL in each package's Java and fails on a table named outside its
 * owner, except the pairs still listed in {@link #NOT_YET_MOVED}, a list that may only shrink: a
 * pair that no longer occurs must be taken off it.
 */
class TableOwnersTest {
    private static final Path ROOT = Path.of(System.getProperty("user.dir"));
    private static final Path SOURCES = ROOT.resolve("src/main/java/app/tandem");
    private static final Path README = ROOT.resolve("../README.md");

    /** Seed data writes every table: it stands in for the people who would use the API. */
    private static final Set<String> EXEMPT = Set.of("demo");

    /** "package reads or writes table (owned by owner)" pairs not yet moved behind their owner's API. */
    private static final Set<String> NOT_YET_MOVED = Set.of(
            "audit -> app_user (identity)",
            "audit -> document_share (documents)",
            "audit -> parent_link (directory)",
            "audit -> pupil (directory)",
            "audit -> school (directory)",
            "directory -> app_user (identity)",
            "documents -> app_user (identity)",
            "documents -> pupil (directory)",
            "documents -> school (directory)",
            "identity -> class_teacher (directory)",
            "identity -> parent_link (directory)",
            "identity -> pupil (directory)",
            "identity -> school (directory)",
            "identity -> school_class (directory)",
            "meetings -> app_user (identity)",
            "meetings -> document_share (documents)",
            "meetings -> document_version (documents)",
            "meetings -> pupil (directory)",
            "meetings -> school (directory)",
            "meetings -> sen_status_change (record)",
            "messaging -> app_user (identity)",
            "messaging -> attachment (attachments)",
            "messaging -> parent_link (directory)",
            "messaging -> pupil (directory)",
            "messaging -> pupil_view (voice)",
            "messaging -> school (directory)",
            "notices -> app_user (identity)",
            "notices -> attachment (attachments)",
            "notices -> class_teacher (directory)",
            "notices -> pupil (directory)",
            "push -> app_user (identity)",
            "push -> school (directory)",
            "record -> app_user (identity)",
            "record -> conversation (messaging)",
            "record -> conversation_participant (messaging)",
            "record -> meeting (meetings)",
            "record -> notice (notices)",
            "record -> notice_recipient (notices)",
            "record -> pupil (directory)",
            "voice -> annual_review (meetings)",
            "voice -> app_user (identity)",
            "voice -> meeting (meetings)",
            "voice -> outcome (record)",
            "voice -> pupil (directory)",
            "voice -> review_cycle (record)",
            "voice -> sen_status_change (record)");

    /** A table named where SQL names tables: after FROM, JOIN, INTO, UPDATE or TABLE. */
    private static final Pattern TABLE_IN_SQL =
            Pattern.compile("\\b(?:FROM|JOIN|INTO|UPDATE|TABLE)\\s+([a-z_][a-z0-9_]*)\\b");

    private static final Pattern TEXT_BLOCK = Pattern.compile("\"\"\"(.*?)\"\"\"", Pattern.DOTALL);
    private static final Pattern STRING = Pattern.compile("\"((?:[^\"\\\\\\n]|\\\\.)*)\"");

    @Test
    void everyTableIsNamedOnlyByItsOwnerOrByAPairStillListedAsNotYetMoved() throws IOException {
        Map<String, String> owners = owners();
        Set<String> found = new TreeSet<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String pkg = SOURCES.relativize(file.getParent()).toString();
                if (pkg.isEmpty() || pkg.equals("platform") || EXEMPT.contains(pkg)) continue;
                for (String table : tablesIn(Files.readString(file))) {
                    String owner = owners.get(table);
                    if (owner != null && !owner.equals(pkg)) found.add(pkg + " -> " + table + " (" + owner + ")");
                }
            }
        }
        Set<String> unlisted = new TreeSet<>(found);
        unlisted.removeAll(NOT_YET_MOVED);
        assertEquals(
                Set.of(),
                unlisted,
                "SQL names a table another package owns: use the owner's Java API or a view it publishes");
        Set<String> moved = new TreeSet<>(NOT_YET_MOVED);
        moved.removeAll(found);
        assertEquals(Set.of(), moved, "these pairs no longer occur: take them off NOT_YET_MOVED");
    }

    @Test
    void everyTableInTheMigrationsHasAnOwnerInTheReadme() throws IOException {
        Map<String, String> owners = owners();
        Set<String> tables = new TreeSet<>();
        try (Stream<Path> files = Files.list(ROOT.resolve("src/main/resources/db/migration"))) {
            for (Path file : files.toList()) {
                Matcher m = Pattern.compile("CREATE TABLE ([a-z_]+)").matcher(Files.readString(file));
                while (m.find()) tables.add(m.group(1));
            }
        }
        Set<String> unowned = new TreeSet<>(tables);
        unowned.removeAll(owners.keySet());
        assertEquals(Set.of(), unowned, "tables with no owner in the README");
        assertTrue(tables.containsAll(owners.keySet()), "the README names a table the migrations do not create");
    }

    /** The README's map: lines "- `package`: `table`, `table`, ..." under "Who owns which table". */
    static Map<String, String> owners() throws IOException {
        String readme = Files.readString(README);
        int start = readme.indexOf("### Who owns which table");
        assertTrue(start >= 0, "the README has no \"Who owns which table\" section");
        String section = readme.substring(start, readme.indexOf("\n#", start + 5));
        Map<String, String> owners = new TreeMap<>();
        Matcher line = Pattern.compile("(?m)^- `([a-z]+)`: (.+)$").matcher(section);
        while (line.find()) {
            Matcher table = Pattern.compile("`([a-z_]+)`").matcher(line.group(2));
            while (table.find()) {
                String previous = owners.put(table.group(1), line.group(1));
                assertEquals(null, previous, table.group(1) + " has two owners");
            }
        }
        return owners;
    }

    private static Set<String> tablesIn(String java) {
        Set<String> tables = new TreeSet<>();
        Matcher blocks = TEXT_BLOCK.matcher(java);
        StringBuilder rest = new StringBuilder();
        int last = 0;
        while (blocks.find()) {
            collect(blocks.group(1), tables);
            rest.append(java, last, blocks.start());
            last = blocks.end();
        }
        rest.append(java.substring(last));
        // Literals in source order, joined: SQL split as "... FROM " + "table ..." reads as one.
        StringBuilder literals = new StringBuilder();
        Matcher strings = STRING.matcher(rest);
        while (strings.find()) literals.append(strings.group(1)).append(' ');
        collect(literals.toString(), tables);
        return tables;
    }

    private static void collect(String sql, Set<String> tables) {
        Matcher m = TABLE_IN_SQL.matcher(sql);
        while (m.find()) tables.add(m.group(1));
    }
}
