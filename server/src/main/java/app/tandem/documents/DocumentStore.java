package app.tandem.documents;

import app.tandem.platform.Json;
import app.tandem.platform.Requests;
import app.tandem.platform.Sql;
import app.tandem.platform.SubjectData;
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

/** Documents and their versions in PostgreSQL, as JSON built by the database. */
final class DocumentStore {
    /** The documents a parent reads, as a condition on {@code document d} ({@link DocumentKind}). */
    static final String PARENTS_READ = DocumentKind.parentsReadSql();

    private static final String DOCUMENT_JSON =
            """
      json_strip_nulls(json_build_object('id', d.id,
        'pupil', json_build_object('id', p.id, 'name', coalesce(p.preferred_name, p.first_name) || ' ' || p.last_name),
        'kind', d.kind, 'title', d.title, 'sentToParentsAt', d.sent_to_parents_at, 'viewsDueOn', d.views_due_on,
        'createdAt', d.created_at,
        'versions', (SELECT json_agg(json_strip_nulls(json_build_object('id', v.id, 'version', v.version,
                       'mediaType', v.media_type, 'fileName', v.file_name, 'sizeBytes', v.size_bytes,
                       'sha256', encode(v.sha256, 'hex'), 'uploadedAt', v.uploaded_at,
                       'uploadedBy', (SELECT json_build_object('id', u.id, 'displayName', u.display_name)
                                      FROM person u WHERE u.id = v.uploaded_by),
                       'uploadedThrough', (SELECT s.recipient_name || ', ' || s.recipient_organisation
                                           FROM document_share s WHERE s.id = v.uploaded_through)))
                       ORDER BY v.version DESC)
                     FROM document_version v WHERE v.document_id = d.id))) AS document
      FROM document d JOIN pupil_profile p ON p.id = d.pupil_id""";

    /** A checked file, ready to keep. */
    record File(String mediaType, String fileName, byte[] bytes, byte[] sha256) {}

    Future<UUID> insert(
            SqlClient tx,
            UUID schoolId,
            UUID pupilId,
            DocumentKind kind,
            String title,
            UUID by,
            Instant now,
            LocalDate viewsDue) {
        return tx.preparedQuery(
                        """
            INSERT INTO document (school_id, pupil_id, kind, title, sent_to_parents_at, views_due_on, created_by, created_at)
            VALUES ($1, $2, $3, $4, CASE WHEN $5::date IS NOT NULL THEN $7::timestamptz END, $5, $6, $7) RETURNING id""")
                .execute(Tuple.from(
                        new Object[] {schoolId, pupilId, kind.wire(), title, viewsDue, by, Requests.utc(now)}))
                .map(rows -> rows.iterator().next().getUUID("id"));
    }

    /** The next version of the document; `by` is staff, or null with `through` the share it came by. */
    Future<UUID> addVersion(
            SqlClient tx, UUID documentId, UUID schoolId, File file, UUID by, UUID through, Instant now) {
        return tx.preparedQuery(
                        """
            INSERT INTO document_version (document_id, school_id, version, media_type, file_name, size_bytes, sha256, content,
                                          uploaded_by, uploaded_through, uploaded_at)
            SELECT $1, $2, coalesce(max(version), 0) + 1, $3, $4, $5, $6, $7, $8, $9, $10
            FROM (SELECT id FROM document WHERE id = $1 FOR UPDATE) d LEFT JOIN document_version v ON v.document_id = d.id
            RETURNING id""")
                .execute(Tuple.from(new Object[] {
                    documentId,
                    schoolId,
                    file.mediaType(),
                    file.fileName(),
                    file.bytes().length,
                    Buffer.buffer(file.sha256()),
                    Buffer.buffer(file.bytes()),
                    by,
                    through,
                    Requests.utc(now)
                }))
                .map(rows -> rows.iterator().next().getUUID("id"));
    }

    /** The document's pupil, kind and whether parents read it, when it is the school's; null otherwise. */
    /** The document's pupil, kind and whether parents read it, when it is at one of these schools; null otherwise. */
    Future<Row> owner(SqlClient sql, UUID documentId, UUID[] schoolIds) {
        return sql.preparedQuery("SELECT d.pupil_id, d.school_id, d.kind, d.title, d.views_due_on, " + PARENTS_READ
                        + " AS parents_read FROM document d WHERE d.id = $1 AND d.school_id = ANY ($2)")
                .execute(Tuple.of(documentId, (Object) schoolIds))
                .map(Sql::first);
    }

    Future<JsonObject> one(SqlClient sql, UUID documentId) {
        return sql.preparedQuery("SELECT " + DOCUMENT_JSON + " WHERE d.id = $1")
                .execute(Tuple.of(documentId))
                .map(rows -> Json.object(rows.iterator().next().getValue("document")));
    }

    /** The pupil's documents; only those parents read when `parentsOnly`. */
    Future<JsonArray> list(SqlClient sql, UUID pupilId, boolean parentsOnly) {
        return Sql.jsonList(
                sql,
                "SELECT " + DOCUMENT_JSON + " WHERE d.pupil_id = $1" + (parentsOnly ? " AND " + PARENTS_READ : "")
                        + " ORDER BY d.created_at DESC",
                Tuple.of(pupilId));
    }

