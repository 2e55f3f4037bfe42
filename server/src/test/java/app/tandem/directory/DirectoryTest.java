package app.tandem.directory;

import static app.tandem.testing.ApiContract.assertProblem;
import static app.tandem.testing.ApiContract.assertResponse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.tandem.testing.Demo;
import app.tandem.testing.TestServer;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Staff manage the directory; every change to who may see what takes effect on the next request. */
class DirectoryTest {
    @RegisterExtension
    static TestServer server = new TestServer().withDemoData();

    private static HttpResponse<Buffer> patch(String path, JsonObject body, String token) {
        return server.send(HttpMethod.PATCH, path, body.toBuffer(), r -> r.putHeader("Content-Type", "application/json")
                .bearerTokenAuthentication(token));
    }

    @Test
    void newStaffSetTheirPasswordWithTheirSetupCode() {
        HttpResponse<Buffer> created = server.post(
                "/v1/staff",
                new JsonObject()
                        .put("email", "New.Teacher@example.org")
                        .put("displayName", "Ana Lopes")
                        .put("roles", new JsonArray().add("teacher")),
                server.token(Demo.ADMIN));
        assertResponse("createStaff", created);
        assertEquals(201, created.statusCode());
        String code = created.bodyAsJsonObject().getString("setupCode");

        HttpResponse<Buffer> joined = server.post(
                "/v1/auth/invitations/redeem",
                new JsonObject()
                        .put("code", code)
                        .put("email", "new.teacher@example.org")
                        .put("password", "plum orchard lantern"),
                null);
        assertEquals(201, joined.statusCode(), joined.bodyAsString());
        JsonObject me = server.get("/v1/me", joined.bodyAsJsonObject().getString("accessToken"))
                .bodyAsJsonObject();
        assertEquals("staff", me.getString("kind"));
        assertEquals(new JsonArray().add("teacher"), me.getJsonArray("roles"));

        assertProblem(
                server.post(
                        "/v1/staff",
                        new JsonObject()
                                .put("email", "new.teacher@example.org")
                                .put("displayName", "Someone Else")
                                .put("roles", new JsonArray().add("teacher")),
                        server.token(Demo.ADMIN)),
                409,
                "conflict");
    }

    @Test
    void onlyAdminsManageStaffAndNoAdminCanLockThemselvesOut() {
        assertProblem(server.get("/v1/staff", server.token(Demo.TEACHER)), 403, "forbidden");
        assertProblem(server.get("/v1/staff", server.token(Demo.PARENT)), 403, "forbidden");
        HttpResponse<Buffer> staff = server.get("/v1/staff?limit=2", server.token(Demo.ADMIN));
        assertResponse("listStaff", staff);
        assertEquals(2, staff.bodyAsJsonObject().getJsonArray("items").size());

        String adminId = "0d000000-0000-4000-8000-000000000101";
        assertProblem(
                patch(
                        "/v1/staff/" + adminId,
                        new JsonObject().put("roles", new JsonArray().add("teacher")),
                        server.token(Demo.ADMIN)),
                409,
                "conflict");
        assertProblem(server.delete("/v1/staff/" + adminId, server.token(Demo.ADMIN)), 409, "conflict");
    }

    @Test
    void aDeactivatedMemberOfStaffIsSignedOutAtOnce() {
        HttpResponse<Buffer> created = server.post(
                "/v1/staff",
                new JsonObject()
                        .put("email", "leaving@example.org")
                        .put("displayName", "Leaving Soon")
                        .put("roles", new JsonArray().add("teacher")),
                server.token(Demo.ADMIN));
        String id = created.bodyAsJsonObject().getJsonObject("staff").getString("id");
        String token = server.post(
                        "/v1/auth/invitations/redeem",
                        new JsonObject()
                                .put("code", created.bodyAsJsonObject().getString("setupCode"))
                                .put("email", "leaving@example.org")
                                .put("password", "plum orchard lantern"),
                        null)
                .bodyAsJsonObject()
                .getString("accessToken");
        assertEquals(200, server.get("/v1/me", token).statusCode());

        assertEquals(
                204, server.delete("/v1/staff/" + id, server.token(Demo.ADMIN)).statusCode());
        assertProblem(server.get("/v1/me", token), 401, "unauthorized");
        assertEquals(
                401,
                server.post(
                                "/v1/auth/login",
                                new JsonObject()
                                        .put("email", "leaving@example.org")
                                        .put("password", "plum orchard lantern"),
                                null)
                        .statusCode());
    }

