package app.tandem.directory;

import app.tandem.identity.SetupCodes;
import app.tandem.platform.Answer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** What the directory answers with; each turns itself into the contract's JSON at the edge. */
final class DirectoryAnswers {
    private DirectoryAnswers() {}

    record Settings(UUID id, String name, String timeZone, boolean requireStaffMfa) implements Answer {
        static Settings of(Row r) {
            return new Settings(
                    r.getUUID("id"), r.getString("name"), r.getString("time_zone"), r.getBoolean("require_staff_mfa"));
        }

        @Override
        public JsonObject toJson() {
            return new JsonObject()
                    .put("id", id.toString())
                    .put("name", name)
                    .put("timeZone", timeZone)
                    .put("requireStaffMfa", requireStaffMfa);
        }
    }

    record Staff(UUID id, String email, String displayName, List<String> roles, boolean active, boolean mfaEnrolled)
            implements Answer {
        static Staff of(Row r) {
            return new Staff(
                    r.getUUID("id"),
                    r.getString("email"),
                    r.getString("display_name"),
                    List.of(r.getArrayOfStrings("roles")),
                    r.getBoolean("active"),
                    r.getBoolean("mfa_enrolled"));
        }

        @Override
        public JsonObject toJson() {
            return new JsonObject()
                    .put("id", id.toString())
                    .put("email", email)
                    .put("displayName", displayName)
                    .put("roles", new JsonArray(roles))
                    .put("active", active)
                    .put("mfaEnrolled", mfaEnrolled);
        }
    }

    /** A new staff account with the setup code that lets them in. */
    record NewStaff(SetupCodes.Issued code, Staff staff) implements Answer {
        @Override
        public JsonObject toJson() {
            return code.toJson().put("staff", staff.toJson());
        }
    }

    record Teacher(UUID id, String displayName) {}

    record SchoolClass(UUID id, String name, int yearGroup, List<Teacher> teachers) implements Answer {
        static SchoolClass of(Row r) {
            JsonArray teachers = (JsonArray) r.getValue("teachers");
            return new SchoolClass(
                    r.getUUID("id"),
                    r.getString("name"),
                    r.getInteger("year_group"),
                    teachers.stream()
                            .map(JsonObject.class::cast)
                            .map(t -> new Teacher(UUID.fromString(t.getString("id")), t.getString("displayName")))
                            .toList());
        }

        @Override
        public JsonObject toJson() {
            JsonArray list = new JsonArray();
            teachers.forEach(
                    t -> list.add(new JsonObject().put("id", t.id().toString()).put("displayName", t.displayName())));
            return new JsonObject()
                    .put("id", id.toString())
                    .put("name", name)
                    .put("yearGroup", yearGroup)
                    .put("teachers", list);
        }
    }

    record Pupil(
            UUID id,
            String firstName,
            String lastName,
            String preferredName,
            LocalDate dateOfBirth,
            int yearGroup,
            boolean active,
            UUID classId,
            String className,
            String externalRef)
            implements Answer {
        static Pupil of(Row r) {
            return new Pupil(
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

        @Override
        public JsonObject toJson() {
            JsonObject json = new JsonObject()
                    .put("id", id.toString())
                    .put("firstName", firstName)
                    .put("lastName", lastName)
                    .put("dateOfBirth", dateOfBirth.toString())
                    .put("yearGroup", yearGroup)
                    .put("active", active);
            if (preferredName != null) json.put("preferredName", preferredName);
            if (classId != null) json.put("classId", classId.toString()).put("className", className);
            if (externalRef != null) json.put("externalRef", externalRef);
            return json;
        }
    }

    record ParentLink(
            UUID parentId,
            String displayName,
            String email,
            String relationship,
            boolean parentalResponsibility,
            boolean contactBlocked,
            boolean hasSignedIn)
            implements Answer {
        static ParentLink of(Row r) {
            return new ParentLink(
                    r.getUUID("parent_id"),
                    r.getString("display_name"),
                    r.getString("email"),
                    r.getString("relationship"),
                    r.getBoolean("parental_responsibility"),
                    r.getBoolean("contact_blocked"),
                    r.getBoolean("has_signed_in"));
        }

        @Override
        public JsonObject toJson() {
            return new JsonObject()
                    .put("parentId", parentId.toString())
                    .put("displayName", displayName)
                    .put("email", email)
                    .put("relationship", relationship)
                    .put("parentalResponsibility", parentalResponsibility)
                    .put("contactBlocked", contactBlocked)
                    .put("hasSignedIn", hasSignedIn);
        }
    }

    /** What an import did (or, on a dry run, would do). */
    record Imported(
            boolean dryRun,
            int rows,
            int classesCreated,
            int pupilsCreated,
            int pupilsUpdated,
            int parentsCreated,
            int linksCreated)
            implements Answer {
        @Override
        public JsonObject toJson() {
            return new JsonObject()
                    .put("classesCreated", classesCreated)
                    .put("pupilsCreated", pupilsCreated)
                    .put("pupilsUpdated", pupilsUpdated)
                    .put("parentsCreated", parentsCreated)
                    .put("linksCreated", linksCreated)
                    .put("dryRun", dryRun)
                    .put("rows", rows);
        }
    }
}
