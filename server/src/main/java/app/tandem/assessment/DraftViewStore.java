package app.tandem.assessment;

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

/** Views on a draft EHC plan in PostgreSQL, and the family's day-10 reminder. */
final class DraftViewStore {
    private DraftViewStore() {}

    /** Views as the API speaks them: `v` the views, named by the account or the pupil who gave them. */
    private static final String VIEWS_JSON =
            """
      json_strip_nulls(json_build_object('id', v.id, 'givenAs', v.given_as,
        'givenBy', json_build_object('id', v.given_by, 'displayName',
                     coalesce(u.display_name, coalesce(pp.preferred_name, pp.first_name) || ' ' || pp.last_name)),
        'views', v.views, 'preferredSchool', v.preferred_school, 'attachmentId', v.attachment_id, 'givenAt', v.given_at)) AS views
      FROM draft_plan_views v LEFT JOIN person u ON u.id = v.given_by LEFT JOIN pupil_profile pp ON pp.id = v.given_by""";

    /** What was given on the draft: everything for staff; for the family, their own and the school's. */
    static Future<JsonArray> onDraft(SqlClient sql, UUID draftId, UUID readerId, boolean staff) {
        return Sql.jsonList(
                sql,
                "SELECT " + VIEWS_JSON
                        + " WHERE v.draft_id = $1 AND ($3 OR v.given_by = $2 OR v.given_as = 'school') ORDER BY v.given_at",
                Tuple.of(draftId, readerId, staff));
    }

    static Future<JsonObject> one(SqlClient sql, UUID id) {
        return Sql.jsonOne(sql, "SELECT " + VIEWS_JSON + " WHERE v.id = $1", Tuple.of(id));
    }

    /** Views given on a draft. */
    record Given(
            UUID schoolId,
            UUID pupilId,
            UUID draftId,
            String givenAs,
            UUID givenBy,
            AssessmentRequests.FamilyViews views) {}

    static Future<UUID> insert(SqlClient tx, Given g, Instant now) {
        return tx.preparedQuery(
                        """
            INSERT INTO draft_plan_views (school_id, pupil_id, draft_id, given_as, given_by, views, preferred_school,
                                          attachment_id, given_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id""")
                .execute(Tuple.from(new Object[] {
                    g.schoolId(),
                    g.pupilId(),
                    g.draftId(),
                    g.givenAs(),
                    g.givenBy(),
                    g.views().views(),
                    g.views().preferredSchool(),
                    g.views().attachmentId(),
                    Requests.utc(now)
                }))
                .map(Sql::id);
    }

    /** The school's date now, in the draft's school's zone. */
    static Future<LocalDate> today(SqlClient sql, UUID schoolId, Instant now) {
        return sql.preparedQuery("SELECT ($2 AT TIME ZONE time_zone)::date AS today FROM school_profile WHERE id = $1")
                .execute(Tuple.of(schoolId, Requests.utc(now)))
                .map(rows -> rows.iterator().next().getLocalDate("today"));
    }

    /** The draft an attachment was given with, if any (for who may download it). */
    static Future<UUID> draftOfAttachment(SqlClient sql, UUID attachmentId) {
        return sql.preparedQuery("SELECT draft_id FROM draft_plan_views WHERE attachment_id = $1 LIMIT 1")
                .execute(Tuple.of(attachmentId))
                .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getUUID("draft_id"));
    }

    /** A draft the family is reminded about: its school and pupil. */
    record Reminder(UUID draftId, UUID schoolId, UUID pupilId) {}

    /**
     * Notes, once per draft, each draft sent to the family that reached day 10 of its 15 days (the
     * school's dates) with nothing from the family; those noted now come back.
     */
    static Future<List<Reminder>> noteReminders(SqlClient tx, Instant at) {
        return tx.preparedQuery(
                        """
            WITH reached AS (
              SELECT d.id, d.school_id, d.pupil_id
              FROM document_of d JOIN school_profile s ON s.id = d.school_id JOIN pupil_profile p ON p.id = d.pupil_id
              WHERE d.kind = 'draft-ehc-plan' AND d.views_due_on IS NOT NULL AND p.active
                AND d.views_due_on - 5 <= ($1 AT TIME ZONE s.time_zone)::date
                AND d.views_due_on >= ($1 AT TIME ZONE s.time_zone)::date
                AND NOT EXISTS (SELECT 1 FROM draft_plan_views v WHERE v.draft_id = d.id AND v.given_as <> 'school')),
            noted AS (
              INSERT INTO draft_views_reminder (draft_id, sent_at) SELECT id, $1 FROM reached
              ON CONFLICT DO NOTHING RETURNING draft_id)
            SELECT r.id, r.school_id, r.pupil_id FROM reached r JOIN noted n ON n.draft_id = r.id""")
                .execute(Tuple.of(Requests.utc(at)))
                .map(rows -> Sql.list(
                        rows, (Row r) -> new Reminder(r.getUUID("id"), r.getUUID("school_id"), r.getUUID("pupil_id"))));
    }
}
