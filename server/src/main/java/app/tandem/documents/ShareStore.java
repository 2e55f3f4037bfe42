package app.tandem.documents;

import app.tandem.platform.Json;
import app.tandem.platform.Requests;
import app.tandem.platform.Sql;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** Links for people outside the school, and the disclosures made through them. */
final class ShareStore {
    /** Why a link no longer works, or 'live'; `s` is the share, `c` its consent, $1 now. */
    static final String STATE =
            """
      CASE WHEN s.revoked_at IS NOT NULL THEN 'revoked'
           WHEN s.locked_at IS NOT NULL THEN 'locked'
           WHEN c.id IS NOT NULL AND (c.withdrawn_at IS NOT NULL OR c.expires_at <= $1) THEN 'consent-withdrawn'
           WHEN s.expires_at <= $1 THEN 'expired'
           WHEN s.downloads >= s.max_downloads THEN 'used-up'
           ELSE 'live' END""";

    private static final String SHARE_JSON = "json_strip_nulls(json_build_object('id', s.id,"
            + " 'recipient', json_build_object('name', s.recipient_name, 'organisation', s.recipient_organisation,"
            + " 'email', s.recipient_email), 'purpose', s.purpose, 'consentId', s.consent_id,"
            + " 'statutoryBasis', s.statutory_basis, 'basisReference', s.basis_reference,"
            + " 'parentsMayBeTold', s.parents_may_be_told, 'versionIds', s.version_ids, 'expiresAt', s.expires_at,"
            + " 'maxDownloads', s.max_downloads, 'downloads', s.downloads, 'acceptsAdvice', s.accepts_advice,"
            + " 'state', " + STATE + ", 'createdAt', s.created_at)) AS share"
            + " FROM document_share s LEFT JOIN consent c ON c.id = s.consent_id";

    /** What a new share rests on and gives. */
    /** A link asked for: which versions, to whom, for what, on what ground, for how long. */
    record Request(
            List<UUID> versionIds,
            String recipientName,
            String recipientOrganisation,
            String recipientEmail,
            String purpose,
            UUID consentId,
            String statutoryBasis,
            String basisReference,
            boolean parentsMayBeTold,
            int expiresInDays,
            int maxDownloads,
            boolean acceptsAdvice) {
        static Request from(JsonObject b) {
            return new Request(
                    b.getJsonArray("versionIds").stream()
                            .map(id -> UUID.fromString((String) id))
                            .toList(),
                    b.getString("recipientName").strip(),
                    b.getString("recipientOrganisation").strip(),
                    b.getString("recipientEmail"),
                    b.getString("purpose"),
                    b.getString("consentId") == null ? null : UUID.fromString(b.getString("consentId")),
                    b.getString("statutoryBasis"),
                    b.getString("basisReference"),
                    b.getBoolean("parentsMayBeTold", true),
                    b.getInteger("expiresInDays", 14),
                    b.getInteger("maxDownloads", 5),
                    b.getBoolean("acceptsAdvice", false));
        }
    }

    record NewShare(
            UUID schoolId,
            UUID pupilId,
            UUID consentId,
            String statutoryBasis,
            String basisReference,
            boolean parentsMayBeTold,
            Request body,
            List<UUID> versionIds,
            byte[] tokenHash,
            byte[] codeHash,
            Instant expires,
            UUID createdBy) {}

    Future<UUID> insert(SqlClient tx, NewShare s, Instant now) {
        Request b = s.body();
        return tx.preparedQuery(
                        """
            INSERT INTO document_share (school_id, pupil_id, consent_id, statutory_basis, basis_reference, parents_may_be_told,
              purpose, recipient_name, recipient_organisation, recipient_email, version_ids, token_hash, code_hash, expires_at,
              max_downloads, accepts_advice, created_by, created_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18) RETURNING id""")
                .execute(Tuple.from(new Object[] {
                    s.schoolId(),
                    s.pupilId(),
                    s.consentId(),
                    s.statutoryBasis(),
                    s.basisReference(),
                    s.parentsMayBeTold(),
                    b.purpose(),
                    b.recipientName(),
                    b.recipientOrganisation(),
                    b.recipientEmail(),
                    s.versionIds().toArray(UUID[]::new),
                    Buffer.buffer(s.tokenHash()),
                    Buffer.buffer(s.codeHash()),
                    Requests.utc(s.expires()),
                    b.maxDownloads(),
                    b.acceptsAdvice(),
                    s.createdBy(),
                    Requests.utc(now)
                }))
                .map(rows -> rows.iterator().next().getUUID("id"));
    }

