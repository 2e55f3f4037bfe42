package app.tandem.notices;

import static app.tandem.testing.ApiContract.assertProblem;
import static app.tandem.testing.ApiContract.assertResponse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.tandem.testing.Demo;
import app.tandem.testing.TestServer;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Notices reach the right families, are read and acknowledged, and never change once sent. */
class NoticesTest {
    @RegisterExtension
    static TestServer server = new TestServer().withDemoData();

    private static JsonObject notice(String title, JsonObject audience) {
        return new JsonObject()
                .put("title", title)
                .put("body", "Dear families,\n\nPlease read this.")
                .put("audience", audience);
    }

    private static JsonObject school() {
        return new JsonObject().put("type", "school");
    }

    private static JsonObject send(JsonObject body, String staff) {
        HttpResponse<Buffer> response = server.post("/v1/notices", body, server.token(staff));
        assertResponse("createNotice", response);
        assertEquals(201, response.statusCode(), response.bodyAsString());
        return response.bodyAsJsonObject();
    }

    private static JsonArray myNotices(String parent, String query) {
        HttpResponse<Buffer> response = server.get("/v1/notices" + query, server.token(parent));
        assertResponse("listMyNotices", response);
        return response.bodyAsJsonObject().getJsonArray("items");
    }

    private static boolean sees(String parent, String noticeId) {
        return myNotices(parent, "?limit=100").stream()
                .anyMatch(n -> noticeId.equals(((JsonObject) n).getString("id")));
    }

    private static long count(String sql) {
        return server.count(sql);
    }

    @Test
    void aWholeSchoolNoticeReachesEveryFamilyExceptThroughABlockedLink() {
        JsonObject sent = send(notice("Harvest festival", school()), Demo.ADMIN);
        assertEquals("sent", sent.getString("status"));
        assertEquals(2, sent.getJsonObject("counts").getInteger("recipients"));
        String id = sent.getString("id");
        assertTrue(sees(Demo.PARENT, id));
        assertTrue(sees(Demo.PARENT2, id));
        assertFalse(sees(Demo.BLOCKED, id));
        assertEquals(
                2, count("SELECT count(*) FROM notification_outbox WHERE kind = 'notice' AND ref_id = '" + id + "'"));
        assertEquals(
                0,
                count("SELECT count(*) FROM notification_outbox o JOIN app_user u ON u.id = o.user_id WHERE u.email = '"
                        + Demo.BLOCKED + "'"));
    }

