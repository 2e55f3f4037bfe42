package app.tandem.identity;

import app.tandem.platform.Requests;
import app.tandem.platform.Sql;
import app.tandem.platform.SubjectData;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** SQL for accounts as sign-in sees them. */
final class IdentityStore {

    /** An account as sign-in needs it. */
    record Account(
            UUID id,
            UUID schoolId,
            String kind,
            String[] roles,
            String passwordHash,
            String totpSecret,
            boolean active,
            boolean schoolRequiresMfa,
            String email) {}

    Future<Optional<Account>> byEmail(SqlClient sql, String email) {
        return one(sql.preparedQuery(ACCOUNT + " WHERE u.email = $1").execute(Tuple.of(email)));
    }

    Future<Optional<Account>> byId(SqlClient sql, UUID id) {
        return one(sql.preparedQuery(ACCOUNT + " WHERE u.id = $1").execute(Tuple.of(id)));
    }

    private static final String ACCOUNT =
            """
      SELECT u.id, u.school_id, u.kind, u.roles, u.password_hash, u.totp_secret, u.active, u.email,
             s.require_staff_mfa
      FROM app_user u JOIN school_profile s ON s.id = u.school_id""";

    private static Future<Optional<Account>> one(Future<RowSet<Row>> rows) {
        return rows.map(rs -> {
            if (rs.size() == 0) return Optional.empty();
            Row r = rs.iterator().next();
            return Optional.of(new Account(
                    r.getUUID("id"),
                    r.getUUID("school_id"),
                    r.getString("kind"),
                    r.getArrayOfStrings("roles"),
                    r.getString("password_hash"),
                    r.getString("totp_secret"),
                    r.getBoolean("active"),
                    r.getBoolean("require_staff_mfa"),
                    r.getString("email")));
        });
    }

    Future<Void> setPassword(SqlClient sql, UUID userId, String hash) {
        return Sql.run(
                sql,
                "UPDATE app_user SET password_hash = $2, updated_at = now() WHERE id = $1",
                Tuple.of(userId, hash));
    }

    Future<Void> setLanguage(SqlClient sql, UUID userId, String language) {
        return Sql.run(
                sql,
                "UPDATE app_user SET preferred_language = $2, updated_at = now() WHERE id = $1",
                Tuple.of(userId, language));
    }

    Future<RowSet<Row>> me(SqlClient sql, UUID userId) {
        return sql.preparedQuery(
                        """
        SELECT u.id, u.kind, u.display_name, u.email, u.roles, u.totp_secret IS NOT NULL AS mfa_enrolled, u.preferred_language,
               s.id AS school_id, s.name AS school_name, s.time_zone, s.require_staff_mfa
        FROM app_user u JOIN school_profile s ON s.id = u.school_id WHERE u.id = $1""")
                .execute(Tuple.of(userId));
    }

    /** A parent's pupils at every school, each with its school, leaving out any whose link is blocked: a blocked link shows nothing. */
    Future<RowSet<Row>> parentPupils(SqlClient sql, UUID parentId) {
        return sql.preparedQuery(
                        """
        SELECT p.id, p.first_name, p.last_name, p.preferred_name, p.year_group, c.name AS class_name,
               l.relationship, l.parental_responsibility, s.id AS school_id, s.name AS school_name
        FROM pupil_relationship r JOIN pupil_profile p ON p.id = r.pupil_id JOIN school_profile s ON s.id = p.school_id
        JOIN parent_of l ON l.pupil_id = p.id AND l.parent_id = r.person_id LEFT JOIN class_profile c ON c.id = p.class_id
        WHERE r.person_id = $1 AND r.relationship = 'parent'
        ORDER BY p.date_of_birth""")
                .execute(Tuple.of(parentId));
    }

    Future<RowSet<Row>> staffClasses(SqlClient sql, UUID staffId) {
        return sql.preparedQuery(
                        """
        SELECT c.id, c.name, c.year_group FROM teaches t JOIN class_profile c ON c.id = t.class_id
        WHERE t.staff_id = $1 AND c.active ORDER BY c.year_group, c.name""")
                .execute(Tuple.of(staffId));
    }

    Future<RowSet<Row>> pupilMe(SqlClient sql, UUID pupilId) {
        return sql.preparedQuery(
                        """
        SELECT p.id, p.first_name, p.preferred_name, s.id AS school_id, s.name AS school_name, s.time_zone
        FROM pupil_profile p JOIN school_profile s ON s.id = p.school_id WHERE p.id = $1""")
                .execute(Tuple.of(pupilId));
    }

    /** A parent with an account who has never signed in (imported, or added by the school). */
    record Joining(UUID id, String displayName, String email, boolean invited) {}

