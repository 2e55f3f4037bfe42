package app.tandem.directory;

import app.tandem.access.Access;
import app.tandem.platform.Cursor;
import app.tandem.platform.Page;
import app.tandem.platform.Sql;
import app.tandem.platform.SqlJson;
import app.tandem.platform.SubjectData;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/** SQL for the directory: staff, classes, pupils and parent links. Every query is bound to one school. */
final class DirectoryStore {

    // --- staff

    Future<Page<DirectoryAnswers.Staff>> staffPage(
            SqlClient sql, UUID schoolId, String afterName, UUID afterId, int limit) {
        return sql.preparedQuery(
                        """
            SELECT id, email, display_name, roles, active, mfa_enrolled
            FROM person WHERE school_id = $1 AND kind = 'staff'
              AND ($2::text IS NULL OR (lower(display_name), id) > ($2, $3))
            ORDER BY lower(display_name), id LIMIT $4""")
                .execute(Tuple.of(schoolId, afterName, afterId, limit + 1))
                .map(rows -> Page.of(
                        rows,
                        limit,
                        DirectoryStore::staff,
                        r -> Cursor.encode(
                                r.getString("display_name").toLowerCase(Locale.ROOT),
                                r.getUUID("id").toString())));
    }

    Future<DirectoryAnswers.Staff> staff(SqlClient sql, UUID schoolId, UUID staffId) {
        return sql.preparedQuery(
                        """
            SELECT id, email, display_name, roles, active, mfa_enrolled
            FROM person WHERE id = $1 AND school_id = $2 AND kind = 'staff'""")
                .execute(Tuple.of(staffId, schoolId))
                .map(rows -> Sql.one(rows, DirectoryStore::staff));
    }

    // --- classes

    Future<List<DirectoryAnswers.SchoolClass>> classes(SqlClient sql, UUID schoolId) {
        return sql.preparedQuery(
                        """
            SELECT c.id, c.name, c.year_group,
                   coalesce(json_agg(json_build_object('id', u.id, 'displayName', u.display_name) ORDER BY u.display_name)
                            FILTER (WHERE u.id IS NOT NULL), '[]') AS teachers
            FROM school_class c
            LEFT JOIN class_teacher t ON t.class_id = c.id
            LEFT JOIN person u ON u.id = t.staff_id
            WHERE c.school_id = $1 AND c.active
            GROUP BY c.id ORDER BY c.year_group, c.name""")
                .execute(Tuple.of(schoolId))
                .map(rows -> Sql.list(rows, DirectoryStore::schoolClass));
    }

    /** How many of these ids are active staff of the school. */
    Future<Integer> countStaff(SqlClient sql, UUID schoolId, List<UUID> ids) {
        return sql.preparedQuery(
                        "SELECT count(*) FROM person WHERE school_id = $1 AND kind = 'staff' AND active AND id = ANY($2)")
                .execute(Tuple.tuple().addUUID(schoolId).addArrayOfUUID(ids.toArray(UUID[]::new)))
                .map(rows -> rows.iterator().next().getInteger(0));
    }

    Future<Void> setTeachers(SqlClient sql, UUID classId, List<UUID> teacherIds) {
        return sql.preparedQuery("DELETE FROM class_teacher WHERE class_id = $1")
                .execute(Tuple.of(classId))
                .compose(v -> teacherIds.isEmpty()
                        ? Future.succeededFuture()
                        : sql.preparedQuery(
                                        "INSERT INTO class_teacher (class_id, staff_id) SELECT $1, unnest($2::uuid[])")
                                .execute(Tuple.tuple().addUUID(classId).addArrayOfUUID(teacherIds.toArray(UUID[]::new)))
                                .mapEmpty());
    }

    Future<Boolean> classInSchool(SqlClient sql, UUID schoolId, UUID classId) {
        return sql.preparedQuery("SELECT 1 FROM school_class WHERE id = $1 AND school_id = $2 AND active")
                .execute(Tuple.of(classId, schoolId))
                .map(rows -> rows.size() == 1);
    }

    // --- pupils