    @Test
    void openingRecordsReadingAndAcknowledgingTwiceChangesNothing() {
        String id = send(
                        notice("Trip to the farm", school())
                                .put("requiresAcknowledgement", true)
                                .put("reply", "yesNo")
                                .put(
                                        "acknowledgeBy",
                                        server.clock()
                                                .instant()
                                                .plus(Duration.ofDays(7))
                                                .toString()),
                        Demo.SENCO)
                .getString("id");
        JsonObject listed = myNotices(Demo.PARENT, "?unreadFirst=true").getJsonObject(0);
        assertEquals(id, listed.getString("id"));
        assertEquals(null, listed.getString("readAt"));

        HttpResponse<Buffer> opened = server.get("/v1/notices/" + id, server.token(Demo.PARENT));
        assertResponse("getNotice", opened);
        assertNotNull(opened.bodyAsJsonObject().getString("readAt"));

        String ack = "/v1/notices/" + id + "/acknowledgement";
        assertProblem(
                server.post(ack, new JsonObject().put("reply", "maybe"), server.token(Demo.PARENT)), 400, "validation");
        assertProblem(server.post(ack, null, server.token(Demo.PARENT)), 400, "validation");
        HttpResponse<Buffer> first = server.post(ack, new JsonObject().put("reply", "Yes"), server.token(Demo.PARENT));
        assertResponse("acknowledgeNotice", first);
        assertEquals("yes", first.bodyAsJsonObject().getString("reply"));
        HttpResponse<Buffer> same = server.post(ack, new JsonObject().put("reply", "yes"), server.token(Demo.PARENT));
        assertEquals(first.bodyAsJsonObject(), same.bodyAsJsonObject(), "the same answer again changes nothing");
        HttpResponse<Buffer> changed = server.post(ack, new JsonObject().put("reply", "no"), server.token(Demo.PARENT));
        assertResponse("acknowledgeNotice", changed);
        assertEquals("no", changed.bodyAsJsonObject().getString("reply"), "a changed mind before the deadline counts");
        assertEquals(
                first.bodyAsJsonObject().getString("acknowledgedAt"),
                changed.bodyAsJsonObject().getString("acknowledgedAt"));
        assertEquals(
                1,
                count("SELECT count(*) FROM notice_reply_change WHERE notice_id = '" + id + "' AND reply = 'yes'"),
                "the earlier answer is kept");

        HttpResponse<Buffer> responses = server.get("/v1/notices/" + id + "/responses", server.token(Demo.SENCO));
        assertResponse("getNoticeResponses", responses);
        assertEquals(
                new JsonObject().put("recipients", 2).put("read", 1).put("acknowledged", 1),
                responses.bodyAsJsonObject().getJsonObject("counts"));

        HttpResponse<Buffer> reminded = server.post("/v1/notices/" + id + "/reminders", null, server.token(Demo.SENCO));
        assertResponse("remindNotice", reminded);
        assertEquals(1, reminded.bodyAsJsonObject().getInteger("reminded"));
        assertEquals(
                1,
                count("SELECT count(*) FROM notification_outbox WHERE kind = 'notice-reminder' AND ref_id = '" + id
                        + "'"));
        assertProblem(server.post("/v1/notices/" + id + "/reminders", null, server.token(Demo.SENCO)), 409, "conflict");
        server.clock().advance(Duration.ofDays(8));
        assertTrue(
                assertProblem(
                                server.post(ack, new JsonObject().put("reply", "yes"), server.token(Demo.PARENT)),
                                409,
                                "conflict")
                        .getString("detail")
                        .contains("Replies closed"),
                "after the deadline the school is asked instead");
        server.clock().advance(Duration.ofDays(-8));
        server.clock().advance(Duration.ofMinutes(61));
        assertEquals(
                1,
                server.post("/v1/notices/" + id + "/reminders", null, server.token(Demo.SENCO))
                        .bodyAsJsonObject()
                        .getInteger("reminded"));
        assertProblem(
                server.post("/v1/notices/" + id + "/reminders", null, server.token(Demo.PARENT)), 404, "not-found");
    }

    @Test
    void acknowledgingANoticeThatDoesNotAskIsAConflict() {
        String id = send(notice("Non-uniform day", school()), Demo.ADMIN).getString("id");
        assertProblem(
                server.post("/v1/notices/" + id + "/acknowledgement", null, server.token(Demo.PARENT2)),
                409,
                "conflict");
        assertProblem(
                server.post("/v1/notices/" + id + "/acknowledgement", null, server.token(Demo.BLOCKED)),
                404,
                "not-found");
    }

    @Test
    void badNoticesAreRefusedAndNothingIsSent() {
        long before = count("SELECT count(*) FROM notice");
        assertField(notice("   ", school()), "body.title");
        assertField(notice("Hello", school()).put("body", "x".repeat(20_001)), "body.body");
        assertField(
                notice("Hello", school())
                        .put("requiresAcknowledgement", true)
                        .put(
                                "acknowledgeBy",
                                server.clock()
                                        .instant()
                                        .minus(Duration.ofDays(1))
                                        .toString()),
                "body.acknowledgeBy");
        assertField(
                notice("Hello", school())
                        .put(
                                "sendAt",
                                server.clock()
                                        .instant()
                                        .minus(Duration.ofHours(1))
                                        .toString()),
                "body.sendAt");
        assertField(
                notice("Hello", school())
                        .put(
                                "translations",
                                new JsonArray()
                                        .add(new JsonObject()
                                                .put("language", "en_GB")
                                                .put("title", "Hi")
                                                .put("body", "Hi"))),
                "body.translations.0.language");
        assertField(
                notice(
                        "Hello",
                        new JsonObject()
                                .put("type", "classes")
                                .put("ids", new JsonArray().add("0e000000-0000-4000-8000-000000000301"))),
                "body.audience.ids");
        assertField(
                notice("Hello", new JsonObject().put("type", "yearGroups").put("ids", new JsonArray().add("9"))),
                "body.audience");
        assertField(
                notice("Hello", new JsonObject().put("type", "senRegister").put("ids", new JsonArray().add("1"))),
                "body.audience.ids");
        assertEquals(before, count("SELECT count(*) FROM notice"));
    }

