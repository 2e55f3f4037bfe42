package app.tandem.documents;

import app.tandem.platform.Json;
import app.tandem.platform.Requests;
import app.tandem.platform.Sql;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** Consent records in PostgreSQL (ISO/IEC TS 27560 fields), as JSON built by the database. */
final class ConsentStore {
    /** A consent as the API shows it; $1 is now, for its status. */
    private static final String CONSENT_JSON =
            """
      json_strip_nulls(json_build_object('id', c.id,
        'pupil', json_build_object('id', p.id, 'name', coalesce(p.preferred_name, p.first_name) || ' ' || p.last_name),
        'givenBy', json_build_object('id', c.given_by, 'displayName',
                     coalesce((SELECT display_name FROM person WHERE id = c.given_by),
                              coalesce(p.preferred_name, p.first_name) || ' ' || p.last_name)),
        'givenAs', c.given_as, 'method', c.method,
        'recordedBy', (SELECT json_build_object('id', u.id, 'displayName', u.display_name) FROM person u WHERE u.id = c.recorded_by),
        'purpose', c.purpose, 'purposeDetail', c.purpose_detail,
        'recipient', json_build_object('name', c.recipient_name, 'organisation', c.recipient_organisation),
        'documentKinds', c.document_kinds, 'givenAt', c.given_at, 'expiresAt', c.expires_at, 'withdrawnAt', c.withdrawn_at,
        'withdrawnBy', (SELECT json_build_object('id', w.id, 'displayName', w.display_name) FROM person w WHERE w.id = c.withdrawn_by),
        'status', CASE WHEN c.withdrawn_at IS NOT NULL THEN 'withdrawn' WHEN c.expires_at <= $1 THEN 'expired' ELSE 'given' END)) AS consent
      FROM consent c JOIN pupil_profile p ON p.id = c.pupil_id""";