    @Test
    void movingAPupilToAnotherClassChangesWhoMayActOnThemAtOnce() {
        String teacher2 = server.token(Demo.TEACHER2);
        assertProblem(server.post("/v1/pupils/" + Demo.MAYA + "/pairing-codes", null, teacher2), 404, "not-found");
        String willow = "0d000000-0000-4000-8000-000000000302";
        HttpResponse<Buffer> moved =
                patch("/v1/pupils/" + Demo.MAYA, new JsonObject().put("classId", willow), server.token(Demo.SENCO));
        assertResponse("updatePupil", moved);
        assertEquals("2 Willow", moved.bodyAsJsonObject().getString("className"));
        assertEquals(
                201,
                server.post("/v1/pupils/" + Demo.MAYA + "/pairing-codes", null, teacher2)
                        .statusCode());
        patch(
                "/v1/pupils/" + Demo.MAYA,
                new JsonObject().put("classId", "0d000000-0000-4000-8000-000000000301"),
                server.token(Demo.SENCO));
    }

    @Test
    void blockingAParentLinkHidesThePupilFromThemAtOnce() {
        String parent2 = server.token(Demo.PARENT2);
        assertEquals(
                1,
                server.get("/v1/me", parent2)
                        .bodyAsJsonObject()
                        .getJsonArray("pupils")
                        .size());
        String parentId = "0d000000-0000-4000-8000-000000000202";
        HttpResponse<Buffer> blocked = patch(
                "/v1/pupils/" + Demo.LEO + "/parents/" + parentId,
                new JsonObject().put("contactBlocked", true),
                server.token(Demo.SENCO));
        assertResponse("updateParentLink", blocked);
        assertTrue(blocked.bodyAsJsonObject().getBoolean("contactBlocked"));
        try {
            assertEquals(
                    0,
                    server.get("/v1/me", parent2)
                            .bodyAsJsonObject()
                            .getJsonArray("pupils")
                            .size());
        } finally {
            patch(
                    "/v1/pupils/" + Demo.LEO + "/parents/" + parentId,
                    new JsonObject().put("contactBlocked", false),
                    server.token(Demo.SENCO));
        }
        HttpResponse<Buffer> links = server.get("/v1/pupils/" + Demo.LEO + "/parents", server.token(Demo.SENCO));
        assertResponse("listPupilParents", links);
        assertEquals(2, links.bodyAsJsonObject().getJsonArray("items").size());
    }

    @Test
    void teachersSeeTheirClassAndTheSencoSeesEveryonePageByPage() {
        JsonArray mine = server.get("/v1/pupils", server.token(Demo.TEACHER2))
                .bodyAsJsonObject()
                .getJsonArray("items");
        assertEquals(1, mine.size());
        assertEquals("Samuel", mine.getJsonObject(0).getString("firstName"));

        String senco = server.token(Demo.SENCO);
        Set<String> seen = new HashSet<>();
        String cursor = null;
        int pages = 0;
        do {
            HttpResponse<Buffer> page =
                    server.get("/v1/pupils?limit=2" + (cursor == null ? "" : "&cursor=" + cursor), senco);
            assertResponse("listPupils", page);
            page.bodyAsJsonObject()
                    .getJsonArray("items")
                    .forEach(p -> assertTrue(seen.add(((JsonObject) p).getString("id"))));
            cursor = page.bodyAsJsonObject().getString("nextCursor");
            pages++;
        } while (cursor != null);
        assertTrue(seen.size() >= 4 && pages >= 2, seen.size() + " pupils in " + pages + " pages");
        assertProblem(server.get("/v1/pupils?cursor=bm90LWEtY3Vyc29y", senco), 400, "validation");
        assertProblem(server.get("/v1/pupils?limit=1000", senco), 400, "validation");
    }

    @Test
    void badPupilDetailsAreRefusedAndChangeNothing() {
        String senco = server.token(Demo.SENCO);
        JsonObject pupil = new JsonObject()
                .put("firstName", "Zoe")
                .put("lastName", "Marsh")
                .put("dateOfBirth", "2017-09-01")
                .put("yearGroup", 4);
        JsonObject controlChars = assertProblem(
                server.post("/v1/pupils", pupil.copy().put("firstName", "Zo\u0000e"), senco), 400, "validation");
        assertEquals(
                "body.firstName",
                controlChars.getJsonArray("errors").getJsonObject(0).getString("field"));
        JsonObject otherClass = assertProblem(
                server.post("/v1/pupils", pupil.copy().put("classId", "0e000000-0000-4000-8000-000000000301"), senco),
                400,
                "validation");
        assertEquals(
                "body.classId",
                otherClass.getJsonArray("errors").getJsonObject(0).getString("field"));
        assertProblem(server.post("/v1/pupils", pupil.copy().put("yearGroup", 15), senco), 400, "validation");
        assertFalse(server.get("/v1/pupils?limit=100", senco).bodyAsString().contains("Marsh"));

        HttpResponse<Buffer> created = server.post("/v1/pupils", pupil, senco);
        assertResponse("createPupil", created);
        assertEquals(201, created.statusCode());
    }