    private static void assertField(JsonObject body, String field) {
        JsonObject problem =
                assertProblem(server.post("/v1/notices", body, server.token(Demo.ADMIN)), 400, "validation");
        assertTrue(
                problem.getJsonArray("errors").stream()
                        .anyMatch(e -> field.equals(((JsonObject) e).getString("field"))),
                field + " in " + problem.encode());
    }

    @Test
    void teachersWriteOnlyToTheirOwnClasses() {
        JsonObject oak = new JsonObject()
                .put("type", "classes")
                .put("ids", new JsonArray().add("0d000000-0000-4000-8000-000000000301"));
        assertEquals(
                2,
                send(notice("5 Oak spelling test", oak), Demo.TEACHER)
                        .getJsonObject("counts")
                        .getInteger("recipients"));
        assertProblem(
                server.post("/v1/notices", notice("Not mine", oak), server.token(Demo.TEACHER2)), 400, "validation");
        assertProblem(
                server.post("/v1/notices", notice("Everyone", school()), server.token(Demo.TEACHER)), 403, "forbidden");
        assertProblem(
                server.post("/v1/notices", notice("Parents cannot", school()), server.token(Demo.PARENT)),
                403,
                "forbidden");
    }

    @Test
    void theSenRegisterAudienceReachesFamiliesOfPupilsOnSenSupportOrWithAPlan() {
        JsonObject sent = send(notice("SEND coffee morning", new JsonObject().put("type", "senRegister")), Demo.SENCO);
        assertEquals(2, sent.getJsonObject("counts").getInteger("recipients"));
    }

    @Test
    void parentsReadTheirOwnLanguageWhenTheSchoolWroteIt() {
        HttpResponse<Buffer> changed = server.send(
                io.vertx.core.http.HttpMethod.PATCH,
                "/v1/me",
                new JsonObject().put("preferredLanguage", "pl-PL").toBuffer(),
                r -> r.putHeader("Content-Type", "application/json")
                        .bearerTokenAuthentication(server.token(Demo.PARENT)));
        assertResponse("updateMe", changed);
        assertEquals("pl-PL", changed.bodyAsJsonObject().getString("preferredLanguage"));
        String id = send(
                        notice("Sports day", school())
                                .put(
                                        "translations",
                                        new JsonArray()
                                                .add(new JsonObject()
                                                        .put("language", "pl")
                                                        .put("title", "Dzień sportu")
                                                        .put("body", "Drodzy rodzice"))),
                        Demo.ADMIN)
                .getString("id");
        JsonObject polish =
                server.get("/v1/notices/" + id, server.token(Demo.PARENT)).bodyAsJsonObject();
        assertEquals("Dzień sportu", polish.getString("title"));
        assertEquals("pl", polish.getString("language"));
        JsonObject english =
                server.get("/v1/notices/" + id, server.token(Demo.PARENT2)).bodyAsJsonObject();
        assertEquals("Sports day", english.getString("title"));
        JsonObject staff =
                server.get("/v1/notices/" + id, server.token(Demo.ADMIN)).bodyAsJsonObject();
        assertEquals(1, staff.getJsonArray("translations").size());
    }

