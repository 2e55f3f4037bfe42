package app.tandem.assessment;

import app.tandem.platform.Requests;
import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** What the assessment operations take, read from bodies the contract has already validated. */
final class AssessmentRequests {
    private AssessmentRequests() {}

    /** Who asked the local authority: the school with the family, or the family themselves. */
    enum RequestedBy {
        SCHOOL("school"),
        PARENTS("parents"),
        YOUNG_PERSON("young-person");

        final String wire;

        RequestedBy(String wire) {
            this.wire = wire;
        }

        static RequestedBy of(String wire) {
            for (RequestedBy by : values()) if (by.wire.equals(wire)) return by;
            throw new IllegalArgumentException("requestedBy " + wire);
        }
    }

    record NewRequest(
            RequestedBy requestedBy,
            boolean reassessment,
            String localAuthority,
            String reason,
            LocalDate sentOn,
            boolean askViews,
            List<UUID> viewIds) {
        static NewRequest from(JsonObject b) {
            return new NewRequest(
                    RequestedBy.of(b.getString("requestedBy")),
                    b.getBoolean("reassessment", false),
                    Requests.text(b, "localAuthority"),
                    Requests.text(b, "reason"),
                    Requests.date(b, "sentOn"),
                    b.getBoolean("askViews", true),
                    Requests.ids(b, "viewIds"));
        }
    }

    record StepTaken(
            AssessmentStep step,
            LocalDate on,
            String note,
            UUID documentId,
            LocalDate planReviewDue,
            List<UUID> viewIds) {
        static StepTaken from(JsonObject b) {
            return new StepTaken(
                    AssessmentStep.of(b.getString("step")),
                    Requests.date(b, "on"),
                    Requests.text(b, "note"),
                    Requests.id(b, "documentId"),
                    Requests.date(b, "planReviewDue"),
                    Requests.ids(b, "viewIds"));
        }
    }

    /** The family's views on a draft plan. */
    record FamilyViews(String views, String preferredSchool, UUID attachmentId) {
        static FamilyViews from(JsonObject b) {
            return new FamilyViews(
                    Requests.text(b, "views"), Requests.text(b, "preferredSchool"), Requests.id(b, "attachmentId"));
        }
    }
}
