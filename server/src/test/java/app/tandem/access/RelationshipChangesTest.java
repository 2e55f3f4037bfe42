package app.tandem.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.tandem.demo.DemoData;
import app.tandem.testing.Callers;
import app.tandem.testing.Demo;
import app.tandem.testing.TestServer;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Who may see a pupil is decided once (the pupil_relationship view). For each change to a
 * relationship, every path that picks people by it must change together with Access.require:
 * the single-pupil check, the lists (children, home, pupils, conversations, meetings, notices),
 * the notice audience, and who a new message reaches live and by push. Each probe below is one
 * of those paths, asked about Leo; a query that decided visibility on its own would disagree.
 */
class RelationshipChangesTest {
    // Probes sign in as a deactivated parent on purpose: those refusals must not lock anyone out.
    @RegisterExtension
    static TestServer server = new TestServer()
            .withDemoData()
            .withEnv("TANDEM_LOGIN_MAX_FAILURES", "100")
            .withEnv("TANDEM_LOGIN_MAX_FAILURES_PER_ADDRESS", "1000");

    private record Person(String email, String id, boolean staff) {}

    private static final Person PARENT = new Person(Demo.PARENT2, "0d000000-0000-4000-8000-000000000202", false);
    private static final Person TEACHER = new Person(Demo.TEACHER, "0d000000-0000-4000-8000-000000000103", true);
    private static final String OAK = "0d000000-0000-4000-8000-000000000301";
    private static final String WILLOW = "0d000000-0000-4000-8000-000000000302";
    private static final String TEACHER2 = "0d000000-0000-4000-8000-000000000104";
    private static final String OTHER_PARENT_ID = "0e000000-0000-4000-8000-000000000202";
    private static final String OTHER_TEACHER_ID = "0e000000-0000-4000-8000-000000000103";

    private static String conversation;
    private static String senco;

    @BeforeAll
    static void leoHasAConversationAndAnAnnualReview() {
        senco = server.token(Demo.SENCO);
        HttpResponse<Buffer> started = server.post(
                "/v1/conversations",
                new JsonObject()
                        .put("pupilId", Demo.LEO)
                        .put("subject", "Leo's week")
                        .put("text", "How has Leo's week been?"),
                senco);
        assertEquals(201, started.statusCode(), started.bodyAsString());
        conversation = started.bodyAsJsonObject().getString("id");
        HttpResponse<Buffer> review = server.post(
                "/v1/pupils/" + Demo.LEO + "/annual-reviews",
                new JsonObject()
                        .put(
                                "meetingAt",
                                server.clock()
                                        .instant()
                                        .plus(Duration.ofDays(30))
                                        .toString())
                        .put("place", "Room 7")
                        .put(
                                "invitees",
                                new JsonArray()
                                        .add(new JsonObject()
                                                .put("name", "Leo's father")
                                                .put("role", "parent"))),
                senco);
        assertEquals(201, review.statusCode(), review.bodyAsString());
    }

    @AfterEach
    void everythingBackAsItWas() {
        server.sql("UPDATE parent_link SET contact_blocked = false WHERE id = '0d000000-0000-4000-8000-000000000503';"
                + " UPDATE app_user SET active = true WHERE id = '" + PARENT.id() + "';"
                + " UPDATE pupil SET active = true, class_id = '" + OAK + "' WHERE id = '" + Demo.LEO + "';"
                + " DELETE FROM class_teacher WHERE class_id = '" + OAK + "';"
                + " INSERT INTO class_teacher (class_id, staff_id) VALUES ('" + OAK + "', '" + TEACHER.id() + "');"
                + " NOTIFY tandem_directory");
        awaitAccess(PARENT, true);
        awaitAccess(TEACHER, true);
    }

    @Test
    void blockingALinkHidesThePupilFromThatParentOnEveryPath() {
        assertEveryPath(PARENT, true);
        HttpResponse<Buffer> blocked = server.send(
                HttpMethod.PATCH,
                "/v1/pupils/" + Demo.LEO + "/parents/" + PARENT.id(),
                new JsonObject().put("contactBlocked", true).toBuffer(),
                json(senco));
        assertEquals(200, blocked.statusCode(), blocked.bodyAsString());
        assertEveryPath(PARENT, false);
        assertEveryPath(TEACHER, true);
    }

