package app.tandem.audit;

import static app.tandem.testing.ApiContract.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;

import app.tandem.testing.Await;
import app.tandem.testing.Callers;
import app.tandem.testing.Demo;
import app.tandem.testing.TestServer;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What the audit log records, for whom, and what its chain covers. */
class AuditCoverageTest {
    @RegisterExtension
    static TestServer server = new TestServer().withDemoData();

    private static final String LEO_PLAN = "0d000000-0000-4000-8000-000000000b01";
    private static final String LEO_PLAN_V2 = "0d000000-0000-4000-8000-000000000b12";

    @Test
    void anotherSchoolGuessingOurIdsLearnsNoPupilIdFromItsOwnLog() {
        Callers.addOtherSchool(server);
        String outsider = server.token(Callers.OTHER_SCHOOL_SENCO_EMAIL);
        assertProblem(server.get("/v1/documents/" + LEO_PLAN + "/versions/" + LEO_PLAN_V2, outsider), 404, "not-found");
        assertProblem(server.get("/v1/pupils/" + Demo.LEO + "/record", outsider), 404, "not-found");
        Await.until(
                "both refusals are in the other school's log",
                Duration.ofSeconds(5),
                () -> server.count("SELECT count(*) FROM audit_event WHERE school_id = '" + Callers.OTHER_SCHOOL
                                + "' AND operation IN ('getDocumentVersion', 'getSendRecord')")
                        == 2);
        assertEquals(
                0,
                server.count("SELECT count(*) FROM audit_event WHERE school_id = '" + Callers.OTHER_SCHOOL
                        + "' AND pupil_id IS NOT NULL"),
                "a guessed id never becomes our pupil's id in their log");
    }
}
