package app.tandem.directory;

import app.tandem.platform.Sql;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.Optional;
import java.util.UUID;

/** SQL for schools, their trusts and their first admin, as create-school needs them. */
final class SchoolStore {

    /** A school found by name, with its admin of that email if it has one. */
    record Existing(UUID id, String name, String timeZone, Optional<UUID> adminId, boolean adminHasSignedIn) {}

    /** One create-school at a time, on any replica or command line: the name check then holds. */
    Future<Void> lockSchoolCreation(SqlClient tx) {
        return tx.query("SELECT pg_advisory_xact_lock(hashtext('tandem:create-school'))")
                .execute()
                .mapEmpty();
    }

    Future<Optional<Existing>> byName(SqlClient tx, String name, String adminEmail) {
        return tx.preparedQuery(
                        """
            SELECT s.id, s.name, s.time_zone, u.id AS admin_id, u.signed_in AS admin_signed_in
            FROM school s
            LEFT JOIN person u ON u.school_id = s.id AND u.email = $2 AND u.kind = 'staff' AND 'admin' = ANY (u.roles)
            WHERE lower(btrim(s.name)) = lower(btrim($1))""")
                .execute(Tuple.of(name, adminEmail))
                .map(rows -> first(rows)
                        .map(r -> new Existing(
                                r.getUUID("id"),
                                r.getString("name"),
                                r.getString("time_zone"),
                                Optional.ofNullable(r.getUUID("admin_id")),
                                Boolean.TRUE.equals(r.getBoolean("admin_signed_in")))));
    }

    Future<Boolean> emailTaken(SqlClient tx, String email) {
        return Sql.exists(tx, "SELECT 1 FROM person WHERE email = $1", Tuple.of(email));
    }

    /** The trust of that name, made if there is none yet. */
    Future<UUID> trust(SqlClient tx, String name) {
        return tx.preparedQuery(
                        "SELECT id FROM trust WHERE lower(btrim(name)) = lower(btrim($1)) ORDER BY created_at LIMIT 1")
                .execute(Tuple.of(name))
                .compose(rows -> rows.size() > 0
                        ? Future.succeededFuture(rows.iterator().next().getUUID("id"))
                        : tx.preparedQuery("INSERT INTO trust (name) VALUES ($1) RETURNING id")
                                .execute(Tuple.of(name))
                                .map(inserted -> inserted.iterator().next().getUUID("id")));
    }

    /** A new school; staff must use two-step sign-in until the school's admin decides otherwise. */
    Future<UUID> insertSchool(SqlClient tx, String name, String timeZone, UUID trustId) {
        return tx.preparedQuery(
                        """
            INSERT INTO school (name, time_zone, trust_id, require_staff_mfa) VALUES ($1, $2, $3, true) RETURNING id""")
                .execute(Tuple.of(name, timeZone, trustId))
                .map(rows -> rows.iterator().next().getUUID("id"));
    }

    Future<UUID> insertAdmin(SqlClient tx, UUID schoolId, String email, String displayName) {
        return tx.preparedQuery("""
            SELECT add_account($1, 'staff', $2, $3, '{admin}') AS id""")
                .execute(Tuple.of(schoolId, email, displayName))
                .map(rows -> rows.iterator().next().getUUID("id"));
    }

    private static Optional<Row> first(RowSet<Row> rows) {
        return rows.size() == 0 ? Optional.empty() : Optional.of(rows.iterator().next());
    }
}