    private static final String PUPIL =
            """
      SELECT p.id, p.first_name, p.last_name, p.preferred_name, p.date_of_birth, p.year_group, p.class_id,
             c.name AS class_name, p.external_ref, p.active
      FROM pupil p LEFT JOIN school_class c ON c.id = p.class_id""";

    /** A page of the pupils in the staff member's lists (the access rule), by surname. */
    Future<Page<DirectoryAnswers.Pupil>> pupilPage(
            SqlClient sql, UUID schoolId, UUID staffId, JsonArray after, int limit) {
        return sql.preparedQuery(
                        PUPIL + " JOIN pupil_relationship r ON r.pupil_id = p.id AND r.person_id = $2"
                                + " WHERE p.school_id = $1 AND " + Access.grants(Access.Action.LIST, "r")
                                + """
              AND ($3::text IS NULL OR (lower(p.last_name), lower(p.first_name), p.id) > ($3, $4, $5))
            ORDER BY lower(p.last_name), lower(p.first_name), p.id LIMIT $6""")
                .execute(Tuple.of(
                        schoolId,
                        staffId,
                        after == null ? null : after.getString(0),
                        after == null ? null : after.getString(1),
                        after == null ? null : UUID.fromString(after.getString(2)),
                        limit + 1))
                .map(rows -> Page.of(
                        rows,
                        limit,
                        DirectoryStore::pupil,
                        r -> Cursor.encode(
                                r.getString("last_name").toLowerCase(Locale.ROOT),
                                r.getString("first_name").toLowerCase(Locale.ROOT),
                                r.getUUID("id").toString())));
    }

    Future<DirectoryAnswers.Pupil> pupil(SqlClient sql, UUID pupilId) {
        return sql.preparedQuery(PUPIL + " WHERE p.id = $1")
                .execute(Tuple.of(pupilId))
                .map(rows -> Sql.one(rows, DirectoryStore::pupil));
    }

    Future<UUID> insertPupil(SqlClient sql, UUID schoolId, DirectoryRequests.Pupil p) {
        return sql.preparedQuery(
                        """
            INSERT INTO pupil (school_id, class_id, first_name, last_name, preferred_name, date_of_birth, year_group, external_ref)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id""")
                .execute(Tuple.from(new Object[] {
                    schoolId,
                    p.classId(),
                    p.firstName(),
                    p.lastName(),
                    p.preferredName(),
                    p.dateOfBirth(),
                    p.yearGroup(),
                    p.externalRef()
                }))
                .map(rows -> rows.iterator().next().getUUID("id"));
    }

    /** Applies the given fields only; absent fields keep their values. */
    Future<Void> updatePupil(SqlClient sql, UUID pupilId, DirectoryRequests.Pupil change) {
        return Sql.run(
                sql,
                """
            UPDATE pupil SET
              first_name = coalesce($2, first_name), last_name = coalesce($3, last_name),
              preferred_name = coalesce($4, preferred_name), date_of_birth = coalesce($5, date_of_birth),
              year_group = coalesce($6, year_group), class_id = coalesce($7, class_id), updated_at = now()
            WHERE id = $1""",
                Tuple.from(new Object[] {
                    pupilId,
                    change.firstName(),
                    change.lastName(),
                    change.preferredName(),
                    change.dateOfBirth(),
                    change.yearGroup(),
                    change.classId()
                }));
    }

    /** The schools of this school's trust (itself among them), by name. */
    Future<SqlJson> trustSchools(SqlClient sql, UUID schoolId) {
        return Sql.jsonList(
                        sql,
                        """
            SELECT json_build_object('id', t.id, 'name', t.name) AS school
            FROM school_profile t JOIN school_profile h ON h.trust_id = t.trust_id
            WHERE h.id = $1 ORDER BY t.name""",
                        Tuple.of(schoolId))
                .map(SqlJson::items);
    }

    // --- parent links

