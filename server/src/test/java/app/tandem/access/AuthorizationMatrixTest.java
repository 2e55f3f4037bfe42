package app.tandem.access;

import static app.tandem.testing.Callers.ADMIN;
import static app.tandem.testing.Callers.CLASS_TEACHER;
import static app.tandem.testing.Callers.SENCO;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.tandem.testing.ApiContract;
import app.tandem.testing.Await;
import app.tandem.testing.Callers;
import app.tandem.testing.Demo;
import app.tandem.testing.TestServer;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * For every operation in the contract that names a pupil, every kind of caller is tried against the
 * pupil Leo: those allowed succeed, everyone else gets 404, exactly as for a pupil that does not
 * exist, except those a case names as knowing the pupil but not allowed this (403). The table is checked against the contract, so a new pupil-scoped operation without an
 * entry here fails the build.
 */
class AuthorizationMatrixTest {
    @RegisterExtension
    static TestServer server = new TestServer().withDemoData();

    private static final String LEO_PARENT = "0d000000-0000-4000-8000-000000000202";

    /** How to call an operation for Leo, and which callers may. */
    private record Case(
            HttpMethod method,
            Function<String, String> path,
            JsonObject body,
            Set<String> allowed,
            Set<String> forbidden) {
        Case(HttpMethod method, Function<String, String> path, JsonObject body, Set<String> allowed) {
            this(method, path, body, allowed, Set.of());
        }
    }

    private static Map<String, String> tokens;

    @BeforeAll
    static void signEveryoneIn() {
        Callers.addOtherSchool(server);
        tokens = Callers.all(server);
    }

    private static final Set<String> READERS = Set.of(Callers.LINKED_PARENT, CLASS_TEACHER, SENCO);
    private static final Set<String> WRITERS = Set.of(CLASS_TEACHER, SENCO);
    private static final String LEO_OUTCOME = "0d000000-0000-4000-8000-000000000804";
    private static final String LEO_PROGRESS = "0d000000-0000-4000-8000-000000000836";