    @Test
    void aScheduledNoticeReachesFamiliesOnlyWhenDueAndAWithdrawnOneNever() {
        String later = send(
                        notice("Parents' evening", school())
                                .put(
                                        "sendAt",
                                        server.clock()
                                                .instant()
                                                .plus(Duration.ofHours(1))
                                                .toString()),
                        Demo.ADMIN)
                .getString("id");
        String cancelled = send(
                        notice("Cancelled", school())
                                .put(
                                        "sendAt",
                                        server.clock()
                                                .instant()
                                                .plus(Duration.ofHours(1))
                                                .toString()),
                        Demo.ADMIN)
                .getString("id");
        assertEquals(
                204,
                server.post("/v1/notices/" + cancelled + "/withdrawal", null, server.token(Demo.ADMIN))
                        .statusCode());
        assertFalse(sees(Demo.PARENT, later));
        assertEquals(
                0,
                server.app()
                        .capability(app.tandem.notices.Notices.class)
                        .sendDue()
                        .await());

        server.clock().advance(Duration.ofHours(2));
        assertEquals(
                1,
                server.app()
                        .capability(app.tandem.notices.Notices.class)
                        .sendDue()
                        .await());
        assertTrue(sees(Demo.PARENT, later));
        assertFalse(sees(Demo.PARENT, cancelled));
        assertEquals(
                "sent",
                server.get("/v1/notices/" + later, server.token(Demo.ADMIN))
                        .bodyAsJsonObject()
                        .getString("status"));
    }

    @Test
    void aWithdrawnNoticeIsHiddenFromFamiliesButKeptForTheSchool() {
        String id = send(notice("Wrong date", school()), Demo.ADMIN).getString("id");
        assertEquals(
                204,
                server.post("/v1/notices/" + id + "/withdrawal", null, server.token(Demo.ADMIN))
                        .statusCode());
        assertFalse(sees(Demo.PARENT, id));
        assertProblem(server.get("/v1/notices/" + id, server.token(Demo.PARENT)), 404, "not-found");
        assertEquals(
                "withdrawn",
                server.get("/v1/notices/" + id, server.token(Demo.ADMIN))
                        .bodyAsJsonObject()
                        .getString("status"));
    }

    @Test
    void aCorrectionPointsBackAndANoticeIsCorrectedOnce() {
        String original = send(notice("Trip on Tuesday", school()), Demo.ADMIN).getString("id");
        String correction = send(
                        notice("Correction: trip on Wednesday", school()).put("correctsNoticeId", original), Demo.ADMIN)
                .getString("id");
        JsonObject seen =
                server.get("/v1/notices/" + original, server.token(Demo.PARENT)).bodyAsJsonObject();
        assertEquals(correction, seen.getString("correctedByNoticeId"));
        assertProblem(
                server.post(
                        "/v1/notices",
                        notice("Again", school()).put("correctsNoticeId", original),
                        server.token(Demo.ADMIN)),
                409,
                "conflict");
    }

    @Test
    void aFormalNoticeIsPartOfThePupilsRecordWithEachParentsAcknowledgement() {
        HttpResponse<Buffer> sent = server.post(
                "/v1/pupils/" + Demo.AMARA + "/formal-notices",
                new JsonObject()
                        .put("title", "Amara is now receiving SEN support")
                        .put("body", "We will meet to agree outcomes."),
                server.token(Demo.SENCO));
        assertResponse("sendFormalNotice", sent);
        String id = sent.bodyAsJsonObject().getString("id");
        JsonObject mine = myNotices(Demo.PARENT, "?limit=100").stream()
                .map(JsonObject.class::cast)
                .filter(n -> id.equals(n.getString("id")))
                .findFirst()
                .orElseThrow();
        assertEquals("formal", mine.getString("kind"));
        assertTrue(mine.getBoolean("requiresAcknowledgement"));
        assertEquals(new JsonArray().add(Demo.AMARA), mine.getJsonArray("pupilIds"));
        assertFalse(sees(Demo.PARENT2, id));

        server.post("/v1/notices/" + id + "/acknowledgement", null, server.token(Demo.PARENT));
        HttpResponse<Buffer> record =
                server.get("/v1/pupils/" + Demo.AMARA + "/formal-notices", server.token(Demo.TEACHER));
        assertResponse("listFormalNotices", record);
        JsonObject entry = record.bodyAsJsonObject().getJsonArray("items").getJsonObject(0);
        assertNotNull(entry.getJsonArray("acknowledgements").getJsonObject(0).getString("acknowledgedAt"));
        assertProblem(server.get("/v1/notices/" + id, server.token(Demo.TEACHER2)), 404, "not-found");
    }