    /** The kinds of these versions, when every one is the pupil's; null when one is not. */
    Future<List<String>> kindsOfPupilsVersions(SqlClient sql, UUID pupilId, List<UUID> versionIds) {
        return sql.preparedQuery(
                        """
            SELECT d.kind FROM document_version v JOIN document d ON d.id = v.document_id
            WHERE v.id = ANY($1) AND d.pupil_id = $2""")
                .execute(Tuple.tuple()
                        .addArrayOfUUID(versionIds.toArray(UUID[]::new))
                        .addUUID(pupilId))
                .map(rows -> {
                    if (rows.size() != versionIds.size()) return null;
                    List<String> kinds = new java.util.ArrayList<>();
                    for (Row r : rows) kinds.add(r.getString("kind"));
                    return kinds;
                });
    }

    Future<JsonObject> one(SqlClient sql, UUID shareId, Instant now) {
        return sql.preparedQuery("SELECT " + SHARE_JSON + " WHERE s.id = $2")
                .execute(Tuple.of(Requests.utc(now), shareId))
                .map(rows -> rows.size() == 0
                        ? null
                        : Json.object(rows.iterator().next().getValue("share")));
    }

    Future<JsonArray> list(SqlClient sql, UUID pupilId, Instant now) {
        return Sql.jsonList(
                sql,
                "SELECT " + SHARE_JSON + " WHERE s.pupil_id = $2 ORDER BY s.created_at DESC",
                Tuple.of(Requests.utc(now), pupilId));
    }

    Future<Row> owner(SqlClient sql, UUID shareId, UUID schoolId) {
        return sql.preparedQuery("SELECT pupil_id FROM document_share WHERE id = $1 AND school_id = $2")
                .execute(Tuple.of(shareId, schoolId))
                .map(Sql::first);
    }

    Future<Void> revoke(SqlClient sql, UUID shareId, Instant now) {
        return sql.preparedQuery("UPDATE document_share SET revoked_at = coalesce(revoked_at, $2) WHERE id = $1")
                .execute(Tuple.of(shareId, Requests.utc(now)))
                .mapEmpty();
    }

    private static final String BY_TOKEN = "SELECT s.*, " + STATE
            + " AS state, sc.name AS school_name, sc.time_zone AS school_time_zone FROM document_share s"
            + " LEFT JOIN consent c ON c.id = s.consent_id JOIN school_profile sc ON sc.id = s.school_id WHERE s.token_hash = $2";

    /** The share a link's token names, with its state now and its school's name and time zone; null when there is none. */
    Future<Row> byToken(SqlClient sql, byte[] tokenHash, Instant now) {
        return sql.preparedQuery(BY_TOKEN)
                .execute(Tuple.of(Requests.utc(now), Buffer.buffer(tokenHash)))
                .map(Sql::first);
    }

    /**
     * {@link #byToken}, the row locked until the transaction ends, so attempts on one link are
     * checked one at a time and the fifth wrong code locks it whatever arrives together.
     */
    Future<Row> byTokenLocked(SqlClient tx, byte[] tokenHash, Instant now) {
        return tx.preparedQuery(BY_TOKEN + " FOR UPDATE OF s")
                .execute(Tuple.of(Requests.utc(now), Buffer.buffer(tokenHash)))
                .map(Sql::first);
    }

    /** Begins a browser visit on a share (the cookie's hash kept, never the cookie). */
    Future<Void> startVisit(
            SqlClient sql, UUID shareId, byte[] cookieHash, String formToken, Instant now, Instant ends) {
        return Sql.run(
                sql,
                """
            INSERT INTO share_visit (cookie_hash, share_id, form_token, started_at, ends_at)
            VALUES ($1, $2, $3, $4, $5)""",
                Tuple.of(Buffer.buffer(cookieHash), shareId, formToken, Requests.utc(now), Requests.utc(ends)));
    }