    /**
     * Whether this person decides about sharing the pupil's documents today: a parent the access rule
     * links to the pupil until the pupil's young-person date, then the pupil alone, unless the newest
     * capacity assessment for this kind of decision says they lack capacity. One place for it.
     */
    Future<String> holderRole(SqlClient sql, UUID pupilId, UUID personId, java.time.LocalDate today) {
        return sql.preparedQuery(
                        """
            WITH young AS (
              SELECT p.young_person_from <= $3
                     AND coalesce((SELECT c.outcome <> 'lacks-capacity' FROM capacity_assessment c
                                   WHERE c.pupil_id = p.id AND c.decision = 'document-sharing'
                                   ORDER BY c.assessed_on DESC, c.recorded_at DESC LIMIT 1), true) AS decides
              FROM pupil_profile p WHERE p.id = $1)
            SELECT CASE r.relationship WHEN 'self' THEN 'young-person' ELSE 'parent' END AS given_as
            FROM pupil_relationship r, young y
            WHERE r.pupil_id = $1 AND r.person_id = $2
              AND ((r.relationship = 'parent' AND NOT coalesce(y.decides, false))
                OR (r.relationship = 'self' AND coalesce(y.decides, false)))""")
                .execute(Tuple.of(pupilId, personId, today))
                .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getString("given_as"));
    }

    /** What a consent covers: for what, to whom, which kinds of document, until when, and who gave it. */
    record Grant(
            String purpose,
            String purposeDetail,
            String recipientName,
            String recipientOrganisation,
            List<String> documentKinds,
            LocalDate expiresOn,
            UUID givenBy) {
        static Grant from(JsonObject b) {
            return new Grant(
                    b.getString("purpose"),
                    b.getString("purposeDetail"),
                    b.getString("recipientName"),
                    b.getString("recipientOrganisation").strip(),
                    b.getJsonArray("documentKinds").stream()
                            .map(String.class::cast)
                            .toList(),
                    LocalDate.parse(b.getString("expiresOn")),
                    b.getString("givenBy") == null ? null : UUID.fromString(b.getString("givenBy")));
        }
    }

    Future<UUID> insert(
            SqlClient tx,
            UUID schoolId,
            UUID pupilId,
            UUID givenBy,
            String givenAs,
            UUID recordedBy,
            Grant grant,
            Instant now,
            Instant expires) {
        return tx.preparedQuery(
                        """
            INSERT INTO consent (school_id, pupil_id, given_by, given_as, method, recorded_by, purpose, purpose_detail,
                                 recipient_name, recipient_organisation, document_kinds, given_at, expires_at)
            VALUES ($1, $2, $3, $4, CASE WHEN $5::uuid IS NULL THEN 'in-app' ELSE 'paper' END, $5, $6, $7, $8, $9, $10, $11, $12)
            RETURNING id""")
                .execute(Tuple.from(new Object[] {
                    schoolId,
                    pupilId,
                    givenBy,
                    givenAs,
                    recordedBy,
                    grant.purpose(),
                    grant.purposeDetail(),
                    grant.recipientName(),
                    grant.recipientOrganisation(),
                    grant.documentKinds().toArray(String[]::new),
                    Requests.utc(now),
                    Requests.utc(expires)
                }))
                .map(rows -> rows.iterator().next().getUUID("id"));
    }

    /** The consent's pupil and school, when it is at one of these schools; null otherwise. */
    Future<Row> owner(SqlClient sql, UUID consentId, UUID[] schoolIds) {
        return sql.preparedQuery(
                        "SELECT pupil_id, school_id, withdrawn_at FROM consent WHERE id = $1 AND school_id = ANY ($2)")
                .execute(Tuple.of(consentId, (Object) schoolIds))
                .map(Sql::first);
    }

    Future<Void> withdraw(SqlClient tx, UUID consentId, UUID by, Instant now) {
        return Sql.run(
                tx,
                "UPDATE consent SET withdrawn_at = $3, withdrawn_by = $2 WHERE id = $1 AND withdrawn_at IS NULL",
                Tuple.of(consentId, by, Requests.utc(now)));
    }

    /** A live consent of the pupil: not withdrawn, not expired; null otherwise. */
    Future<Row> live(SqlClient sql, UUID consentId, UUID pupilId, Instant now) {
        return sql.preparedQuery(
                        """
            SELECT id, purpose, recipient_name, recipient_organisation, document_kinds FROM consent
            WHERE id = $1 AND pupil_id = $2 AND withdrawn_at IS NULL AND expires_at > $3""")
                .execute(Tuple.of(consentId, pupilId, Requests.utc(now)))
                .map(Sql::first);
    }

    /** The pupil's live consents for this purpose and organisation, newest first. */
    Future<io.vertx.sqlclient.RowSet<Row>> liveFor(
            SqlClient sql, UUID pupilId, String purpose, String organisation, Instant now) {
        return sql.preparedQuery(
                        """
            SELECT id, purpose, recipient_name, recipient_organisation, document_kinds FROM consent
            WHERE pupil_id = $1 AND purpose = $2 AND lower(recipient_organisation) = lower($3)
              AND withdrawn_at IS NULL AND expires_at > $4 ORDER BY given_at DESC""")
                .execute(Tuple.of(pupilId, purpose, organisation.strip(), Requests.utc(now)));
    }

    Future<JsonObject> one(SqlClient sql, UUID consentId, Instant now) {
        return sql.preparedQuery("SELECT " + CONSENT_JSON + " WHERE c.id = $2")
                .execute(Tuple.of(Requests.utc(now), consentId))
                .map(rows -> Json.object(rows.iterator().next().getValue("consent")));
    }

    Future<JsonArray> list(SqlClient sql, UUID pupilId, Instant now) {
        return Sql.jsonList(
                sql,
                "SELECT " + CONSENT_JSON + " WHERE c.pupil_id = $2 ORDER BY c.given_at DESC",
                Tuple.of(Requests.utc(now), pupilId));
    }

    /**
     * The next active pupil who becomes a young person within three months and has not had the
     * notice, locked for this transaction (a replica doing the same skips them), or null.
     */
    static Future<Row> nextYoungPersonSoon(SqlClient tx, LocalDate today) {
        return tx.preparedQuery(
                        """
            SELECT p.id, p.school_id, coalesce(p.preferred_name, p.first_name) AS name, p.young_person_from,
                   (SELECT u.id FROM person u WHERE u.school_id = p.school_id AND u.active AND 'senco' = ANY (u.roles)
                    ORDER BY u.id LIMIT 1) AS senco
            FROM pupil_profile p
            WHERE p.active AND p.young_person_notice_at IS NULL AND p.young_person_from > $1
              AND p.young_person_from <= $1 + interval '3 months'
            ORDER BY p.young_person_from LIMIT 1 FOR UPDATE SKIP LOCKED""")
                .execute(Tuple.of(today))
                .map(Sql::first);
    }

    static Future<Void> noteYoungPersonNotice(SqlClient tx, UUID pupilId, Instant now) {
        return Sql.run(tx, "SELECT note_young_person_notice($1, $2)", Tuple.of(pupilId, Requests.utc(now)));
    }
}