    /** A path per call: some operations need a fresh resource each time (a device to sign out). */
    private static final Map<String, Case> CASES = Map.ofEntries(
            Map.entry(
                    "createPupilPairingCode",
                    new Case(
                            HttpMethod.POST,
                            t -> "/v1/pupils/" + Demo.LEO + "/pairing-codes",
                            null,
                            Set.of(CLASS_TEACHER, SENCO, ADMIN))),
            Map.entry(
                    "listPupilDevices",
                    new Case(
                            HttpMethod.GET,
                            t -> "/v1/pupils/" + Demo.LEO + "/devices",
                            null,
                            Set.of(CLASS_TEACHER, SENCO, ADMIN))),
            Map.entry(
                    "revokePupilDevice",
                    new Case(
                            HttpMethod.DELETE,
                            t -> "/v1/pupils/" + Demo.LEO + "/devices/" + freshDevice(),
                            null,
                            Set.of(CLASS_TEACHER, SENCO, ADMIN))),
            Map.entry(
                    "updatePupil",
                    new Case(
                            HttpMethod.PATCH,
                            t -> "/v1/pupils/" + Demo.LEO,
                            new JsonObject().put("preferredName", "Leo"),
                            Set.of(SENCO, ADMIN))),
            Map.entry(
                    "deactivatePupil",
                    new Case(HttpMethod.DELETE, t -> "/v1/pupils/" + Demo.LEO, null, Set.of(SENCO, ADMIN))),
            Map.entry(
                    "listPupilParents",
                    new Case(HttpMethod.GET, t -> "/v1/pupils/" + Demo.LEO + "/parents", null, Set.of(SENCO, ADMIN))),
            Map.entry(
                    "updateParentLink",
                    new Case(
                            HttpMethod.PATCH,
                            t -> "/v1/pupils/" + Demo.LEO + "/parents/" + LEO_PARENT,
                            new JsonObject().put("relationship", "father"),
                            Set.of(SENCO, ADMIN))),
            Map.entry(
                    "listFormalNotices",
                    new Case(
                            HttpMethod.GET,
                            t -> "/v1/pupils/" + Demo.LEO + "/formal-notices",
                            null,
                            Set.of(Callers.LINKED_PARENT, CLASS_TEACHER, SENCO))),
            Map.entry(
                    "sendFormalNotice",
                    new Case(
                            HttpMethod.POST,
                            t -> "/v1/pupils/" + Demo.LEO + "/formal-notices",
                            new JsonObject()
                                    .put("title", "About Leo's support")
                                    .put("body", "Please acknowledge this notice."),
                            Set.of(CLASS_TEACHER, SENCO))),
            Map.entry("getSendRecord", new Case(HttpMethod.GET, t -> leo("/record"), null, READERS)),
            Map.entry("listRecordChanges", new Case(HttpMethod.GET, t -> leo("/record/changes"), null, WRITERS)),
            Map.entry(
                    "setSenStatus",
                    new Case(
                            HttpMethod.PUT,
                            t -> leo("/sen-status"),
                            new JsonObject()
                                    .put("status", "ehc-plan")
                                    .put("planIssuedOn", "2026-05-01")
                                    .put("localAuthority", "Northshire County Council"),
                            Set.of(SENCO, Callers.ADMIN),
                            Set.of(CLASS_TEACHER))),
            Map.entry(
                    "proposeSenStatus",
                    new Case(
                            HttpMethod.POST,
                            t -> leo("/sen-status/proposals"),
                            new JsonObject().put("status", "sen-support").put("evidence", "Reading has stalled."),
                            WRITERS)),
            Map.entry(
                    "listSenStatusProposals",
                    new Case(HttpMethod.GET, t -> leo("/sen-status/proposals"), null, WRITERS)),
            Map.entry(
                    "declineSenStatusProposal",
                    new Case(
                            HttpMethod.POST,
                            t -> leo("/sen-status/proposals/" + freshProposal() + "/decline"),
                            new JsonObject().put("note", "Let us try a term of class support first."),
                            Set.of(SENCO, Callers.ADMIN),
                            Set.of(CLASS_TEACHER))),
            Map.entry(
                    "addNeed",
                    new Case(
                            HttpMethod.POST,
                            t -> leo("/needs"),
                            new JsonObject()
                                    .put("area", "sensory-physical")
                                    .put("description", "Needs a seat near the front."),
                            WRITERS)),
            Map.entry(
                    "endNeed", new Case(HttpMethod.POST, t -> leo("/needs/" + fresh("need") + "/end"), null, WRITERS)),
            Map.entry("listOutcomes", new Case(HttpMethod.GET, t -> leo("/outcomes"), null, READERS)),
            Map.entry("listPupilDocuments", new Case(HttpMethod.GET, t -> leo("/documents"), null, READERS)),
            Map.entry("listRecordAccess", new Case(HttpMethod.GET, t -> leo("/record-access"), null, READERS)),
            Map.entry(
                    "getParentsReading",
                    new Case(
                            HttpMethod.GET,
                            t -> leo("/parents-reading"),
                            null,
                            Set.of(Callers.THE_PUPIL, CLASS_TEACHER, SENCO))),
            Map.entry(
                    "recordParentsReading",
                    new Case(
                            HttpMethod.PUT,
                            t -> youngLeo("/parents-reading"),
                            new JsonObject().put("parentsRead", false).put("requestedOn", "2026-11-01"),
                            Set.of(SENCO))),
            Map.entry(
                    "inviteYoungPerson",
                    new Case(
                            HttpMethod.POST,
                            t -> youngLeo("/young-person-invitation"),
                            new JsonObject().put("email", "leo.whitfield@example.net"),
                            Set.of(SENCO, ADMIN))),
            Map.entry(
                    "listCapacityAssessments",
                    new Case(
                            HttpMethod.GET,
                            t -> leo("/capacity-assessments"),
                            null,
                            Set.of(Callers.LINKED_PARENT, SENCO, Callers.THE_PUPIL))),
            Map.entry(
                    "recordCapacityAssessment",
                    new Case(
                            HttpMethod.POST,
                            t -> leo("/capacity-assessments"),
                            new JsonObject()
                                    .put("decision", "document-sharing")
                                    .put("assessedOn", "2026-11-01")
                                    .put("assessedBy", "Dr Ana Costa, educational psychologist")
                                    .put("outcome", "has-capacity"),
                            Set.of(SENCO))),
            Map.entry(
                    "uploadDocument",
                    new Case(
                            HttpMethod.POST,
                            t -> leo("/documents?kind=other&title=Note&fileName=note.pdf"),
                            null,
                            Set.of(SENCO))),
            Map.entry(
                    "listConsents",
                    new Case(HttpMethod.GET, t -> leo("/consents"), null, Set.of(Callers.LINKED_PARENT, SENCO))),
            Map.entry(
                    "grantConsent",
                    new Case(
                            HttpMethod.POST,
                            t -> leo("/consents"),
                            new JsonObject()
                                    .put("purpose", "health-service")
                                    .put("recipientOrganisation", "Northshire Community Paediatrics")
                                    .put("documentKinds", new io.vertx.core.json.JsonArray().add("ehc-plan"))
                                    .put(
                                            "expiresOn",
                                            java.time.LocalDate.now()
                                                    .plusMonths(3)
                                                    .toString())
                                    .put("givenBy", LEO_PARENT),
                            Set.of(Callers.LINKED_PARENT, SENCO))),
            Map.entry("listShares", new Case(HttpMethod.GET, t -> leo("/shares"), null, Set.of(SENCO))),
            Map.entry(
                    "createShare",
                    new Case(
                            HttpMethod.POST,
                            t -> leo("/shares"),
                            new JsonObject()
                                    .put(
                                            "versionIds",
                                            new io.vertx.core.json.JsonArray()
                                                    .add("0d000000-0000-4000-8000-000000000b12"))
                                    .put("recipientName", "Ofsted inspector")
                                    .put("recipientOrganisation", "Ofsted")
                                    .put("purpose", "Inspection")
                                    .put("statutoryBasis", "ofsted-inspection")
                                    .put("basisReference", "Inspection 10123456"),
                            Set.of(SENCO))),
            Map.entry(
                    "listDisclosures",
                    new Case(HttpMethod.GET, t -> leo("/disclosures"), null, Set.of(Callers.LINKED_PARENT, SENCO))),
            Map.entry(
                    "listPupilViews",
                    new Case(
                            HttpMethod.GET,
                            t -> leo("/views"),
                            null,
                            Set.of(Callers.LINKED_PARENT, CLASS_TEACHER, SENCO, Callers.THE_PUPIL))),
            Map.entry("getViewsForReview", new Case(HttpMethod.GET, t -> leo("/views/review-pack"), null, WRITERS)),
            Map.entry(
                    "addOutcome",
                    new Case(
                            HttpMethod.POST,
                            t -> leo("/outcomes"),
                            new JsonObject()
                                    .put("area", "cognition-learning")
                                    .put("title", "Count to twenty")
                                    .put("pupilTitle", "I am learning to count to twenty")
                                    .put("symbol", "numbers")
                                    .put("agreedWith", new io.vertx.core.json.JsonArray().add("staff"))
                                    .put("reviewOn", "2027-03-01"),
                            WRITERS)),
            Map.entry(
                    "closeOutcome",
                    new Case(
                            HttpMethod.POST,
                            t -> leo("/outcomes/" + fresh("outcome") + "/closure"),
                            new JsonObject().put("result", "achieved"),
                            WRITERS)),
            Map.entry(
                    "addProgress",
                    new Case(
                            HttpMethod.POST,
                            t -> leo("/outcomes/" + LEO_OUTCOME + "/progress"),
                            new JsonObject().put("rating", 3).put("note", "Asked for help twice today."),
                            WRITERS)),
            Map.entry(
                    "commentOnProgress",
                    new Case(
                            HttpMethod.POST,
                            t -> leo("/outcomes/" + LEO_OUTCOME + "/progress/" + LEO_PROGRESS + "/comments"),
                            new JsonObject().put("text", "He told us about this at home too."),
                            Set.of(Callers.LINKED_PARENT))),
            Map.entry("listProvision", new Case(HttpMethod.GET, t -> leo("/provision"), null, READERS)),
            Map.entry(
                    "addProvision",
                    new Case(
                            HttpMethod.POST,
                            t -> leo("/provision"),
                            new JsonObject()
                                    .put("name", "Movement break")
                                    .put("description", "Five minutes outside after lunch.")
                                    .put("pupilDescription", "I have a break outside after lunch.")
                                    .put("frequency", "Every day")
                                    .put("deliveredBy", "Class team")
                                    .put("startsOn", "2026-11-02"),
                            WRITERS)),
            Map.entry(
                    "logProvisionSession",
                    new Case(
                            HttpMethod.POST,
                            t -> leo("/provision/" + fresh("provision") + "/sessions"),
                            new JsonObject().put("heldOn", "2026-11-10").put("delivered", true),
                            WRITERS)),
            Map.entry("listCycles", new Case(HttpMethod.GET, t -> leo("/cycles"), null, READERS)),
            Map.entry(
                    "getCycleSummary",
                    new Case(HttpMethod.GET, t -> leo("/cycles/" + fresh("cycle") + "/summary"), null, READERS)),
            Map.entry("getYearSummary", new Case(HttpMethod.GET, t -> leo("/year-summary"), null, READERS)),
            Map.entry(
                    "createAssessmentRequest",
                    new Case(
                            HttpMethod.POST,
                            t -> leo("/assessment-requests"),
                            new JsonObject()
                                    .put("requestedBy", "school")
                                    .put("localAuthority", "Northshire County Council")
                                    .put("reason", "A re-assessment after the annual review.")
                                    .put("reassessment", true)
                                    .put("askViews", false),
                            Set.of(SENCO))),
            Map.entry(
                    "raiseDisagreement",
                    new Case(
                            HttpMethod.POST,
                            t -> leo("/disagreements"),
                            new JsonObject().put("about", "provision").put("summary", "The speech therapy stopped."),
                            Set.of(Callers.LINKED_PARENT),
                            // Families raise disagreements: staff are told so, whichever pupil they name.
                            Set.of(CLASS_TEACHER, Callers.OTHER_TEACHER, SENCO, Callers.OTHER_SCHOOL_SENCO, ADMIN))),
            Map.entry(
                    "listDisagreements",
                    new Case(HttpMethod.GET, t -> leo("/disagreements"), null, Set.of(Callers.LINKED_PARENT, SENCO))),
            Map.entry(
                    "openCycle",
                    new Case(
                            HttpMethod.POST,
                            t -> {
                                server.sql(
                                        "UPDATE review_cycle SET closed_at = now(), review_record = 'closed for the next test' WHERE pupil_id = '"
                                                + Demo.LEO + "' AND closed_at IS NULL");
                                return leo("/cycles");
                            },
                            new JsonObject()
                                    .put("reviewOn", "2027-02-01")
                                    .put("outcomeIds", new io.vertx.core.json.JsonArray().add(LEO_OUTCOME)),
                            WRITERS)),
            Map.entry("listBookableSlots", new Case(HttpMethod.GET, t -> leo("/slots"), null, READERS)),
            Map.entry(
                    "scheduleAnnualReview",
                    new Case(
                            HttpMethod.POST,
                            t -> leo("/annual-reviews" + clearLeosAnnualReviews()),
                            new JsonObject()
                                    .put("meetingAt", "2027-01-15T10:00:00Z")
                                    .put("place", "Room 5")
                                    .put(
                                            "invitees",
                                            new io.vertx.core.json.JsonArray()
                                                    .add(new JsonObject()
                                                            .put("name", "Leo's parent")
                                                            .put("role", "parent"))),
                            Set.of(SENCO, ADMIN))),
            Map.entry(
                    "closeCycle",
                    new Case(
                            HttpMethod.POST,
                            t -> leo("/cycles/" + fresh("cycle") + "/closure"),
                            new JsonObject()
                                    .put("reviewRecord", "Leo asks for help more often.")
                                    .put("nextSteps", "Keep the quiet start.")
                                    .put("ratings", new io.vertx.core.json.JsonArray()),
                            WRITERS)));

