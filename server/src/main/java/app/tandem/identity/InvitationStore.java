package app.tandem.identity;

import app.tandem.platform.Requests;
import app.tandem.platform.Sql;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Invitations' SQL: made, looked up by their code's hash, and redeemed into an account. */
final class InvitationStore {
    private InvitationStore() {}

    /** A new invitation (for a young person when `youngPersonId` is set); its id. */
    static Future<UUID> insert(
            SqlClient tx,
            UUID schoolId,
            String code,
            String displayName,
            String email,
            UUID createdBy,
            Instant now,
            Instant expires,
            UUID youngPersonId) {
        return tx.preparedQuery(
                        """
            INSERT INTO invitation (school_id, code_hash, display_name, email, created_by, created_at, expires_at,
                                    young_person_id)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id""")
                .execute(Tuple.from(new Object[] {
                    schoolId,
                    hash(code),
                    displayName,
                    email,
                    createdBy,
                    Requests.utc(now),
                    Requests.utc(expires),
                    youngPersonId
                }))
                .map(rows -> rows.iterator().next().getUUID("id"));
    }

    /** The pupils an invitation links its parent to. */
    static Future<Void> addPupils(SqlClient tx, UUID invitationId, List<InvitationService.InvitedPupil> pupils) {
        return tx.preparedQuery(
                        "INSERT INTO invitation_pupil (invitation_id, pupil_id, relationship, parental_responsibility) VALUES ($1, $2, $3, $4)")
                .executeBatch(pupils.stream()
                        .map(p -> Tuple.of(invitationId, p.pupilId(), p.relationship(), p.parentalResponsibility()))
                        .toList())
                .mapEmpty();
    }

    /** The school's name and time zone, for the email. */
    static Future<Row> school(SqlClient tx, UUID schoolId) {
        return tx.preparedQuery("SELECT name, time_zone FROM school_profile WHERE id = $1")
                .execute(Tuple.of(schoolId))
                .map(rows -> rows.iterator().next());
    }

    /** Locks a current, unused invitation for this code (and email, when the school gave one). */
    static Future<Optional<Row>> claim(SqlClient tx, String code, String email, Instant now) {
        return tx.preparedQuery(
                        """
            SELECT id, school_id, display_name, user_id, young_person_id FROM invitation
            WHERE code_hash = $1 AND redeemed_at IS NULL AND expires_at > $2 AND (email IS NULL OR email = $3)
            FOR UPDATE""")
                .execute(Tuple.of(hash(code), Requests.utc(now), email))
                .map(rows -> rows.size() == 0
                        ? Optional.empty()
                        : Optional.of(rows.iterator().next()));
    }

    /** Whether the code is current but was sent for another email address. */
    static Future<Boolean> forAnotherEmail(SqlClient sql, String code, String email, Instant now) {
        return sql.preparedQuery(
                        """
            SELECT 1 FROM invitation WHERE code_hash = $1 AND redeemed_at IS NULL AND expires_at > $2 AND email <> $3""")
                .execute(Tuple.of(hash(code), Requests.utc(now), email))
                .map(rows -> rows.size() > 0);
    }

    /** A parent's new account; its id. */
    static Future<UUID> newParent(SqlClient tx, UUID schoolId, String email, String displayName, String passwordHash) {
        return tx.preparedQuery(
                        """
              INSERT INTO app_user (school_id, kind, email, display_name, password_hash)
              VALUES ($1, 'parent', $2, $3, $4) RETURNING id""")
                .execute(Tuple.of(schoolId, email, displayName, passwordHash))
                .map(rows -> rows.iterator().next().getUUID("id"));
    }

    /** Links the parent to the invitation's pupils (a link they already have stays as it is). */
    static Future<Void> linkPupils(SqlClient tx, UUID invitationId, UUID schoolId, UUID parentId) {
        return Sql.run(
                tx,
                """
                SELECT link_parent($2, $3, ip.pupil_id, ip.relationship, ip.parental_responsibility)
                FROM invitation_pupil ip WHERE ip.invitation_id = $1""",
                Tuple.of(invitationId, schoolId, parentId));
    }

    static Future<Void> redeemed(SqlClient tx, UUID invitationId, UUID by, Instant now) {
        return Sql.run(
                tx,
                "UPDATE invitation SET redeemed_at = $2, redeemed_by = $3 WHERE id = $1",
                Tuple.of(invitationId, Requests.utc(now), by));
    }

    /** A young person's own account, with the pupil's id (they sign in as the pupil). */
    static Future<Void> newYoungPerson(
            SqlClient tx, UUID pupilId, String email, String displayName, String passwordHash) {
        return Sql.run(
                tx,
                """
            INSERT INTO app_user (id, school_id, kind, email, display_name, password_hash, pupil_id)
            SELECT p.id, p.school_id, 'young-person', $2, $3, $4, p.id FROM pupil_profile p WHERE p.id = $1 AND p.active""",
                Tuple.of(pupilId, email, displayName, passwordHash));
    }

    /** The pupil about to be invited as a young person, locked: name, transfer date, and what stands in the way. */
    static Future<Row> youngPersonToInvite(SqlClient tx, UUID pupilId, LocalDate today, String email) {
        return tx.preparedQuery(
                        """
                    SELECT coalesce(p.preferred_name, p.first_name) || ' ' || p.last_name AS name, p.young_person_from,
                           p.young_person_from <= $2 AS arrived,
                           EXISTS (SELECT 1 FROM app_user u WHERE u.id = p.id) AS joined,
                           EXISTS (SELECT 1 FROM app_user u WHERE u.email = $3) AS email_taken
                    FROM pupil_profile p WHERE p.id = $1 FOR UPDATE""")
                .execute(Tuple.of(pupilId, today, email))
                .map(rows -> rows.iterator().next());
    }

    private static Buffer hash(String code) {
        return Buffer.buffer(Codes.sha256(Codes.normalise(code)));
    }
}
