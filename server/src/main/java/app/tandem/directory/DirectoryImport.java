package app.tandem.directory;

import app.tandem.platform.Caller;
import app.tandem.platform.Caller.Role;
import app.tandem.platform.FieldError;
import app.tandem.platform.Problem;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Imports pupils and parents from an information-system export (one row per pupil–parent pair).
 * Every row is checked before anything is written; the writes are one transaction; and re-running
 * the same file changes nothing. Existing links keep the school's safeguarding decisions
 * (contact blocks), which an export never overrides.
 */
record DirectoryImport(Pool pool, Runnable forgetLocally) {
    static final int MAX_ROWS = 10_000;

    /** Thrown inside a dry run's transaction to roll it back after counting. */
    private static final class DryRun extends RuntimeException {
        final Tally counts;

        DryRun(Tally counts) {
            super(null, null, false, false);
            this.counts = counts;
        }
    }

    /** What an import has made so far. */
    private static final class Tally {
        int classesCreated, pupilsCreated, pupilsUpdated, parentsCreated, linksCreated;

        DirectoryAnswers.Imported answer(boolean dryRun, int rows) {
            return new DirectoryAnswers.Imported(
                    dryRun, rows, classesCreated, pupilsCreated, pupilsUpdated, parentsCreated, linksCreated);
        }
    }

    Future<DirectoryAnswers.Imported> run(Caller caller, String csv, boolean dryRun) {
        caller.requireStaff(Role.ADMIN);
        List<ImportRow> rows = parse(csv);
        return pool.withTransaction(tx -> checkAccounts(tx, caller, rows)
                        .compose(v -> write(tx, caller, rows))
                        .compose(counts -> dryRun
                                ? Future.<Tally>failedFuture(new DryRun(counts))
                                : DirectoryChanges.announce(tx).map(counts)))
                .onSuccess(done -> forgetLocally.run())
                .recover(ex -> ex instanceof DryRun d ? Future.succeededFuture(d.counts) : Future.failedFuture(ex))
                .map(counts -> counts.answer(dryRun, rows.size()));
    }

    static List<ImportRow> parse(String csv) {
        CSVFormat format = CSVFormat.DEFAULT
                .builder()
                .setHeader()
                .setSkipHeaderRecord(true)
                .setIgnoreEmptyLines(true)
                .setTrim(true)
                .setIgnoreSurroundingSpaces(true)
                .get();
        List<FieldError> errors = new ArrayList<>();
        List<ImportRow> rows = new ArrayList<>();
        try (CSVParser parser =
                CSVParser.parse(new StringReader(csv.startsWith("\uFEFF") ? csv.substring(1) : csv), format)) {
            for (String column : ImportRow.COLUMNS) {
                if (!parser.getHeaderMap().containsKey(column))
                    errors.add(new FieldError("header", "has no \"" + column + "\" column."));
            }
            if (!errors.isEmpty()) throw Problem.invalid(errors);
            for (CSVRecord record : parser) {
                if (rows.size() + errors.size() >= MAX_ROWS)
                    throw Problem.invalid("body", "has more than " + MAX_ROWS + " rows.");
                ImportRow row = ImportRow.parse(record, (int) record.getRecordNumber() + 1, errors);
                if (row != null) rows.add(row);
            }
        } catch (IOException | IllegalStateException | java.io.UncheckedIOException ex) {
            throw Problem.invalid(
                    "body",
                    "is not readable CSV: "
                            + ex.getMessage().lines().findFirst().orElse(""));
        }
        if (rows.isEmpty() && errors.isEmpty()) throw Problem.invalid("body", "has no rows.");
        consistent(rows, errors);
        if (!errors.isEmpty()) throw Problem.invalid(errors.subList(0, Math.min(errors.size(), 200)));
        return rows;
    }