    private static String leo(String rest) {
        return "/v1/pupils/" + Demo.LEO + rest;
    }

    /** Cancels Leo's annual review meetings, so each caller allowed to schedule one finds the time free. */
    private static String clearLeosAnnualReviews() {
        app.tandem.testing.Rounds.cancelAnnualReviews(server, Demo.LEO);
        return "";
    }

    /** A need, outcome, provision or open cycle of Leo's, made for one call that uses it up. */
    private static String fresh(String kind) {
        String id = java.util.UUID.randomUUID().toString();
        String school = Demo.SCHOOL;
        String staff = "0d000000-0000-4000-8000-000000000102";
        server.sql(
                switch (kind) {
                    case "need" -> "INSERT INTO need (id, school_id, pupil_id, area, description, created_by, created_at) VALUES ('"
                            + id + "', '" + school + "', '" + Demo.LEO + "', 'sensory-physical', 'A need', '" + staff
                            + "', now())";
                    case "outcome" -> "INSERT INTO outcome (id, school_id, pupil_id, area, title, pupil_title, symbol, agreed_with, starts_on, review_on,"
                            + " created_by, created_at) VALUES ('" + id + "', '" + school + "', '" + Demo.LEO
                            + "', 'cognition-learning', 'A goal', 'My goal',"
                            + " 'goal', '{staff}', current_date, current_date + 30, '" + staff + "', now())";
                    case "provision" -> "INSERT INTO provision (id, school_id, pupil_id, name, description, pupil_description, frequency, delivered_by,"
                            + " starts_on, created_by, created_at) VALUES ('" + id + "', '" + school + "', '" + Demo.LEO
                            + "', 'Help', 'Help', 'Help', 'Daily',"
                            + " 'Class team', '2026-11-01', '" + staff + "', now())";
                    default -> "UPDATE review_cycle SET closed_at = now(), review_record = 'closed for the next test' WHERE pupil_id = '"
                            + Demo.LEO
                            + "' AND closed_at IS NULL; INSERT INTO review_cycle (id, school_id, pupil_id, opened_on, review_on, opened_by) VALUES ('"
                            + id
                            + "', '" + school + "', '" + Demo.LEO + "', current_date, current_date + 40, '" + staff
                            + "')";
                });
        return id;
    }

