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
 * owner. What an owner publishes for the others (views to read, functions to write) is listed in the
 * README too ("What each owner publishes"), and every view in the migrations must be there.
 */
class TableOwnersTest {
    private static final Path ROOT = Path.of(System.getProperty("user.dir"));
    private static final Path SOURCES = ROOT.resolve("src/main/java/app/tandem");
    private static final Path README = ROOT.resolve("../README.md");

    /** Seed data writes every table: it stands in for the people who would use the API. */
    private static final Set<String> EXEMPT = Set.of("demo");

    /** A table named where SQL names tables: after FROM, JOIN, INTO, UPDATE or TABLE. */
    private static final Pattern TABLE_IN_SQL =
            Pattern.compile("\\b(?:FROM|JOIN|INTO|UPDATE|TABLE)\\s+([a-z_][a-z0-9_]*)\\b");

    private static final Pattern TEXT_BLOCK = Pattern.compile("\"\"\"(.*?)\"\"\"", Pattern.DOTALL);
    private static final Pattern STRING = Pattern.compile("\"((?:[^\"\\\\\\n]|\\\\.)*)\"");

    @Test
    void everyTableIsNamedOnlyByItsOwner() throws IOException {
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
        assertEquals(
                Set.of(),
                found,
                "SQL names a table another package owns: use the owner's Java API, or a view or function it publishes");
    }

    @Test
    void everyViewInTheMigrationsIsPublishedByAnOwnerInTheReadme() throws IOException {
        Map<String, String> published = section("### What each owner publishes");
        Set<String> views = new TreeSet<>();
        try (Stream<Path> files = Files.list(ROOT.resolve("src/main/resources/db/migration"))) {
            for (Path file : files.toList()) {
                Matcher m = Pattern.compile("CREATE VIEW ([a-z_]+)").matcher(Files.readString(file));
                while (m.find()) views.add(m.group(1));
            }
        }
        Set<String> unpublished = new TreeSet<>(views);
        unpublished.removeAll(published.keySet());
        assertEquals(Set.of(), unpublished, "views no owner publishes in the README");
        Set<String> tables = owners().keySet();
        for (String name : published.keySet())
            assertTrue(!tables.contains(name), name + " is both a table and something published");
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
        return section("### Who owns which table");
    }

    /** Lines "- `package`: `name`, `name()`, ..." under a heading of the README, name to package. */
    private static Map<String, String> section(String heading) throws IOException {
        String readme = Files.readString(README);
        int start = readme.indexOf(heading);
        assertTrue(start >= 0, "the README has no \"" + heading + "\" section");
        String section = readme.substring(start, readme.indexOf("\n#", start + 5));
        Map<String, String> owners = new TreeMap<>();
        Matcher line = Pattern.compile("(?m)^- `([a-z]+)`: (.+)$").matcher(section);
        while (line.find()) {
            Matcher table = Pattern.compile("`([a-z_]+)(?:\\(\\))?`").matcher(line.group(2));
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
