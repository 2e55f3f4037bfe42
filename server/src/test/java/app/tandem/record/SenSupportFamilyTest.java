package app.tandem.record;

import static app.tandem.testing.ApiContract.assertResponse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.tandem.testing.Demo;
import app.tandem.testing.TestServer;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** SEN support is decided with the family: they read its plan, and are told when it ends. */
class SenSupportFamilyTest {
    static final String ELLIS = "0d000000-0000-4000-8000-000000000405";

    @RegisterExtension
    static TestServer server = new TestServer().withDemoData();

    private static HttpResponse<Buffer> upload(String pupil, String kind) {
        String senco = server.token(Demo.SENCO);
        return server.send(
                HttpMethod.POST,
                "/v1/pupils/" + pupil + "/documents?kind=" + kind + "&title=Plan&fileName=plan.pdf",
                Buffer.buffer("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"),
                r -> r.putHeader("Content-Type", "application/pdf").bearerTokenAuthentication(senco));
    }

    @Test
    void parentsReadTheirChildsSenSupportAndTransitionPlans() {
        for (String kind : new String[] {"sen-support-plan", "transition"}) {
            HttpResponse<Buffer> uploaded = upload(Demo.AMARA, kind);
            assertEquals(201, uploaded.statusCode(), uploaded.bodyAsString());
            JsonObject document = uploaded.bodyAsJsonObject();
            HttpResponse<Buffer> list =
                    server.get("/v1/pupils/" + Demo.AMARA + "/documents", server.token(Demo.PARENT));
            assertResponse("listPupilDocuments", list);
            assertTrue(list.bodyAsString().contains(document.getString("id")), kind + ": " + list.bodyAsString());
            String version = document.getJsonArray("versions").getJsonObject(0).getString("id");
            HttpResponse<Buffer> file = server.get(
                    "/v1/documents/" + document.getString("id") + "/versions/" + version, server.token(Demo.PARENT));
            assertEquals(200, file.statusCode(), kind);
            // Not another family's.
            assertEquals(
                    404,
                    server.get(
                                    "/v1/documents/" + document.getString("id") + "/versions/" + version,
                                    server.token(Demo.PARENT2))
                            .statusCode());
        }
    }

    @Test
    void leavingTheRegisterTellsTheFamilyAndIsRecordedEvenWithNoOneOnTheApp() {
        String senco = server.token(Demo.SENCO);
        HttpResponse<Buffer> ended = server.put(
                "/v1/pupils/" + Demo.AMARA + "/sen-status",
                new JsonObject().put("status", "monitoring").put("note", "Reading has caught up."),
                senco);
        assertResponse("setSenStatus", ended);
        assertEquals(200, ended.statusCode(), ended.bodyAsString());
        assertTrue(ended.bodyAsJsonObject().containsKey("formalNoticeId"), ended.bodyAsString());
        String noticeId = ended.bodyAsJsonObject().getString("formalNoticeId");
        HttpResponse<Buffer> notice = server.get("/v1/notices/" + noticeId, server.token(Demo.PARENT));
        assertResponse("getNotice", notice);
        assertEquals(
                "Amara is no longer receiving SEN support",
                notice.bodyAsJsonObject().getString("title"));

        // Ellis has a plan and no parent on the app: the change is recorded, the notice kept for paper.
        HttpResponse<Buffer> ellis =
                server.put("/v1/pupils/" + ELLIS + "/sen-status", new JsonObject().put("status", "none"), senco);
        assertEquals(200, ellis.statusCode(), ellis.bodyAsString());
        HttpResponse<Buffer> formal = server.get("/v1/pupils/" + ELLIS + "/formal-notices", senco);
        assertResponse("listFormalNotices", formal);
        assertTrue(formal.bodyAsString().contains("Ellis is no longer receiving SEN support"), formal.bodyAsString());
    }