    @Test
    void everyPupilScopedOperationHasAnEntry() {
        Set<String> scoped = new TreeSet<>();
        JsonObject paths = ApiContract.document().getJsonObject("paths");
        for (String path : paths.fieldNames()) {
            if (!path.contains("{pupilId}")) continue;
            JsonObject item = paths.getJsonObject(path);
            for (String method : item.fieldNames()) {
                if (item.getValue(method) instanceof JsonObject op) scoped.add(op.getString("operationId"));
            }
        }
        assertEquals(scoped, new TreeSet<>(CASES.keySet()));
    }

    @Test
    void onlyTheRightCallersReachEachPupilScopedOperation() {
        List<String> wrong = new ArrayList<>();
        for (Map.Entry<String, Case> entry : new java.util.TreeMap<>(CASES).entrySet()) {
            Case c = entry.getValue();
            for (Map.Entry<String, String> caller : tokens.entrySet()) {
                HttpResponse<Buffer> response = call(entry.getKey(), c, caller.getValue());
                boolean allowed = c.allowed().contains(caller.getKey());
                // Someone who may see the pupil but not do this (a class teacher deciding SEN status) is told so.
                int refused = c.forbidden().contains(caller.getKey()) ? 403 : 404;
                if (allowed && response.statusCode() >= 300)
                    wrong.add(entry.getKey() + " as " + caller.getKey() + ": " + response.statusCode());
                if (!allowed && response.statusCode() != refused)
                    wrong.add(entry.getKey() + " as " + caller.getKey() + " should be " + refused + ", was "
                            + response.statusCode());
                if (!allowed) ApiContract.assertProblem(response, refused, refused == 403 ? "forbidden" : "not-found");
                else ApiContract.assertResponse(entry.getKey(), response);
                if (allowed && entry.getKey().equals("deactivatePupil")) restoreLeo();
            }
            if (Set.of("inviteYoungPerson", "recordParentsReading").contains(entry.getKey())) childLeo();
        }
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
    }