    /** The form token of this cookie's live visit on this share; null when there is none. */
    Future<String> visitFormToken(SqlClient sql, UUID shareId, byte[] cookieHash, Instant now) {
        return sql.preparedQuery(
                        "SELECT form_token FROM share_visit WHERE cookie_hash = $1 AND share_id = $2 AND ends_at > $3")
                .execute(Tuple.of(Buffer.buffer(cookieHash), shareId, Requests.utc(now)))
                .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getString(0));
    }

    /** The newest file sent back through a link. */
    Future<Row> lastAdvice(SqlClient sql, UUID shareId) {
        return sql.preparedQuery(
                        """
            SELECT file_name, size_bytes, uploaded_at FROM document_version
            WHERE uploaded_through = $1 ORDER BY uploaded_at DESC, id DESC LIMIT 1""")
                .execute(Tuple.of(shareId))
                .map(Sql::first);
    }

    /** Ended browser visits, deleted hourly ($1: the cutoff; $2: a batch). */
    static final String ENDED_VISITS =
            """
            WITH gone AS (DELETE FROM share_visit WHERE cookie_hash IN (
                SELECT cookie_hash FROM share_visit WHERE ends_at < $1 LIMIT $2)
              RETURNING 1)
            SELECT count(*) FROM gone""";

    /** Counts a wrong code; the fifth locks the link. */
    Future<Void> wrongCode(SqlClient sql, UUID shareId, Instant now) {
        return Sql.run(
                sql,
                """
            UPDATE document_share SET wrong_codes = wrong_codes + 1,
              locked_at = CASE WHEN wrong_codes + 1 >= 5 THEN coalesce(locked_at, $2) END WHERE id = $1""",
                Tuple.of(shareId, Requests.utc(now)));
    }

    /** Takes one download if any are left; false when the limit is reached. */
    Future<Boolean> takeDownload(SqlClient tx, UUID shareId) {
        return tx.preparedQuery(
                        "UPDATE document_share SET downloads = downloads + 1 WHERE id = $1 AND downloads < max_downloads")
                .execute(Tuple.of(shareId))
                .map(rows -> rows.rowCount() == 1);
    }

    Future<Void> disclose(SqlClient tx, Row share, UUID versionId, String event, String address, Instant now) {
        return Sql.run(
                tx,
                """
            INSERT INTO disclosure (school_id, pupil_id, share_id, version_id, event, address, at)
            VALUES ($1, $2, $3, $4, $5, $6, $7)""",
                Tuple.of(
                        share.getUUID("school_id"),
                        share.getUUID("pupil_id"),
                        share.getUUID("id"),
                        versionId,
                        event,
                        address.length() > 64 ? address.substring(0, 64) : address,
                        Requests.utc(now)));
    }

    /** The shared versions, for the recipient. */
    Future<JsonArray> sharedVersions(SqlClient sql, List<UUID> versionIds) {
        return sql.preparedQuery(
                        """
            SELECT coalesce(json_agg(json_build_object('id', v.id, 'title', d.title, 'kind', d.kind, 'version', v.version,
                     'mediaType', v.media_type, 'sizeBytes', v.size_bytes, 'sha256', encode(v.sha256, 'hex'),
                     'uploadedAt', v.uploaded_at)
                     ORDER BY d.title, v.version), '[]'::json) AS versions
            FROM document_version v JOIN document d ON d.id = v.document_id WHERE v.id = ANY($1)""")
                .execute(Tuple.tuple().addArrayOfUUID(versionIds.toArray(UUID[]::new)))
                .map(rows -> Json.array(rows.iterator().next().getValue("versions")));
    }

    /**
     * The views kept with the draft plans among these versions (the assessment capability's published
     * `draft_views_given`), oldest first: what a link on the local authority's request carries.
     */
    Future<JsonArray> draftViews(SqlClient sql, List<UUID> versionIds) {
        return sql.preparedQuery(
                        """
            SELECT coalesce(json_agg(json_strip_nulls(json_build_object('draftTitle', d.title, 'givenAs', g.given_as,
                     'views', g.views, 'preferredSchool', g.preferred_school, 'givenAt', g.given_at))
                     ORDER BY g.given_at), '[]'::json) AS views
            FROM draft_views_given g JOIN document d ON d.id = g.draft_id
            WHERE d.kind = 'draft-ehc-plan'
              AND d.id IN (SELECT document_id FROM document_version WHERE id = ANY($1))""")
                .execute(Tuple.tuple().addArrayOfUUID(versionIds.toArray(UUID[]::new)))
                .map(rows -> Json.array(rows.iterator().next().getValue("views")));
    }

    Future<Row> sharedFile(SqlClient sql, UUID versionId) {
        return sql.preparedQuery("SELECT media_type, file_name, content FROM document_version WHERE id = $1")
                .execute(Tuple.of(versionId))
                .map(rows -> rows.iterator().next());
    }

    /** Parents are told a recipient downloaded a document, but not which, unless it is one they read themselves. */
    private static final String PARENTS_READ_DOCUMENT = DocumentStore.PARENTS_READ;

    /** Which disclosures: one pupil's or the school's, and what a parent may be told of or everything. */
    record DisclosureFilter(
            UUID schoolId, UUID pupilId, boolean parents, boolean notToBeToldOnly, LocalDate from, LocalDate to) {}

    /**
     * Disclosures, newest first (500 at most). Parents see only those they may be told of and no
     * addresses; staff see everything, with the pupil and whether the parents may be told.
     */
    Future<JsonArray> disclosures(SqlClient sql, DisclosureFilter f) {
        return sql.preparedQuery(
                        """
            SELECT json_strip_nulls(json_build_object('id', x.id::text, 'event', x.event, 'disclosedAt', x.at,
                     'address', CASE WHEN NOT $3 THEN x.address END,
                     'parentsMayBeTold', CASE WHEN NOT $3 THEN s.parents_may_be_told END,
                     'pupil', CASE WHEN $2::uuid IS NULL THEN json_build_object('id', p.id,
                                'name', coalesce(p.preferred_name, p.first_name) || ' ' || p.last_name) END,
                     'recipient', json_build_object('name', s.recipient_name, 'organisation', s.recipient_organisation),
                     'document', CASE WHEN v.id IS NOT NULL AND (NOT $3 OR %s)
                                 THEN json_build_object('title', d.title, 'kind', d.kind, 'version', v.version) END,
                     'basis', json_build_object('kind', CASE WHEN s.consent_id IS NOT NULL THEN 'consent' ELSE 'statutory' END,
                                                'consentId', s.consent_id, 'statutoryBasis', s.statutory_basis,
                                                'purpose', s.purpose))) AS disclosure
            FROM disclosure x JOIN document_share s ON s.id = x.share_id JOIN pupil_profile p ON p.id = x.pupil_id
            LEFT JOIN document_version v ON v.id = x.version_id LEFT JOIN document d ON d.id = v.document_id
            WHERE x.school_id = $1 AND ($2::uuid IS NULL OR x.pupil_id = $2)
              AND (NOT $3 OR s.parents_may_be_told) AND (NOT $4 OR NOT s.parents_may_be_told)
              AND ($5::date IS NULL OR x.at >= $5::date) AND ($6::date IS NULL OR x.at < $6::date + 1)
            ORDER BY x.at DESC, x.id DESC LIMIT 500"""
                                .formatted(PARENTS_READ_DOCUMENT))
                .execute(Tuple.of(f.schoolId(), f.pupilId(), f.parents(), f.notToBeToldOnly(), f.from(), f.to()))
                .map(rows -> {
                    JsonArray items = new JsonArray();
                    for (Row r : rows) items.add(Json.object(r.getValue("disclosure")));
                    return items;
                });
    }

    /** The sharing school's name and time zone, as the emails name it. */
    static Future<Row> school(SqlClient sql, UUID schoolId) {
        return sql.preparedQuery("SELECT name, time_zone FROM school_profile WHERE id = $1")
                .execute(Tuple.of(schoolId))
                .map(rows -> rows.iterator().next());
    }

    /** Asking for advice is the pupil's coming annual review's advice-requested step (meetings' function). */
    Future<Void> adviceRequested(SqlClient tx, UUID pupilId, Instant now) {
        return Sql.run(tx, "SELECT note_advice_requested($1, $2)", Tuple.of(pupilId, Requests.utc(now)));
    }
}
