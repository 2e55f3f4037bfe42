package app.tandem.directory;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** A roster import's SQL: classes, pupils, parents and their links, each made if missing. */
final class ImportStore {
    private ImportStore() {}

    /** An id, and whether this import made it. */
    record Made(UUID id, boolean created) {}

    /**
     * Of these emails, those whose accounts cannot be a parent's: staff accounts (one email, one
     * account). A parent's account may be another school's too: the person is linked here and sees
     * the child once they accept this school's invitation.
     */
    static Future<List<String>> notParents(SqlClient tx, String[] emails) {
        return tx.preparedQuery("SELECT email FROM person WHERE email = ANY($1) AND kind <> 'parent'")
                .execute(Tuple.of((Object) emails))
                .map(rows -> {
                    List<String> taken = new ArrayList<>();
                    rows.forEach(r -> taken.add(r.getString("email")));
                    return taken;
                });
    }

    static Future<Made> classNamed(SqlClient tx, UUID schoolId, String name, int yearGroup) {
        return made(
                tx,
                """
              WITH added AS (INSERT INTO school_class (school_id, name, year_group) VALUES ($1, $2, $3)
                             ON CONFLICT (school_id, name) DO NOTHING RETURNING id)
              SELECT id, true AS created FROM added
              UNION ALL SELECT id, false FROM school_class WHERE school_id = $1 AND name = $2""",
                Tuple.of(schoolId, name, yearGroup));
    }

    static Future<Made> parentWithEmail(SqlClient tx, UUID schoolId, String email, String name) {
        return made(
                tx,
                """
              SELECT id, created FROM parent_account($1, $2, $3)""",
                Tuple.of(schoolId, email, name));
    }

    /**
     * The pupil with this UPN, made or brought up to date (and active again); `created` false for an
     * update; null when nothing about them changed (then {@link #pupilId} finds them).
     */
    static Future<Made> pupil(SqlClient tx, UUID schoolId, ImportRow r, UUID classId) {
        return tx.preparedQuery(
                        """
              INSERT INTO pupil (school_id, external_ref, first_name, last_name, preferred_name, date_of_birth, year_group, class_id)
              VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
              ON CONFLICT (school_id, external_ref) WHERE external_ref IS NOT NULL DO UPDATE SET
                first_name = EXCLUDED.first_name, last_name = EXCLUDED.last_name, preferred_name = EXCLUDED.preferred_name,
                date_of_birth = EXCLUDED.date_of_birth, year_group = EXCLUDED.year_group, class_id = EXCLUDED.class_id,
                active = true, updated_at = now()
              WHERE (pupil.first_name, pupil.last_name, pupil.preferred_name, pupil.date_of_birth, pupil.year_group, pupil.class_id, pupil.active)
                IS DISTINCT FROM (EXCLUDED.first_name, EXCLUDED.last_name, EXCLUDED.preferred_name, EXCLUDED.date_of_birth,
                                  EXCLUDED.year_group, EXCLUDED.class_id, true)
              RETURNING id, (xmax = 0) AS created""")
                .execute(Tuple.from(new Object[] {
                    schoolId,
                    r.upn(),
                    r.firstName(),
                    r.lastName(),
                    r.preferredName(),
                    r.dateOfBirth(),
                    r.yearGroup(),
                    classId
                }))
                .map(result -> {
                    if (result.size() == 0) return null;
                    Row row = result.iterator().next();
                    return new Made(row.getUUID("id"), row.getBoolean("created"));
                });
    }

    /** The pupil's id when nothing about them changed (see {@link #pupil}). */
    static Future<UUID> pupilId(SqlClient tx, UUID schoolId, String upn) {
        return tx.preparedQuery("SELECT id FROM pupil WHERE school_id = $1 AND external_ref = $2")
                .execute(Tuple.of(schoolId, upn))
                .map(found -> found.iterator().next().getUUID("id"));
    }

    /** Links each parent to their pupil; how many links are new. */
    static Future<Integer> link(SqlClient tx, List<Tuple> links) {
        return tx.preparedQuery(
                        """
              INSERT INTO parent_link (school_id, parent_id, pupil_id, relationship, parental_responsibility)
              VALUES ($1, $2, $3, $4, $5) ON CONFLICT (parent_id, pupil_id) DO NOTHING RETURNING id""")
                .executeBatch(links)
                .map(result -> {
                    int created = 0;
                    for (var rs = result; rs != null; rs = rs.next()) created += rs.size();
                    return created;
                });
    }

    private static Future<Made> made(SqlClient tx, String sql, Tuple params) {
        return tx.preparedQuery(sql).execute(params).map(result -> {
            Row row = result.iterator().next();
            return new Made(row.getUUID("id"), row.getBoolean("created"));
        });
    }
}
