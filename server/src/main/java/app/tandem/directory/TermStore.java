package app.tandem.directory;

import app.tandem.platform.Sql;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** A school's term dates. Other capabilities read a term's end through the published `term_end()`. */
final class TermStore {
    private TermStore() {}

    /** One term: its name and first and last days. */
    record Term(String name, LocalDate startsOn, LocalDate endsOn) {}

    static Future<List<Term>> list(SqlClient sql, UUID schoolId) {
        return sql.preparedQuery(
                        "SELECT name, starts_on, ends_on FROM school_term WHERE school_id = $1 ORDER BY starts_on")
                .execute(Tuple.of(schoolId))
                .map(rows -> Sql.list(
                        rows,
                        r -> new Term(r.getString("name"), r.getLocalDate("starts_on"), r.getLocalDate("ends_on"))));
    }

    /**
     * Replaces the school's terms from the first one given onwards (a term still running then is
     * replaced too, so what is kept ends before the first new term starts). One change to a school's
     * terms at a time: two at once would each delete, then insert over the other.
     */
    static Future<Void> replaceFrom(SqlClient tx, UUID schoolId, List<Term> terms) {
        return Sql.run(
                        tx,
                        "SELECT pg_advisory_xact_lock(hashtext('tandem:terms:' || $1))",
                        Tuple.of(schoolId.toString()))
                .compose(v -> Sql.run(
                        tx,
                        "DELETE FROM school_term WHERE school_id = $1 AND ends_on >= $2",
                        Tuple.of(schoolId, terms.get(0).startsOn())))
                .compose(v -> Sql.run(
                        tx,
                        """
                INSERT INTO school_term (school_id, name, starts_on, ends_on)
                SELECT $1, * FROM unnest($2::text[], $3::date[], $4::date[])""",
                        Tuple.of(
                                schoolId,
                                terms.stream().map(Term::name).toArray(String[]::new),
                                terms.stream().map(Term::startsOn).toArray(LocalDate[]::new),
                                terms.stream().map(Term::endsOn).toArray(LocalDate[]::new))));
    }
}
