package app.tandem.directory;

import app.tandem.identity.SetupCodes;
import app.tandem.platform.Answer;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** What the directory answers with; each is its JSON, field by field. */
final class DirectoryAnswers {
    private DirectoryAnswers() {}

    record Settings(UUID id, String name, String timeZone, boolean requireStaffMfa) implements Answer {}

    record Staff(UUID id, String email, String displayName, List<String> roles, boolean active, boolean mfaEnrolled)
            implements Answer {}

    /** A new staff account with the setup code that lets them in. */
    record NewStaff(@JsonUnwrapped SetupCodes.Issued code, Staff staff) implements Answer {}

    record Teacher(UUID id, String displayName) {}

    record SchoolClass(UUID id, String name, int yearGroup, List<Teacher> teachers) implements Answer {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
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
            implements Answer {}

    record ParentLink(
            UUID parentId,
            String displayName,
            String email,
            String relationship,
            boolean parentalResponsibility,
            boolean contactBlocked,
            boolean hasSignedIn)
            implements Answer {}

    /** What an import did (or, on a dry run, would do). */
    record Imported(
            boolean dryRun,
            int rows,
            int classesCreated,
            int pupilsCreated,
            int pupilsUpdated,
            int parentsCreated,
            int linksCreated)
            implements Answer {}
}