    Future<List<DirectoryAnswers.ParentLink>> parentLinks(SqlClient sql, UUID pupilId) {
        return sql.preparedQuery(
                        """
            SELECT u.id AS parent_id, u.display_name, u.email, l.relationship, l.parental_responsibility,
                   l.contact_blocked,
                   -- Joined at this school: whether they use Tandem through another school is not this school's to know.
                   EXISTS (SELECT 1 FROM joined_school j WHERE j.person_id = u.id AND j.school_id = l.school_id) AS has_signed_in
            FROM parent_link l JOIN person u ON u.id = l.parent_id
            WHERE l.pupil_id = $1 ORDER BY u.display_name""")
                .execute(Tuple.of(pupilId))
                .map(rows -> Sql.list(rows, DirectoryStore::parentLink));
    }

    /** Stops an account of this school and kind; false when there is none. */
    Future<Boolean> deactivateAccount(SqlClient tx, UUID schoolId, UUID userId, String kind) {
        return tx.preparedQuery("SELECT stop_account($1, $2, $3) AS found")
                .execute(Tuple.of(userId, schoolId, kind))
                .map(rows -> rows.iterator().next().getBoolean("found"));
    }

    Future<DirectoryAnswers.Settings> settings(SqlClient sql, UUID schoolId) {
        return sql.preparedQuery("SELECT id, name, time_zone, require_staff_mfa FROM school WHERE id = $1")
                .execute(Tuple.of(schoolId))
                .map(rows -> settings(rows.iterator().next()));
    }

    Future<DirectoryAnswers.Settings> updateSettings(
            SqlClient sql, UUID schoolId, Boolean requireStaffMfa, String timeZone) {
        return sql.preparedQuery(
                        """
            UPDATE school SET require_staff_mfa = coalesce($2, require_staff_mfa), time_zone = coalesce($3, time_zone)
            WHERE id = $1 RETURNING id, name, time_zone, require_staff_mfa""")
                .execute(Tuple.of(schoolId, requireStaffMfa, timeZone))
                .map(rows -> settings(rows.iterator().next()));
    }

    /** A new staff account (no password until its setup code is redeemed). */
    Future<DirectoryAnswers.Staff> newStaff(
            SqlClient tx, UUID schoolId, String email, String displayName, String[] roles) {
        return tx.preparedQuery(
                        """
                SELECT add_account($1, 'staff', $2, $3, $4) AS id, $2 AS email, $3 AS display_name, $4::text[] AS roles,
                       true AS active, false AS mfa_enrolled""")
                .execute(Tuple.of(schoolId, email, displayName, roles))
                .map(rows -> staff(rows.iterator().next()));
    }

    /** Changes what is given; false when there is no such staff member in the school. */
    Future<Boolean> updateStaff(SqlClient tx, UUID staffId, UUID schoolId, String displayName, String[] roles) {
        return tx.preparedQuery("""
            SELECT update_staff($1, $2, $3, $4) AS found""")
                .execute(Tuple.of(staffId, schoolId, displayName, roles))
                .map(rows -> rows.iterator().next().getBoolean("found"));
    }

    Future<UUID> newClass(SqlClient tx, UUID schoolId, String name, Integer yearGroup) {
        return tx.preparedQuery(
                        "INSERT INTO school_class (school_id, name, year_group) VALUES ($1, $2, $3) RETURNING id")
                .execute(Tuple.of(schoolId, name, yearGroup))
                .map(rows -> rows.iterator().next().getUUID("id"));
    }

    /** Changes what is given; false when there is no such open class in the school. */
    Future<Boolean> updateClass(SqlClient tx, UUID classId, UUID schoolId, String name, Integer yearGroup) {
        return tx.preparedQuery(
                        """
            UPDATE school_class SET name = coalesce($3, name), year_group = coalesce($4, year_group)
            WHERE id = $1 AND school_id = $2 AND active""")
                .execute(Tuple.of(classId, schoolId, name, yearGroup))
                .map(rows -> rows.rowCount() == 1);
    }

    /** Closes a class with no pupils in it; false when it has pupils (or is not an open class of the school). */
    Future<Boolean> closeEmptyClass(SqlClient tx, UUID classId, UUID schoolId) {
        return tx.preparedQuery(
                        """
            UPDATE school_class SET active = false WHERE id = $1 AND school_id = $2 AND active
              AND NOT EXISTS (SELECT 1 FROM pupil WHERE class_id = $1 AND active)
            RETURNING id""")
                .execute(Tuple.of(classId, schoolId))
                .map(rows -> rows.size() == 1);
    }