    @Test
    void aClassTeacherProposesWithEvidenceAndTheSencoDecidesBothInTheHistory() {
        String teacher = server.token(Demo.TEACHER);
        String senco = server.token(Demo.SENCO);
        String path = "/v1/pupils/" + Demo.MAYA + "/sen-status";
        // Deciding alone is refused, saying what to do instead.
        app.tandem.testing.ApiContract.assertProblem(
                server.put(path, new JsonObject().put("status", "monitoring"), teacher), 403, "forbidden");

        HttpResponse<Buffer> proposed = server.post(
                path + "/proposals",
                new JsonObject()
                        .put("status", "monitoring")
                        .put("evidence", "Struggles to start written tasks; visual prompts helped for two weeks."),
                teacher);
        assertResponse("proposeSenStatus", proposed);
        assertEquals(201, proposed.statusCode(), proposed.bodyAsString());
        String proposal = proposed.bodyAsJsonObject().getString("id");
        assertEquals(
                1,
                server.count(
                        "SELECT count(*) FROM notification_outbox WHERE kind = 'sen-status-proposal' AND ref_id = '"
                                + proposal + "' AND user_id = '0d000000-0000-4000-8000-000000000102'"),
                "the SENCO is asked to decide");
        // A parent never sees proposals (Maya's family is not on the app; Amara's parent tries).
        app.tandem.testing.ApiContract.assertProblem(
                server.get("/v1/pupils/" + Demo.AMARA + "/sen-status/proposals", server.token(Demo.PARENT)),
                404,
                "not-found");

        HttpResponse<Buffer> decided =
                server.put(path, new JsonObject().put("status", "monitoring").put("proposalId", proposal), senco);
        assertResponse("setSenStatus", decided);
        assertEquals(200, decided.statusCode(), decided.bodyAsString());
        // The same proposal cannot be decided twice.
        assertEquals(
                "body.proposalId",
                app.tandem.testing.ApiContract.assertProblem(
                                server.put(
                                        path,
                                        new JsonObject().put("status", "none").put("proposalId", proposal),
                                        senco),
                                400,
                                "validation")
                        .getJsonArray("errors")
                        .getJsonObject(0)
                        .getString("field"));

        HttpResponse<Buffer> list = server.get(path + "/proposals", teacher);
        assertResponse("listSenStatusProposals", list);
        JsonObject item = list.bodyAsJsonObject().getJsonArray("items").getJsonObject(0);
        assertEquals("agreed", item.getString("decision"));
        assertEquals("Ruth Adeyemi", item.getString("decidedBy"));

        String changes =
                server.get("/v1/pupils/" + Demo.MAYA + "/record/changes", senco).bodyAsString();
        assertTrue(changes.contains("\"proposed\"") && changes.contains("\"agreed\""), changes);

        // Declined, with the reason, also kept.
        String second = server.post(
                        path + "/proposals",
                        new JsonObject().put("status", "sen-support").put("evidence", "Still finding it hard."),
                        teacher)
                .bodyAsJsonObject()
                .getString("id");
        app.tandem.testing.ApiContract.assertProblem(
                server.post(path + "/proposals/" + second + "/decline", new JsonObject().put("note", "No."), teacher),
                403,
                "forbidden");
        HttpResponse<Buffer> declined = server.post(
                path + "/proposals/" + second + "/decline",
                new JsonObject().put("note", "Let us try a term of class support first."),
                senco);
        assertResponse("declineSenStatusProposal", declined);
        assertEquals("declined", declined.bodyAsJsonObject().getString("decision"));
    }

    @Test
    void aDecisionAboutAChildWithNoOneOnTheAppIsRecordedAndListedForThePost() {
        String senco = server.token(Demo.SENCO);
        String noticeTitle = "Maya is now receiving SEN support";
        // Maya's family is not on the app: the decision stands and the notice waits for the post.
        server.sql("UPDATE pupil SET sen_status = 'none' WHERE id = '" + Demo.MAYA + "'");
        HttpResponse<Buffer> decided = server.put(
                "/v1/pupils/" + Demo.MAYA + "/sen-status", new JsonObject().put("status", "sen-support"), senco);
        assertEquals(200, decided.statusCode(), decided.bodyAsString());
        String noticeId = decided.bodyAsJsonObject().getString("formalNoticeId");

        HttpResponse<Buffer> paper = server.get("/v1/notices/paper", senco);
        assertResponse("listPaperNotices", paper);
        assertTrue(paper.bodyAsJsonObject().getJsonArray("items").stream()
                .map(JsonObject.class::cast)
                .anyMatch(n -> n.getString("id").equals(noticeId)
                        && n.getString("title").equals(noticeTitle)));
        app.tandem.testing.ApiContract.assertProblem(
                server.get("/v1/notices/paper", server.token(Demo.TEACHER)), 403, "forbidden");
        app.tandem.testing.ApiContract.assertProblem(
                server.post(
                        "/v1/notices/" + noticeId + "/posted",
                        new JsonObject().put("postedOn", "2026-12-07"),
                        server.token(Demo.TEACHER)),
                403,
                "forbidden");

        String today = server.clock().instant().toString().substring(0, 10);
        HttpResponse<Buffer> posted =
                server.post("/v1/notices/" + noticeId + "/posted", new JsonObject().put("postedOn", today), senco);
        assertResponse("markPaperNoticePosted", posted);
        assertEquals(204, posted.statusCode(), posted.bodyAsString());
        assertTrue(server.get("/v1/notices/paper", senco).bodyAsJsonObject().getJsonArray("items").stream()
                .map(JsonObject.class::cast)
                .noneMatch(n -> n.getString("id").equals(noticeId)));
        app.tandem.testing.ApiContract.assertProblem(
                server.post("/v1/notices/" + noticeId + "/posted", new JsonObject().put("postedOn", today), senco),
                409,
                "conflict");
        // A notice that reached a parent on the app is not a paper notice.
        String amaraNotice = server.get("/v1/pupils/" + Demo.AMARA + "/formal-notices", senco)
                .bodyAsJsonObject()
                .getJsonArray("items")
                .getJsonObject(0)
                .getString("id");
        app.tandem.testing.ApiContract.assertProblem(
                server.post("/v1/notices/" + amaraNotice + "/posted", new JsonObject().put("postedOn", today), senco),
                404,
                "not-found");
    }
}