    /**
     * The school's parents (of one class's pupils, when named) who have not joined at this school:
     * never signed in, or signed in through another school and not yet accepted this one's
     * invitation (their link here counts only once they do). Each says whether a code sent to them
     * is still valid.
     */
    Future<List<Joining>> notYetJoined(SqlClient sql, UUID schoolId, UUID classId, Instant now) {
        return sql.preparedQuery(
                        """
        SELECT u.id, u.display_name, u.email,
               EXISTS (SELECT 1 FROM invitation i WHERE i.user_id = u.id AND i.school_id = $1 AND i.redeemed_at IS NULL
                       AND i.expires_at > $3) AS invited
        FROM app_user u
        WHERE u.kind = 'parent' AND u.active
          AND EXISTS (SELECT 1 FROM standing_link l
                      WHERE l.parent_id = u.id AND l.school_id = $1 AND ($2::uuid IS NULL OR l.class_id = $2))
          AND NOT EXISTS (SELECT 1 FROM joined_school j WHERE j.person_id = u.id AND j.school_id = $1)
        ORDER BY u.display_name, u.id""")
                .execute(Tuple.of(schoolId, classId, Requests.utc(now)))
                .map(rows -> {
                    List<Joining> parents = new ArrayList<>();
                    for (Row r : rows) {
                        parents.add(new Joining(
                                r.getUUID("id"),
                                r.getString("display_name"),
                                r.getString("email"),
                                r.getBoolean("invited")));
                    }
                    return parents;
                });
    }

    Future<Boolean> classInSchool(SqlClient sql, UUID classId, UUID schoolId) {
        return Sql.exists(
                sql,
                "SELECT 1 FROM class_profile WHERE id = $1 AND school_id = $2 AND active",
                Tuple.of(classId, schoolId));
    }

    /** One code each for these parents' own accounts (redeemable only with their email). */
    Future<Void> inviteAccounts(
            SqlClient tx,
            UUID schoolId,
            List<Joining> parents,
            List<byte[]> codeHashes,
            UUID by,
            Instant now,
            Instant expires) {
        List<Tuple> rows = new ArrayList<>();
        for (int i = 0; i < parents.size(); i++) {
            Joining p = parents.get(i);
            rows.add(Tuple.of(
                    schoolId,
                    io.vertx.core.buffer.Buffer.buffer(codeHashes.get(i)),
                    p.displayName(),
                    p.email(),
                    by,
                    Requests.utc(now),
                    Requests.utc(expires),
                    p.id()));
        }
        if (rows.isEmpty()) return Future.succeededFuture();
        return tx.preparedQuery(
                        """
            INSERT INTO invitation (school_id, code_hash, display_name, email, created_by, created_at, expires_at, user_id)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8)""")
                .executeBatch(rows)
                .mapEmpty();
    }

    Future<Void> insertSetupCode(
            SqlClient tx,
            UUID schoolId,
            UUID userId,
            byte[] codeHash,
            String displayName,
            String email,
            UUID createdBy,
            Instant now,
            Instant expires) {
        return Sql.run(
                tx,
                """
            INSERT INTO invitation (school_id, code_hash, display_name, email, created_by, created_at, expires_at, user_id)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8)""",
                Tuple.of(
                        schoolId,
                        io.vertx.core.buffer.Buffer.buffer(codeHash),
                        displayName,
                        email,
                        createdBy,
                        Requests.utc(now),
                        Requests.utc(expires),
                        userId));
    }

    Future<Integer> lapseSetupCodes(SqlClient tx, UUID userId, Instant now) {
        return tx.preparedQuery(
                        "UPDATE invitation SET expires_at = $2 WHERE user_id = $1 AND redeemed_at IS NULL AND expires_at > $2")
                .execute(Tuple.of(userId, Requests.utc(now)))
                .map(RowSet::rowCount);
    }

    /** Spends an authenticator code's time step; false when it (or a later one) was already used. */
    Future<Boolean> spendTotpStep(SqlClient sql, UUID userId, long step) {
        return sql.preparedQuery(
                        "UPDATE app_user SET totp_last_step = $2 WHERE id = $1 AND (totp_last_step IS NULL OR totp_last_step < $2)")
                .execute(Tuple.of(userId, step))
                .map(rows -> rows.rowCount() == 1);
    }

    /** The person's own account, without the secrets that sign them in. (Its part of a subject access export.) */
    static List<SubjectData> subjectData() {
        return List.of(
                SubjectData.Part.person(
                        "account.json",
                        """
        (SELECT jsonb_build_object('name', u.display_name, 'email', u.email, 'accountType', u.kind, 'roles', u.roles,
                  'preferredLanguage', u.preferred_language, 'active', u.active, 'hasSignedIn', u.password_hash IS NOT NULL,
                  'twoStepVerification', u.totp_secret IS NOT NULL, 'createdAt', u.created_at, 'updatedAt', u.updated_at)
         FROM app_user u WHERE u.id = $1)"""));
    }
}