    Future<Void> deactivatePupil(SqlClient tx, UUID pupilId) {
        return Sql.run(tx, "UPDATE pupil SET active = false, updated_at = now() WHERE id = $1", Tuple.of(pupilId));
    }

    /** Changes what is given; false when the parent is not linked to the pupil. */
    Future<Boolean> updateParentLink(
            SqlClient tx,
            UUID pupilId,
            UUID parentId,
            String relationship,
            Boolean parentalResponsibility,
            Boolean contactBlocked) {
        return tx.preparedQuery(
                        """
                UPDATE parent_link SET relationship = coalesce($3, relationship),
                  parental_responsibility = coalesce($4, parental_responsibility),
                  contact_blocked = coalesce($5, contact_blocked), updated_at = now()
                WHERE pupil_id = $1 AND parent_id = $2""")
                .execute(Tuple.from(
                        new Object[] {pupilId, parentId, relationship, parentalResponsibility, contactBlocked}))
                .map(rows -> rows.rowCount() == 1);
    }

    /** The person's links to pupils. (Its part of a subject access export.) */
    static List<SubjectData> subjectData() {
        return List.of(
                SubjectData.Part.person(
                        "links.json",
                        """
        (SELECT coalesce(jsonb_agg(jsonb_strip_nulls(jsonb_build_object(
                  'child', coalesce(p.preferred_name, p.first_name) || ' ' || p.last_name, 'relationship', l.relationship,
                  'parentalResponsibility', l.parental_responsibility, 'contactBlocked', l.contact_blocked,
                  'blockedAt', l.blocked_at, 'linkedAt', l.created_at, 'updatedAt', l.updated_at)) ORDER BY l.created_at), '[]')
         FROM parent_link l JOIN pupil_profile p ON p.id = l.pupil_id WHERE l.parent_id = $1 AND l.school_id = $3::uuid)"""));
    }

    // --- rows as answers

    private static DirectoryAnswers.Settings settings(Row r) {
        return new DirectoryAnswers.Settings(
                r.getUUID("id"), r.getString("name"), r.getString("time_zone"), r.getBoolean("require_staff_mfa"));
    }

    private static DirectoryAnswers.Staff staff(Row r) {
        return new DirectoryAnswers.Staff(
                r.getUUID("id"),
                r.getString("email"),
                r.getString("display_name"),
                List.of(r.getArrayOfStrings("roles")),
                r.getBoolean("active"),
                r.getBoolean("mfa_enrolled"));
    }

    private static DirectoryAnswers.SchoolClass schoolClass(Row r) {
        JsonArray teachers = (JsonArray) r.getValue("teachers");
        return new DirectoryAnswers.SchoolClass(
                r.getUUID("id"),
                r.getString("name"),
                r.getInteger("year_group"),
                teachers.stream()
                        .map(t -> (io.vertx.core.json.JsonObject) t)
                        .map(t -> new DirectoryAnswers.Teacher(
                                UUID.fromString(t.getString("id")), t.getString("displayName")))
                        .toList());
    }

    private static DirectoryAnswers.Pupil pupil(Row r) {
        return new DirectoryAnswers.Pupil(
                r.getUUID("id"),
                r.getString("first_name"),
                r.getString("last_name"),
                r.getString("preferred_name"),
                r.getLocalDate("date_of_birth"),
                r.getInteger("year_group"),
                r.getBoolean("active"),
                r.getUUID("class_id"),
                r.getString("class_name"),
                r.getString("external_ref"));
    }

    private static DirectoryAnswers.ParentLink parentLink(Row r) {
        return new DirectoryAnswers.ParentLink(
                r.getUUID("parent_id"),
                r.getString("display_name"),
                r.getString("email"),
                r.getString("relationship"),
                r.getBoolean("parental_responsibility"),
                r.getBoolean("contact_blocked"),
                r.getBoolean("has_signed_in"));
    }
}