    @Test
    void schoolSettingsAreReadByStaffAndChangedByAdmins() {
        HttpResponse<Buffer> settings = server.get("/v1/school/settings", server.token(Demo.TEACHER));
        assertResponse("getSchoolSettings", settings);
        assertEquals("Europe/London", settings.bodyAsJsonObject().getString("timeZone"));
        assertProblem(
                patch("/v1/school/settings", new JsonObject().put("requireStaffMfa", true), server.token(Demo.TEACHER)),
                403,
                "forbidden");
        assertProblem(
                patch(
                        "/v1/school/settings",
                        new JsonObject().put("timeZone", "Mars/Olympus"),
                        server.token(Demo.ADMIN)),
                400,
                "validation");
        assertProblem(server.get("/v1/school/settings", server.token(Demo.PARENT)), 403, "forbidden");
    }

    @Test
    void classesAreCreatedWithTeachersWhoThenSeeThem() {
        String teacher2Id = "0d000000-0000-4000-8000-000000000104";
        HttpResponse<Buffer> created = server.post(
                "/v1/classes",
                new JsonObject()
                        .put("name", "3 Ash")
                        .put("yearGroup", 3)
                        .put("teacherIds", new JsonArray().add(teacher2Id)),
                server.token(Demo.ADMIN));
        assertResponse("createClass", created);
        assertEquals(201, created.statusCode());
        assertProblem(
                server.post(
                        "/v1/classes",
                        new JsonObject().put("name", "3 Ash").put("yearGroup", 3),
                        server.token(Demo.ADMIN)),
                409,
                "conflict");
        assertProblem(
                server.post(
                        "/v1/classes",
                        new JsonObject()
                                .put("name", "3 Elm")
                                .put("yearGroup", 3)
                                .put("teacherIds", new JsonArray().add("0d000000-0000-4000-8000-000000000201")),
                        server.token(Demo.ADMIN)),
                400,
                "validation");
        JsonArray classes = server.get("/v1/me", server.token(Demo.TEACHER2))
                .bodyAsJsonObject()
                .getJsonArray("classes");
        assertTrue(classes.stream().anyMatch(c -> "3 Ash".equals(((JsonObject) c).getString("name"))));
        assertResponse("listClasses", server.get("/v1/classes", server.token(Demo.TEACHER)));
    }

    @Test
    void aClassClosesOnlyOnceItsPupilsHaveMoved() {
        String oak = "0d000000-0000-4000-8000-000000000301";
        assertProblem(server.delete("/v1/classes/" + oak, server.token(Demo.ADMIN)), 409, "conflict");
        String empty = server.post(
                        "/v1/classes",
                        new JsonObject().put("name", "6 Rowan").put("yearGroup", 6),
                        server.token(Demo.ADMIN))
                .bodyAsJsonObject()
                .getString("id");
        assertProblem(server.delete("/v1/classes/" + empty, server.token(Demo.TEACHER)), 403, "forbidden");
        assertEquals(
                204,
                server.delete("/v1/classes/" + empty, server.token(Demo.ADMIN)).statusCode());
        assertFalse(server.get("/v1/classes", server.token(Demo.ADMIN))
                .bodyAsString()
                .contains("6 Rowan"));
        assertProblem(server.delete("/v1/classes/" + empty, server.token(Demo.ADMIN)), 404, "not-found");
    }

    @Test
    void aDeactivatedParentIsSignedOutAtOnce() {
        String code = server.post(
                        "/v1/invitations",
                        new JsonObject()
                                .put("displayName", "Short Stay")
                                .put(
                                        "pupils",
                                        new JsonArray()
                                                .add(new JsonObject()
                                                        .put("pupilId", Demo.MAYA)
                                                        .put("relationship", "aunt"))),
                        server.token(Demo.SENCO))
                .bodyAsJsonObject()
                .getString("code");
        String token = server.post(
                        "/v1/auth/invitations/redeem",
                        new JsonObject()
                                .put("code", code)
                                .put("email", "short.stay@example.net")
                                .put("password", "plum orchard lantern"),
                        null)
                .bodyAsJsonObject()
                .getString("accessToken");
        String parentId = server.get("/v1/me", token).bodyAsJsonObject().getString("id");

        assertProblem(server.delete("/v1/parents/" + parentId, server.token(Demo.TEACHER)), 403, "forbidden");
        assertProblem(
                server.delete("/v1/parents/0d000000-0000-4000-8000-000000000103", server.token(Demo.SENCO)),
                404,
                "not-found");
        assertEquals(
                204,
                server.delete("/v1/parents/" + parentId, server.token(Demo.SENCO))
                        .statusCode());
        assertProblem(server.get("/v1/me", token), 401, "unauthorized");
    }
}