    /** One version's file, when it belongs to the document. */
    Future<Row> file(SqlClient sql, UUID documentId, UUID versionId) {
        return sql.preparedQuery(
                        "SELECT media_type, file_name, content FROM document_version WHERE id = $1 AND document_id = $2")
                .execute(Tuple.of(versionId, documentId))
                .map(Sql::first);
    }

    /** A document version's name in an export: its id and its file name, made safe for any file system. */
    private static final String EXPORT_NAME = "v.id || '-' || regexp_replace(v.file_name, '[^A-Za-z0-9._-]', '_', 'g')";

    /**
     * The documents the family reads (with their files), the pupil's consents, and the disclosures
     * the family may be told of (never those on a statutory basis not to be told, not even a count).
     */
    static List<SubjectData> subjectData() {
        return List.of(
                SubjectData.Part.pupil(
                        "documents.json",
                        """
        (SELECT coalesce(jsonb_agg(jsonb_build_object('documentId', d.id, 'title', d.title, 'kind', d.kind, 'version', v.version,
                  'versionId', v.id, 'fileName', v.file_name, 'mediaType', v.media_type, 'sha256', encode(v.sha256, 'hex'),
                  'file', 'documents/' || """
                                + EXPORT_NAME + ") ORDER BY d.created_at, v.version), '[]')"
                                + " FROM document d JOIN document_version v ON v.document_id = d.id WHERE d.pupil_id = $2 AND "
                                + PARENTS_READ + ")"),
                // The files themselves, one at a time, the same documents as documents.json lists.
                new SubjectData.Files(
                        "documents",
                        "SELECT v.id, " + EXPORT_NAME + " AS name"
                                + " FROM document d JOIN document_version v ON v.document_id = d.id WHERE d.pupil_id = $2 AND "
                                + PARENTS_READ + " ORDER BY d.created_at, v.version",
                        "SELECT content FROM document_version WHERE id = $1"),
                SubjectData.Part.pupil(
                        "consents.json",
                        """
        (SELECT coalesce(jsonb_agg(jsonb_strip_nulls(jsonb_build_object('purpose', c.purpose, 'purposeDetail', c.purpose_detail,
                  'recipientName', c.recipient_name, 'recipientOrganisation', c.recipient_organisation,
                  'documentKinds', c.document_kinds, 'givenAs', c.given_as, 'givenBy', person_named(c.given_by, $1),
                  'method', c.method, 'recordedBy', person_named(c.recorded_by, $1), 'givenAt', c.given_at,
                  'expiresAt', c.expires_at, 'withdrawnAt', c.withdrawn_at, 'withdrawnBy', person_named(c.withdrawn_by, $1)))
                  ORDER BY c.given_at), '[]')
         FROM consent c WHERE c.pupil_id = $2)"""),
                SubjectData.Part.pupil(
                        "disclosures.json",
                        """
        (SELECT coalesce(jsonb_agg(jsonb_build_object('event', x.event, 'at', x.at, 'recipient', s.recipient_name,
                  'organisation', s.recipient_organisation, 'purpose', s.purpose, 'consentId', s.consent_id,
                  'statutoryBasis', s.statutory_basis) ORDER BY x.at), '[]')
         FROM disclosure x JOIN document_share s ON s.id = x.share_id WHERE x.pupil_id = $2 AND s.parents_may_be_told)"""));
    }

    /** Whether the pupil is a young person on the school's date at `now` (the transfer date has come). */
    Future<Boolean> youngPerson(SqlClient sql, UUID pupilId, Instant now) {
        return sql.preparedQuery(
                        """
            SELECT coalesce(p.young_person_from <= ($2 AT TIME ZONE s.time_zone)::date, false) AS young
            FROM pupil_profile p JOIN school_profile s ON s.id = p.school_id WHERE p.id = $1""")
                .execute(Tuple.of(pupilId, Requests.utc(now)))
                .map(rows -> rows.size() > 0 && rows.iterator().next().getBoolean("young"));
    }

    /** The pupil's documents of a kind made in [from, to), newest first, each with its newest version. */
    Future<List<ReviewDocuments.Kept>> keptFor(
            SqlClient sql, UUID pupilId, DocumentKind kind, Instant from, Instant to) {
        return sql.preparedQuery(
                        """
            SELECT d.id, d.title, (SELECT v.id FROM document_version v WHERE v.document_id = d.id
                                   ORDER BY v.version DESC LIMIT 1) AS version_id
            FROM document d WHERE d.pupil_id = $1 AND d.kind = $2 AND d.created_at >= $3 AND d.created_at < $4
            ORDER BY d.created_at DESC""")
                .execute(Tuple.of(pupilId, kind.wire(), Requests.utc(from), Requests.utc(to)))
                .map(rows -> Sql.list(
                        rows,
                        r -> new ReviewDocuments.Kept(r.getUUID("id"), r.getUUID("version_id"), r.getString("title"))));
    }

    /** Circulated advice: the family read it from now on (the first circulation's time stays). */
    Future<Void> circulated(SqlClient tx, List<UUID> documentIds, Instant now) {
        return Sql.run(
                tx,
                "UPDATE document SET circulated_at = coalesce(circulated_at, $2) WHERE id = ANY($1)",
                Tuple.tuple().addArrayOfUUID(documentIds.toArray(UUID[]::new)).addOffsetDateTime(Requests.utc(now)));
    }
}