    /** A pupil appears once per parent: their own details must agree on every row. */
    private static void consistent(List<ImportRow> rows, List<FieldError> errors) {
        Map<String, ImportRow> first = new HashMap<>();
        for (ImportRow row : rows) {
            ImportRow seen = first.putIfAbsent(row.upn(), row);
            if (seen != null
                    && (!seen.lastName().equals(row.lastName())
                            || !seen.dateOfBirth().equals(row.dateOfBirth())
                            || seen.yearGroup() != row.yearGroup())) {
                errors.add(ImportRow.error(
                        row.line(), "UPN", "appears on row " + seen.line() + " with different pupil details."));
            }
        }
    }

    /** Contact emails must be new, or a parent's (of this school or another): never staff. */
    private Future<Void> checkAccounts(SqlClient tx, Caller caller, List<ImportRow> rows) {
        String[] emails = rows.stream().map(ImportRow::contactEmail).distinct().toArray(String[]::new);
        return ImportStore.notParents(tx, emails).compose(taken -> {
            if (taken.isEmpty()) return Future.succeededFuture();
            List<FieldError> errors = new ArrayList<>();
            rows.stream()
                    .filter(r -> taken.contains(r.contactEmail()))
                    .forEach(r -> errors.add(ImportRow.error(
                            r.line(),
                            "Contact Email",
                            "cannot be used for a parent here; ask the parent for another email address.")));
            return Future.failedFuture(Problem.invalid(errors));
        });
    }

    private Future<Tally> write(SqlClient tx, Caller caller, List<ImportRow> rows) {
        UUID school = caller.schoolId();
        Tally counts = new Tally();
        Map<String, UUID> classes = new HashMap<>();
        Map<String, UUID> pupils = new HashMap<>();
        Map<String, UUID> parents = new HashMap<>();
        Map<String, ImportRow> byClass = new LinkedHashMap<>();
        rows.stream().filter(r -> r.className() != null).forEach(r -> byClass.putIfAbsent(r.className(), r));
        Map<String, ImportRow> byPupil = new LinkedHashMap<>();
        rows.forEach(r -> byPupil.putIfAbsent(r.upn(), r));
        Map<String, ImportRow> byParent = new LinkedHashMap<>();
        rows.forEach(r -> byParent.putIfAbsent(r.contactEmail(), r));

        Future<Void> work = Future.succeededFuture();
        for (ImportRow r : byClass.values()) {
            work = work.compose(v -> ImportStore.classNamed(tx, school, r.className(), r.yearGroup())
                    .map(made -> classes.put(r.className(), counted(made, () -> counts.classesCreated++)))
                    .mapEmpty());
        }
        for (ImportRow r : byPupil.values()) {
            work = work.compose(
                    v -> ImportStore.pupil(tx, school, r, r.className() == null ? null : classes.get(r.className()))
                            .compose(made -> {
                                if (made == null) return ImportStore.pupilId(tx, school, r.upn());
                                if (made.created()) counts.pupilsCreated++;
                                else counts.pupilsUpdated++;
                                return Future.succeededFuture(made.id());
                            })
                            .map(id -> pupils.put(r.upn(), id))
                            .mapEmpty());
        }
        for (ImportRow r : byParent.values()) {
            work = work.compose(v -> ImportStore.parentWithEmail(tx, school, r.contactEmail(), r.contactName())
                    .map(made -> parents.put(r.contactEmail(), counted(made, () -> counts.parentsCreated++)))
                    .mapEmpty());
        }
        return work.compose(v -> ImportStore.link(
                        tx,
                        rows.stream()
                                .map(r -> Tuple.of(
                                        school,
                                        parents.get(r.contactEmail()),
                                        pupils.get(r.upn()),
                                        r.relationship(),
                                        r.parentalResponsibility()))
                                .toList()))
                .map(created -> {
                    counts.linksCreated = created;
                    return counts;
                });
    }

    /** The id made or found, counting it when this import made it. */
    private static UUID counted(ImportStore.Made made, Runnable count) {
        if (made.created()) count.run();
        return made.id();
    }
}