    @Test
    void deactivatingAParentEndsTheirRelationshipOnEveryPath() {
        assertEquals(
                204,
                server.delete("/v1/parents/" + PARENT.id(), server.token(Demo.ADMIN))
                        .statusCode());
        assertEveryPath(PARENT, false);
        assertEveryPath(TEACHER, true);
    }

    @Test
    void deactivatingAPupilHidesThemFromEveryoneOnEveryPath() {
        assertEquals(204, server.delete("/v1/pupils/" + Demo.LEO, senco).statusCode());
        assertEveryPath(PARENT, false);
        assertEveryPath(TEACHER, false);
    }

    @Test
    void movingAPupilToAnotherClassTakesThemFromTheOldClassTeacherOnEveryPath() {
        assertEveryPath(TEACHER, true);
        HttpResponse<Buffer> moved = server.send(
                HttpMethod.PATCH,
                "/v1/pupils/" + Demo.LEO,
                new JsonObject().put("classId", WILLOW).toBuffer(),
                json(senco));
        assertEquals(200, moved.statusCode(), moved.bodyAsString());
        assertEveryPath(TEACHER, false);
        assertEveryPath(PARENT, true);
    }

    @Test
    void aTeacherMovedOffTheClassLosesItsPupilsOnEveryPath() {
        HttpResponse<Buffer> moved = server.send(
                HttpMethod.PATCH,
                "/v1/classes/" + OAK,
                new JsonObject()
                        .put("teacherIds", new JsonArray().add(TEACHER2))
                        .toBuffer(),
                json(server.token(Demo.ADMIN)));
        assertEquals(200, moved.statusCode(), moved.bodyAsString());
        assertEveryPath(TEACHER, false);
        assertEveryPath(PARENT, true);
    }

    @Test
    void linksAndClassesThatCrossSchoolsGrantNothingOnAnyPath() {
        Callers.addOtherSchool(server);
        String hash = server.app().identity().hashPassword(DemoData.PASSWORD).await();
        Person otherParent = new Person("parent@other-school.example.org", OTHER_PARENT_ID, false);
        Person otherTeacher = new Person("teacher@other-school.example.org", OTHER_TEACHER_ID, true);
        // Rows the API would never write: a parent and a teacher of another school tied to Leo and his class.
        server.sql("INSERT INTO app_user (id, school_id, kind, email, display_name, roles, password_hash) VALUES"
                + " ('" + OTHER_PARENT_ID + "', '" + Callers.OTHER_SCHOOL + "', 'parent', '" + otherParent.email()
                + "', 'Other parent', '{}', '" + hash + "'),"
                + " ('" + OTHER_TEACHER_ID + "', '" + Callers.OTHER_SCHOOL + "', 'staff', '" + otherTeacher.email()
                + "', 'Other teacher', '{teacher,senco}', '"
                + hash + "');"
                + " INSERT INTO parent_link (school_id, parent_id, pupil_id, relationship) VALUES"
                + " ('" + Demo.SCHOOL + "', '" + OTHER_PARENT_ID + "', '" + Demo.LEO + "', 'father'),"
                + " ('" + Callers.OTHER_SCHOOL + "', '" + OTHER_PARENT_ID + "', '" + Demo.AMARA + "', 'father');"
                + " INSERT INTO class_teacher (class_id, staff_id) VALUES ('" + OAK + "', '" + OTHER_TEACHER_ID + "');"
                + " INSERT INTO conversation_participant (conversation_id, user_id, added_by, added_at) VALUES"
                + " ('" + conversation + "', '" + OTHER_PARENT_ID + "', '" + TEACHER.id() + "', now()),"
                + " ('" + conversation + "', '" + OTHER_TEACHER_ID + "', '" + TEACHER.id() + "', now());"
                + " NOTIFY tandem_directory");
        try {
            assertEveryPath(otherParent, false);
            assertEveryPath(otherTeacher, false);
        } finally {
            server.sql("DELETE FROM conversation_participant WHERE user_id IN ('" + OTHER_PARENT_ID + "', '"
                    + OTHER_TEACHER_ID + "');"
                    + " DELETE FROM class_teacher WHERE staff_id = '" + OTHER_TEACHER_ID + "';"
                    + " DELETE FROM parent_link WHERE parent_id = '" + OTHER_PARENT_ID + "'");
        }
    }

