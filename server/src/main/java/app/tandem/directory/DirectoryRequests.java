package app.tandem.directory;

import app.tandem.platform.Requests;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * The directory's requests as typed values, made from bodies the contract has already checked.
 * In a change, null means "keep what is there".
 */
final class DirectoryRequests {
    private DirectoryRequests() {}

    record SettingsChange(Boolean requireStaffMfa, String timeZone) {
        static SettingsChange from(JsonObject b) {
            return new SettingsChange(b.getBoolean("requireStaffMfa"), b.getString("timeZone"));
        }
    }

    record NewStaff(String email, String displayName, String[] roles) {
        static NewStaff from(JsonObject b) {
            return new NewStaff(
                    b.getString("email").toLowerCase(Locale.ROOT),
                    b.getString("displayName"),
                    strings(b.getJsonArray("roles")));
        }
    }

    record StaffChange(String displayName, String[] roles) {
        static StaffChange from(JsonObject b) {
            return new StaffChange(b.getString("displayName"), strings(b.getJsonArray("roles")));
        }

        boolean dropsAdmin() {
            return roles != null && !List.of(roles).contains("admin");
        }
    }

    record NewClass(String name, int yearGroup, List<UUID> teacherIds) {
        static NewClass from(JsonObject b) {
            return new NewClass(b.getString("name"), b.getInteger("yearGroup"), Requests.ids(b, "teacherIds"));
        }
    }

    record ClassChange(String name, Integer yearGroup, List<UUID> teacherIds) {
        static ClassChange from(JsonObject b) {
            return new ClassChange(
                    b.getString("name"),
                    b.getInteger("yearGroup"),
                    b.containsKey("teacherIds") ? Requests.ids(b, "teacherIds") : null);
        }
    }

    /**
     * A pupil's directory entry: all of it for a new pupil (the contract requires the names, date
     * of birth and year group), or what changes (null keeps what is there; the reference is fixed).
     */
    record Pupil(
            UUID classId,
            String firstName,
            String lastName,
            String preferredName,
            LocalDate dateOfBirth,
            Integer yearGroup,
            String externalRef) {
        static Pupil from(JsonObject b) {
            return new Pupil(
                    id(b.getString("classId")),
                    b.getString("firstName"),
                    b.getString("lastName"),
                    b.getString("preferredName"),
                    b.getString("dateOfBirth") == null ? null : LocalDate.parse(b.getString("dateOfBirth")),
                    b.getInteger("yearGroup"),
                    b.getString("externalRef"));
        }
    }

    record LinkChange(String relationship, Boolean parentalResponsibility, Boolean contactBlocked) {
        static LinkChange from(JsonObject b) {
            return new LinkChange(
                    b.getString("relationship"),
                    b.getBoolean("parentalResponsibility"),
                    b.getBoolean("contactBlocked"));
        }
    }

    private static String[] strings(JsonArray array) {
        return array == null ? null : array.stream().map(Object::toString).toArray(String[]::new);
    }

    private static UUID id(String value) {
        return value == null ? null : UUID.fromString(value);
    }
}