    /** Operations whose body is a file rather than JSON. */
    private static final Map<String, Buffer> FILES = Map.of(
            "uploadDocument",
            Buffer.buffer("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"));

    private static HttpResponse<Buffer> call(String operation, Case c, String token) {
        Buffer file = FILES.get(operation);
        Buffer body = file != null ? file : c.body() == null ? null : c.body().toBuffer();
        return server.send(c.method(), c.path().apply(token), body, r -> {
            if (body != null) r.putHeader("Content-Type", file != null ? "application/pdf" : "application/json");
            return r.bearerTokenAuthentication(token);
        });
    }

    /** An open proposal of a SEN status for Leo, made by his class teacher for this one call. */
    private static String freshProposal() {
        return server.post(
                        leo("/sen-status/proposals"),
                        new JsonObject().put("status", "monitoring").put("evidence", "Finds group work hard."),
                        tokens.get(CLASS_TEACHER))
                .bodyAsJsonObject()
                .getString("id");
    }

    /** A device of Leo's to sign out, paired for this one call. */
    private static String freshDevice() {
        Callers.pupilToken(server, Demo.LEO);
        return server.get("/v1/pupils/" + Demo.LEO + "/devices", tokens.get(SENCO))
                .bodyAsJsonObject()
                .getJsonArray("items")
                .getJsonObject(0)
                .getString("id");
    }