    /** Every path agrees with Access.require about Leo, and Access.require says what the change implies. */
    private static void assertEveryPath(Person who, boolean sees) {
        awaitAccess(who, sees);
        Map<String, Boolean> paths = probe(who);
        List<String> wrong = new ArrayList<>();
        paths.forEach((path, answer) -> {
            if (answer != sees) wrong.add(path + " says " + answer);
        });
        assertTrue(
                wrong.isEmpty(),
                who.email() + " should " + (sees ? "" : "not ") + "reach Leo on every path, but:\n"
                        + String.join("\n", wrong));
    }

    /** How each path answers "does this person reach Leo?" right now. */
    private static Map<String, Boolean> probe(Person who) {
        Map<String, Boolean> paths = new LinkedHashMap<>();
        String token = tokenOrNull(who.email());
        paths.put("Access.require (getSendRecord)", ok(token, "/v1/pupils/" + Demo.LEO + "/record"));
        paths.put("listConversations", listed(token, "/v1/conversations", "items", c -> c.getString("id")
                .equals(conversation)));
        paths.put("listMyMeetings", listed(token, "/v1/meetings", "items", m -> m.getJsonObject("pupil")
                .getString("id")
                .equals(Demo.LEO)));
        if (who.staff()) {
            paths.put("listPupils", listed(token, "/v1/pupils?limit=100", "items", p -> p.getString("id")
                    .equals(Demo.LEO)));
        } else {
            paths.put("getMe pupils", listed(token, "/v1/me", "pupils", p -> p.getString("id")
                    .equals(Demo.LEO)));
            paths.put("getParentHome", listed(token, "/v1/home/parent", "pupils", p -> p.getString("id")
                    .equals(Demo.LEO)));
            String notice = schoolNotice();
            paths.put(
                    "notice audience",
                    count("SELECT count(*) FROM notice_recipient WHERE notice_id = '" + notice + "' AND parent_id = '"
                                    + who.id() + "' AND '" + Demo.LEO + "' = ANY (pupil_ids)")
                            == 1);
            paths.put(
                    "notice push recipient",
                    count("SELECT count(*) FROM notification_outbox WHERE ref_id = '" + notice + "' AND user_id = '"
                                    + who.id() + "'")
                            == 1);
            paths.put("listMyNotices", listed(token, "/v1/notices?limit=100", "items", n -> n.getString("id")
                    .equals(notice)));
        }
        paths.put("listPupilViews", ok(token, "/v1/pupils/" + Demo.LEO + "/views"));
        paths.put("listPupilDocuments", ok(token, "/v1/pupils/" + Demo.LEO + "/documents"));
        if (who.staff()) {
            paths.put(
                    "createViewsRequest",
                    token != null
                            && server.post("/v1/views-requests", askLeo(false), token)
                                            .statusCode()
                                    == 201);
        } else {
            String batch = leoAskedBySenco();
            paths.put(
                    "views request parent push",
                    batch != null
                            && count("SELECT count(*) FROM notification_outbox WHERE kind = 'views-request-parent'"
                                            + " AND ref_id = '" + batch + "' AND user_id = '" + who.id() + "'")
                                    == 1);
            paths.put(
                    "listMyViewsRequests", listed(token, "/v1/me/views-requests", "items", r -> r.getJsonObject("pupil")
                            .getString("id")
                            .equals(Demo.LEO)));
        }
        String message = messageFromTheSenco();
        paths.put(
                "message push recipient",
                message != null
                        && count("SELECT count(*) FROM notification_outbox WHERE kind = 'message'"
                                        + " AND ref_id = '" + conversation + "' AND user_id = '" + who.id()
                                        + "' AND created_at >= (SELECT sent_at FROM message WHERE id = '"
                                        + message + "')")
                                > 0);
        paths.put(
                "live event recipient",
                message != null
                        && count("SELECT count(*) FROM live_delivery d JOIN live_event e ON e.id = d.event_id"
                                        + " WHERE e.message_id = '" + message + "' AND d.user_id = '" + who.id() + "'")
                                == 1);
        return paths;
    }