    @Test
    void blockingALinkLaterHidesNoticesThatCameThroughIt() {
        String id = send(notice("Class photos", school()), Demo.ADMIN).getString("id");
        assertTrue(sees(Demo.PARENT2, id));
        server.sql(
                "UPDATE parent_link SET contact_blocked = true WHERE parent_id = '0d000000-0000-4000-8000-000000000202'");
        try {
            assertFalse(sees(Demo.PARENT2, id));
        } finally {
            server.sql(
                    "UPDATE parent_link SET contact_blocked = false WHERE parent_id = '0d000000-0000-4000-8000-000000000202'");
        }
    }

    @Test
    void aWholeSchoolNoticeToTwoThousandFamiliesIsOneRequest() {
        server.sql(
                """
        INSERT INTO pupil (id, school_id, first_name, last_name, date_of_birth, year_group)
        SELECT ('0f000000-0000-4000-8000-' || lpad(g::text, 12, '0'))::uuid, '%s', 'Pupil', 'Number ' || g, '2017-01-01', 3
        FROM generate_series(1, 2000) g;
        INSERT INTO app_user (id, school_id, kind, email, display_name)
        SELECT ('0f100000-0000-4000-8000-' || lpad(g::text, 12, '0'))::uuid, '%s', 'parent', 'family' || g || '@example.net', 'Family ' || g
        FROM generate_series(1, 2000) g;
        INSERT INTO parent_link (school_id, parent_id, pupil_id, relationship)
        SELECT '%s', ('0f100000-0000-4000-8000-' || lpad(g::text, 12, '0'))::uuid,
               ('0f000000-0000-4000-8000-' || lpad(g::text, 12, '0'))::uuid, 'mother'
        FROM generate_series(1, 2000) g;
        """
                        .formatted(Demo.SCHOOL, Demo.SCHOOL, Demo.SCHOOL));
        JsonObject sent = send(notice("School closed: snow", school()).put("urgent", true), Demo.ADMIN);
        assertEquals(2002, sent.getJsonObject("counts").getInteger("recipients"));
        assertEquals(
                2002,
                count("SELECT count(*) FROM notification_outbox WHERE urgent AND ref_id = '" + sent.getString("id")
                        + "'"));
        server.sql(
                "DELETE FROM notification_outbox WHERE user_id::text LIKE '0f100000%'; DELETE FROM notice_recipient WHERE parent_id::text LIKE '0f100000%';"
                        + "DELETE FROM parent_link WHERE parent_id::text LIKE '0f100000%'; DELETE FROM app_user WHERE id::text LIKE '0f100000%';"
                        + "DELETE FROM pupil WHERE id::text LIKE '0f000000%'");
    }

    @Test
    void staffListTheSchoolsNotices() {
        send(notice("For the list", school()), Demo.ADMIN);
        HttpResponse<Buffer> page = server.get("/v1/school/notices?limit=2", server.token(Demo.SENCO));
        assertResponse("listSchoolNotices", page);
        assertEquals(2, page.bodyAsJsonObject().getJsonArray("items").size());
        assertNotNull(page.bodyAsJsonObject().getString("nextCursor"));
        assertProblem(server.get("/v1/school/notices", server.token(Demo.PARENT)), 403, "forbidden");
        assertProblem(server.get("/v1/notices", server.token(Demo.TEACHER)), 403, "forbidden");
    }
}