    /** Leo's path, with Leo made a young person first (these operations are only for young people). */
    private static String youngLeo(String rest) {
        server.sql("UPDATE pupil SET date_of_birth = '2010-08-31' WHERE id = '" + Demo.LEO + "'");
        return leo(rest);
    }

    /** Leo a child again, his parents reading his record, for the operations that follow. */
    private static void childLeo() {
        server.sql("UPDATE pupil SET date_of_birth = '2015-11-23' WHERE id = '" + Demo.LEO + "';"
                + " UPDATE parents_reading_withheld SET ended_on = current_date, ended_by = recorded_by, ended_at = now()"
                + " WHERE ended_at IS NULL; NOTIFY tandem_directory");
        parentReadsLeoAgain();
    }

    /** Undoes an allowed deactivation, so the next caller meets the same Leo (and Leo a live device). */
    private static void restoreLeo() {
        server.sql("UPDATE pupil SET active = true WHERE id = '" + Demo.LEO + "'; NOTIFY tandem_directory");
        tokens.put(Callers.THE_PUPIL, Callers.pupilToken(server, Demo.LEO));
        parentReadsLeoAgain();
    }

    /** Waits until the notification has reached this replica's listener: Leo's parent reads his record again. */
    private static void parentReadsLeoAgain() {
        Await.until(
                "Leo's parent reads his record again",
                Duration.ofSeconds(5),
                () -> server.get("/v1/pupils/" + Demo.LEO + "/record", tokens.get(Callers.LINKED_PARENT))
                                .statusCode()
                        == 200);
    }
}