    /** Waits (boundedly) until the change has reached this replica's access cache, then checks it did what it should. */
    private static void awaitAccess(Person who, boolean sees) {
        String token = tokenOrNull(who.email());
        app.tandem.testing.Await.until(
                who.email() + (sees ? " sees " : " no longer sees ") + "Leo's record",
                Duration.ofSeconds(5),
                () -> ok(token, "/v1/pupils/" + Demo.LEO + "/record") == sees);
        assertEquals(sees, ok(token, "/v1/pupils/" + Demo.LEO + "/record"), who.email() + ": Access.require");
    }

    /** A notice to the whole school, sent now by the SENCO; its id. */
    private static String schoolNotice() {
        HttpResponse<Buffer> sent = server.post(
                "/v1/notices",
                new JsonObject()
                        .put("title", "Sports day")
                        .put("body", "Sports day is on Friday.")
                        .put("audience", new JsonObject().put("type", "school")),
                senco);
        assertEquals(201, sent.statusCode(), sent.bodyAsString());
        return sent.bodyAsJsonObject().getString("id");
    }

    private static JsonObject askLeo(boolean inviteParents) {
        return new JsonObject()
                .put("question", "How was today?")
                .put("formats", new JsonArray().add("text"))
                .put("about", new JsonObject().put("kind", "general"))
                .put("inviteParents", inviteParents)
                .put("for", new JsonObject().put("pupilIds", new JsonArray().add(Demo.LEO)));
    }

    /** The SENCO asks Leo for his views, inviting his parents; the batch id, or null when Leo cannot be asked. */
    private static String leoAskedBySenco() {
        HttpResponse<Buffer> asked = server.post("/v1/views-requests", askLeo(true), senco);
        return asked.statusCode() == 201 ? asked.bodyAsJsonObject().getString("batchId") : null;
    }

    /** A message in Leo's conversation from the SENCO; its id, or null when the SENCO may no longer send one. */
    private static String messageFromTheSenco() {
        HttpResponse<Buffer> sent = server.post(
                "/v1/conversations/" + conversation + "/messages",
                new JsonObject()
                        .put("clientMessageId", UUID.randomUUID().toString())
                        .put("text", "A note about today."),
                senco);
        return sent.statusCode() == 201 ? sent.bodyAsJsonObject().getString("id") : null;
    }

    private static String tokenOrNull(String email) {
        HttpResponse<Buffer> response = server.post(
                "/v1/auth/login", new JsonObject().put("email", email).put("password", DemoData.PASSWORD), null);
        return response.statusCode() == 200 ? response.bodyAsJsonObject().getString("accessToken") : null;
    }

    private static boolean ok(String token, String path) {
        return token != null && server.get(path, token).statusCode() == 200;
    }

    private static boolean listed(
            String token, String path, String field, java.util.function.Predicate<JsonObject> match) {
        if (token == null) return false;
        HttpResponse<Buffer> response = server.get(path, token);
        if (response.statusCode() != 200) return false;
        JsonArray items = response.bodyAsJsonObject().getJsonArray(field, new JsonArray());
        return items.stream().map(JsonObject.class::cast).anyMatch(match);
    }

    private static long count(String sql) {
        return server.count(sql);
    }

    private static java.util.function.UnaryOperator<io.vertx.ext.web.client.HttpRequest<Buffer>> json(String token) {
        return r -> r.putHeader("Content-Type", "application/json").bearerTokenAuthentication(token);
    }
}
