package app.tandem.messaging;

import static app.tandem.testing.ApiContract.assertProblem;
import static app.tandem.testing.ApiContract.assertResponse;
import static app.tandem.testing.Conversations.messages;
import static app.tandem.testing.Conversations.patch;
import static app.tandem.testing.Conversations.send;
import static app.tandem.testing.Conversations.start;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.tandem.testing.Callers;
import app.tandem.testing.Demo;
import app.tandem.testing.TestServer;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Conversations between parents and staff: who takes part, idempotent sending, receipts, and bad input. */
class MessagingTest {
    @RegisterExtension
    static TestServer server = new TestServer().withDemoData();

    static final String DEMO_CONVERSATION = "0d000000-0000-4000-8000-000000000701";

    private static long count(String sql) {
        return server.count(sql);
    }

    private static Set<String> participantNames(JsonObject conversation) {
        return conversation.getJsonArray("participants").stream()
                .map(p -> ((JsonObject) p).getString("displayName"))
                .collect(Collectors.toSet());
    }

    @Test
    void theDemoParentSeesTheTeachersUnreadReplyInTheirConversationList() {
        HttpResponse<Buffer> response = server.get("/v1/conversations", server.token(Demo.PARENT));
        assertResponse("listConversations", response);
        JsonObject demo = response.bodyAsJsonObject().getJsonArray("items").stream()
                .map(JsonObject.class::cast)
                .filter(c -> c.getString("id").equals(DEMO_CONVERSATION))
                .findFirst()
                .orElseThrow();
        assertEquals(1, demo.getInteger("unread"));
        assertEquals(
                "The cards are in her bag today. Let me know how she gets on.",
                demo.getJsonObject("lastMessage").getString("text"));
        assertEquals(Demo.AMARA, demo.getJsonObject("pupil").getString("id"));
        assertTrue(response.bodyAsJsonObject().getLong("unreadTotal") >= 1);
        assertEquals(3, demo.getJsonArray("participants").size());
    }

    @Test
    void aParentStartsAConversationWithTheClassTeacherAndSencoButNeverABlockedParent() {
        String parent2 = server.token(Demo.PARENT2);
        JsonObject started = start(
                server,
                parent2,
                new JsonObject()
                        .put("pupilId", Demo.LEO)
                        .put("subject", "Swimming")
                        .put("text", "Leo is nervous about swimming on Tuesday.")
                        .put("clientMessageId", "leo-swim-1"));
        assertEquals(
                Set.of("Ruth Adeyemi", "Tom Hughes"),
                participantNames(started).stream()
                        .filter(n -> !n.equals(started.getJsonArray("participants").stream()
                                .map(JsonObject.class::cast)
                                .filter(p -> p.getString("kind").equals("parent"))
                                .findFirst()
                                .orElseThrow()
                                .getString("displayName")))
                        .collect(Collectors.toSet()));
        assertEquals(
                1,
                started.getJsonArray("participants").stream()
                        .map(JsonObject.class::cast)
                        .filter(p -> p.getString("kind").equals("parent"))
                        .count());
        String id = started.getString("id");

        JsonArray seenByTeacher = messages(server, server.token(Demo.TEACHER), id);
        assertEquals(
                "Leo is nervous about swimming on Tuesday.",
                seenByTeacher.getJsonObject(0).getString("text"));
        assertEquals(
                2, count("SELECT count(*) FROM notification_outbox WHERE kind = 'message' AND ref_id = '" + id + "'"));
        assertProblem(server.get("/v1/conversations/" + id, server.token(Demo.BLOCKED)), 404, "not-found");
        assertProblem(server.get("/v1/conversations/" + id, server.token(Demo.TEACHER2)), 404, "not-found");

        // A retry of the same start answers with the conversation already made.
        HttpResponse<Buffer> retry = server.post(
                "/v1/conversations",
                new JsonObject()
                        .put("pupilId", Demo.LEO)
                        .put("subject", "Swimming")
                        .put("text", "Leo is nervous about swimming on Tuesday.")
                        .put("clientMessageId", "leo-swim-1"),
                parent2);
        assertResponse("startConversation", retry);
        assertEquals(200, retry.statusCode());
        assertEquals(id, retry.bodyAsJsonObject().getString("id"));
        assertEquals(
                1,
                count("SELECT count(*) FROM conversation WHERE pupil_id = '" + Demo.LEO
                        + "' AND subject = 'Swimming'"));
    }

    @Test
    void aRetriedSendReturnsTheSameMessageAndReusingItsIdForOtherTextIsAConflict() {
        String parent = server.token(Demo.PARENT);
        String id = start(server, parent, new JsonObject().put("pupilId", Demo.AMARA))
                .getString("id");
        HttpResponse<Buffer> first = send(server, parent, id, "retry-1", "Amara has a dentist appointment on Monday.");
        assertEquals(201, first.statusCode());
        HttpResponse<Buffer> again = send(server, parent, id, "retry-1", "Amara has a dentist appointment on Monday.");
        assertEquals(200, again.statusCode());
        assertEquals(
                first.bodyAsJsonObject().getString("id"),
                again.bodyAsJsonObject().getString("id"));
        assertEquals("retry-1", again.bodyAsJsonObject().getString("clientMessageId"));
        assertProblem(send(server, parent, id, "retry-1", "Something else"), 409, "conflict");
        assertEquals(1, count("SELECT count(*) FROM message WHERE conversation_id = '" + id + "'"));
    }

    @Test
    void parallelRetriesOfOneSendMakeExactlyOneMessage() throws Exception {
        String parent = server.token(Demo.PARENT);
        String id = start(server, parent, new JsonObject().put("pupilId", Demo.AMARA))
                .getString("id");
        var pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            var futures = new java.util.ArrayList<java.util.concurrent.Future<HttpResponse<Buffer>>>();
            for (int i = 0; i < 8; i++)
                futures.add(pool.submit(() -> send(server, parent, id, "race-1", "Only once, please.")));
            int created = 0;
            Set<String> ids = new java.util.HashSet<>();
            for (var f : futures) {
                HttpResponse<Buffer> r = f.get();
                assertTrue(r.statusCode() == 200 || r.statusCode() == 201, r.bodyAsString());
                if (r.statusCode() == 201) created++;
                ids.add(r.bodyAsJsonObject().getString("id"));
            }
            assertEquals(1, created);
            assertEquals(1, ids.size());
        } finally {
            pool.shutdown();
        }
        assertEquals(1, count("SELECT count(*) FROM message WHERE conversation_id = '" + id + "'"));
        assertEquals(1, count("SELECT last_seq FROM conversation WHERE id = '" + id + "'"));
    }

    @Test
    void badMessagesAreRefusedWithTheFieldNamedAndNothingIsStored() {
        String parent = server.token(Demo.PARENT);
        String id = start(server, parent, new JsonObject().put("pupilId", Demo.AMARA))
                .getString("id");
        String path = "/v1/conversations/" + id + "/messages";
        assertEquals(
                "body.text",
                assertProblem(send(server, parent, id, "bad-1", "x".repeat(4001)), 400, "validation")
                        .getJsonArray("errors")
                        .getJsonObject(0)
                        .getString("field"));
        assertEquals(
                "body.text",
                assertProblem(send(server, parent, id, "bad-2", "   "), 400, "validation")
                        .getJsonArray("errors")
                        .getJsonObject(0)
                        .getString("field"));
        assertProblem(send(server, parent, id, "bad-3", null), 400, "validation");
        JsonArray six = new JsonArray();
        for (int i = 0; i < 6; i++) six.add(UUID.randomUUID().toString());
        assertProblem(
                server.post(
                        path,
                        new JsonObject()
                                .put("clientMessageId", "bad-4")
                                .put("text", "files")
                                .put("attachmentIds", six),
                        parent),
                400,
                "validation");
        HttpResponse<Buffer> notMine = server.post(
                path,
                new JsonObject()
                        .put("clientMessageId", "bad-5")
                        .put("text", "files")
                        .put(
                                "attachmentIds",
                                new JsonArray().add(UUID.randomUUID().toString())),
                parent);
        assertEquals(
                "body.attachmentIds",
                assertProblem(notMine, 400, "validation")
                        .getJsonArray("errors")
                        .getJsonObject(0)
                        .getString("field"));
        assertProblem(
                server.post(
                        path, new JsonObject().put("clientMessageId", "bad 6").put("text", "hi"), parent),
                400,
                "validation");
        assertProblem(send(server, parent, UUID.randomUUID().toString(), "bad-7", "Hello?"), 404, "not-found");
        assertProblem(send(server, server.token(Demo.TEACHER2), id, "bad-8", "Hello?"), 404, "not-found");
        assertProblem(send(server, server.token(Demo.PARENT2), id, "bad-9", "Hello?"), 404, "not-found");
        assertEquals(0, count("SELECT count(*) FROM message WHERE conversation_id = '" + id + "'"));
        assertEquals(0, count("SELECT last_seq FROM conversation WHERE id = '" + id + "'"));
    }

    @Test
    void readReceiptsAreIdempotentAndNeverMoveBack() {
        String parent = server.token(Demo.PARENT);
        String teacher = server.token(Demo.TEACHER);
        String id = start(
                        server,
                        parent,
                        new JsonObject().put("pupilId", Demo.AMARA).put("staff", new JsonArray().add("classTeacher")))
                .getString("id");
        String firstId =
                send(server, teacher, id, "rr-1", "One").bodyAsJsonObject().getString("id");
        String secondId =
                send(server, teacher, id, "rr-2", "Two").bodyAsJsonObject().getString("id");
        send(server, teacher, id, "rr-3", "Three");
        HttpResponse<Buffer> conversation = server.get("/v1/conversations/" + id, parent);
        assertResponse("getConversation", conversation);
        assertEquals(3, conversation.bodyAsJsonObject().getInteger("unread"));

        String read = "/v1/conversations/" + id + "/read";
        HttpResponse<Buffer> upToTwo = server.post(read, new JsonObject().put("upToMessageId", secondId), parent);
        assertResponse("markConversationRead", upToTwo);
        assertEquals(2, upToTwo.bodyAsJsonObject().getLong("readUpTo"));
        assertEquals(1, upToTwo.bodyAsJsonObject().getInteger("unread"));
        JsonObject back = server.post(read, new JsonObject().put("upToMessageId", firstId), parent)
                .bodyAsJsonObject();
        assertEquals(2, back.getLong("readUpTo"));
        assertEquals(1, back.getInteger("unread"));
        JsonObject all = server.post(read, null, parent).bodyAsJsonObject();
        assertEquals(3, all.getLong("readUpTo"));
        assertEquals(0, all.getInteger("unread"));
        assertEquals(all, server.post(read, null, parent).bodyAsJsonObject());
        assertEquals(
                2,
                count("SELECT count(*) FROM live_event WHERE type = 'receipt.read' AND conversation_id = '" + id
                        + "'"));

        JsonObject parentSeenByTeacher =
                server.get("/v1/conversations/" + id, teacher).bodyAsJsonObject().getJsonArray("participants").stream()
                        .map(JsonObject.class::cast)
                        .filter(p -> p.getString("kind").equals("parent"))
                        .findFirst()
                        .orElseThrow();
        assertEquals(3, parentSeenByTeacher.getLong("readUpTo"));
        assertEquals(3, parentSeenByTeacher.getLong("deliveredUpTo"));
        assertProblem(
                server.post(
                        read,
                        new JsonObject().put("upToMessageId", UUID.randomUUID().toString()),
                        parent),
                400,
                "validation");
    }

    @Test
    void aSenderCorrectsAMessageWithinFifteenMinutesAndStaffCanReadTheEarlierWording() {
        String parent = server.token(Demo.PARENT);
        String teacher = server.token(Demo.TEACHER);
        String id = start(server, parent, new JsonObject().put("pupilId", Demo.AMARA))
                .getString("id");
        String messageId = send(server, parent, id, "edit-1", "Amara will be late on Tuseday.")
                .bodyAsJsonObject()
                .getString("id");
        String path = "/v1/conversations/" + id + "/messages/" + messageId;

        HttpResponse<Buffer> edited =
                patch(server, path, new JsonObject().put("text", "Amara will be late on Tuesday."), parent);
        assertResponse("editMessage", edited);
        assertEquals("Amara will be late on Tuesday.", edited.bodyAsJsonObject().getString("text"));
        assertTrue(edited.bodyAsJsonObject().containsKey("editedAt"));
        assertProblem(patch(server, path, new JsonObject().put("text", "Mine now"), teacher), 403, "forbidden");

        HttpResponse<Buffer> history = server.get(path + "/edits", teacher);
        assertResponse("listMessageEdits", history);
        assertEquals(
                "Amara will be late on Tuseday.",
                history.bodyAsJsonObject()
                        .getJsonArray("items")
                        .getJsonObject(0)
                        .getString("text"));
        assertProblem(server.get(path + "/edits", parent), 403, "forbidden");

        server.sql("UPDATE message SET sent_at = sent_at - interval '16 minutes' WHERE id = '" + messageId + "'");
        assertProblem(patch(server, path, new JsonObject().put("text", "Too late"), parent), 409, "conflict");
        assertEquals(
                "Amara will be late on Tuesday.",
                messages(server, teacher, id).getJsonObject(0).getString("text"));
        assertEquals(1, count("SELECT count(*) FROM message_edit WHERE message_id = '" + messageId + "'"));
    }

    @Test
    void aWithdrawnMessageIsHiddenFromTheOtherSideButKeptForTheSchool() {
        String parent = server.token(Demo.PARENT);
        String teacher = server.token(Demo.TEACHER);
        String id = start(server, teacher, new JsonObject().put("pupilId", Demo.AMARA))
                .getString("id");
        String messageId = send(server, teacher, id, "wd-1", "Sent to the wrong family by mistake.")
                .bodyAsJsonObject()
                .getString("id");
        String path = "/v1/conversations/" + id + "/messages/" + messageId;
        assertProblem(server.post(path + "/withdrawal", null, parent), 403, "forbidden");
        HttpResponse<Buffer> withdrawn = server.post(path + "/withdrawal", null, teacher);
        assertResponse("withdrawMessage", withdrawn);
        assertTrue(withdrawn.bodyAsJsonObject().getBoolean("withdrawn"));
        assertEquals(200, server.post(path + "/withdrawal", null, teacher).statusCode());

        JsonObject parentView = messages(server, parent, id).getJsonObject(0);
        assertTrue(parentView.getBoolean("withdrawn"));
        assertNull(parentView.getString("text"));
        assertEquals(
                "Sent to the wrong family by mistake.",
                messages(server, server.token(Demo.SENCO), id).getJsonObject(0).getString("text"));
        assertEquals(
                "Sent to the wrong family by mistake.",
                messages(server, teacher, id).getJsonObject(0).getString("text"));
        assertProblem(patch(server, path, new JsonObject().put("text", "Edited"), teacher), 409, "conflict");
        assertEquals(1, count("SELECT count(*) FROM message WHERE id = '" + messageId + "'"));
    }

    @Test
    void staffAddAColleagueOnlyWhenTheyWorkWithThePupil() {
        String teacher = server.token(Demo.TEACHER);
        String id = start(
                        server,
                        teacher,
                        new JsonObject().put("pupilId", Demo.AMARA).put("staff", new JsonArray().add("classTeacher")))
                .getString("id");
        String path = "/v1/conversations/" + id + "/participants";
        String teacher2Id = server.app()
                .pool()
                .query("SELECT id FROM app_user WHERE email = '" + Demo.TEACHER2 + "'")
                .execute()
                .await()
                .iterator()
                .next()
                .getUUID(0)
                .toString();
        String sencoId = "0d000000-0000-4000-8000-000000000102";
        assertEquals(
                "body.staffId",
                assertProblem(
                                server.post(path, new JsonObject().put("staffId", teacher2Id), teacher),
                                400,
                                "validation")
                        .getJsonArray("errors")
                        .getJsonObject(0)
                        .getString("field"));
        HttpResponse<Buffer> added = server.post(path, new JsonObject().put("staffId", sencoId), teacher);
        assertResponse("addParticipant", added);
        assertTrue(participantNames(added.bodyAsJsonObject()).contains("Ruth Adeyemi"));
        assertEquals(
                added.bodyAsJsonObject().getJsonArray("participants").size(),
                server.post(path, new JsonObject().put("staffId", sencoId), teacher)
                        .bodyAsJsonObject()
                        .getJsonArray("participants")
                        .size());
        assertProblem(
                server.post(path, new JsonObject().put("staffId", sencoId), server.token(Demo.PARENT)),
                403,
                "forbidden");
    }

    @Test
    void aConcernReachesTheSafeguardingLeadWhoseEveryOpeningIsRecorded() {
        String parent = server.token(Demo.PARENT);
        String teacher = server.token(Demo.TEACHER);
        String dsl = server.token(Demo.ADMIN);
        String id = start(server, parent, new JsonObject().put("pupilId", Demo.AMARA))
                .getString("id");
        String messageId = send(server, parent, id, "concern-1", "Things are difficult at home at the moment.")
                .bodyAsJsonObject()
                .getString("id");
        server.post("/v1/conversations/" + id + "/messages/" + messageId + "/withdrawal", null, parent);
        String path = "/v1/conversations/" + id + "/messages/" + messageId + "/concerns";
        assertProblem(server.post(path, new JsonObject().put("note", "Worried"), parent), 403, "forbidden");
        HttpResponse<Buffer> flagged =
                server.post(path, new JsonObject().put("note", "Please look at this with me."), teacher);
        assertResponse("flagConcern", flagged);
        assertEquals(201, flagged.statusCode());
        String concernId = flagged.bodyAsJsonObject().getString("id");
        assertEquals(
                1,
                count("SELECT count(*) FROM notification_outbox WHERE kind = 'concern' AND urgent AND ref_id = '"
                        + concernId + "'"));

        assertProblem(server.get("/v1/concerns", teacher), 403, "forbidden");
        HttpResponse<Buffer> listed = server.get("/v1/concerns", dsl);
        assertResponse("listConcerns", listed);
        assertTrue(listed.bodyAsJsonObject().getJsonArray("items").stream()
                .anyMatch(c -> ((JsonObject) c).getString("id").equals(concernId)));
        // A second concern: the list pages newest first, and the cursor leads on to the older one.
        String second = server.post(path, new JsonObject().put("note", "And again, later."), teacher)
                .bodyAsJsonObject()
                .getString("id");
        JsonObject first = server.get("/v1/concerns?limit=1", dsl).bodyAsJsonObject();
        assertEquals(second, first.getJsonArray("items").getJsonObject(0).getString("id"));
        HttpResponse<Buffer> next = server.get("/v1/concerns?limit=1&cursor=" + first.getString("nextCursor"), dsl);
        assertResponse("listConcerns", next);
        assertEquals(
                concernId,
                next.bodyAsJsonObject().getJsonArray("items").getJsonObject(0).getString("id"));

        HttpResponse<Buffer> opened = server.get("/v1/concerns/" + concernId, dsl);
        assertResponse("getConcern", opened);
        assertEquals(
                "Things are difficult at home at the moment.",
                opened.bodyAsJsonObject().getJsonObject("message").getString("text"));
        server.get("/v1/concerns/" + concernId, dsl);
        JsonObject view = server.get("/v1/concerns/" + concernId, dsl)
                .bodyAsJsonObject()
                .getJsonObject("concern")
                .getJsonArray("views")
                .getJsonObject(0);
        assertEquals("Pat Greene", view.getJsonObject("viewer").getString("displayName"));
        assertEquals(3, view.getInteger("views"));
        assertProblem(server.get("/v1/concerns/" + UUID.randomUUID(), dsl), 404, "not-found");
    }

    @Test
    void outsideOfficeHoursTheParentSeesWhenToExpectAReplyAndStaffPushesWait() {
        String admin = server.token(Demo.ADMIN);
        String parent = server.token(Demo.PARENT);
        java.time.ZonedDateTime now = server.clock().instant().atZone(java.time.ZoneId.of("Europe/London"));
        java.time.DayOfWeek openDay = now.getDayOfWeek().plus(2);
        HttpResponse<Buffer> set = server.send(
                HttpMethod.PUT,
                "/v1/school/office-hours",
                new JsonObject()
                        .put(
                                "days",
                                new JsonArray()
                                        .add(new JsonObject()
                                                .put("day", openDay.name().toLowerCase())
                                                .put("opens", "08:00")
                                                .put("closes", "09:00")))
                        .toBuffer(),
                r -> r.putHeader("Content-Type", "application/json").bearerTokenAuthentication(admin));
        assertResponse("setOfficeHours", set);
        try {
            assertFalse(set.bodyAsJsonObject().getBoolean("openNow"));
            String opens = set.bodyAsJsonObject().getString("nextOpensAt");
            String id = start(server, parent, new JsonObject().put("pupilId", Demo.AMARA))
                    .getString("id");
            JsonObject sent =
                    send(server, parent, id, "late-1", "Is PE tomorrow?").bodyAsJsonObject();
            assertEquals(opens, sent.getString("expectedReplyBy"));
            assertEquals(
                    opens,
                    server.get("/v1/conversations/" + id, parent)
                            .bodyAsJsonObject()
                            .getString("expectedReplyBy"));
            assertEquals(
                    2,
                    count("SELECT count(*) FROM notification_outbox WHERE ref_id = '" + id + "' AND due_at = '" + opens
                            + "'"));

            String bad = new JsonObject()
                    .put(
                            "days",
                            new JsonArray()
                                    .add(new JsonObject()
                                            .put("day", "monday")
                                            .put("opens", "17:00")
                                            .put("closes", "08:00")))
                    .encode();
            HttpResponse<Buffer> refused =
                    server.send(HttpMethod.PUT, "/v1/school/office-hours", Buffer.buffer(bad), r -> r.putHeader(
                                    "Content-Type", "application/json")
                            .bearerTokenAuthentication(admin));
            assertEquals(
                    "body.days[0].closes",
                    assertProblem(refused, 400, "validation")
                            .getJsonArray("errors")
                            .getJsonObject(0)
                            .getString("field"));
            assertProblem(
                    server.send(
                            HttpMethod.PUT,
                            "/v1/school/office-hours",
                            set.bodyAsJsonObject()
                                    .copy()
                                    .put(
                                            "days",
                                            new JsonArray()
                                                    .add(new JsonObject()
                                                            .put("day", "monday")
                                                            .put("opens", "08:00")
                                                            .put("closes", "17:00")))
                                    .toBuffer(),
                            r -> r.putHeader("Content-Type", "application/json").bearerTokenAuthentication(parent)),
                    400,
                    "validation");
        } finally {
            server.sql("UPDATE school SET office_hours = DEFAULT");
        }
    }

    @Test
    void filesSentInAMessageReachTheParticipantsAndNobodyElse() {
        String parent = server.token(Demo.PARENT);
        byte[] png = {
            (byte) 0x89,
            'P',
            'N',
            'G',
            '\r',
            '\n',
            0x1a,
            '\n',
            0,
            0,
            0,
            13,
            'I',
            'H',
            'D',
            'R',
            0,
            0,
            0,
            1,
            0,
            0,
            0,
            1,
            8,
            6,
            0,
            0,
            0
        };
        HttpResponse<Buffer> upload =
                server.send(HttpMethod.POST, "/v1/attachments?fileName=rash.png", Buffer.buffer(png), r -> r.putHeader(
                                "Content-Type", "image/png")
                        .bearerTokenAuthentication(parent));
        assertEquals(201, upload.statusCode(), upload.bodyAsString());
        String fileId = upload.bodyAsJsonObject().getString("id");
        String id = start(server, parent, new JsonObject().put("pupilId", Demo.AMARA))
                .getString("id");
        HttpResponse<Buffer> sent = server.post(
                "/v1/conversations/" + id + "/messages",
                new JsonObject().put("clientMessageId", "photo-1").put("attachmentIds", new JsonArray().add(fileId)),
                parent);
        assertResponse("sendMessage", sent);
        assertEquals(201, sent.statusCode(), sent.bodyAsString());
        assertEquals(
                "rash.png",
                sent.bodyAsJsonObject()
                        .getJsonArray("attachments")
                        .getJsonObject(0)
                        .getString("fileName"));

        HttpResponse<Buffer> download = server.get("/v1/attachments/" + fileId, server.token(Demo.TEACHER));
        assertResponse("getAttachment", download);
        assertEquals(200, download.statusCode());
        assertProblem(server.get("/v1/attachments/" + fileId, server.token(Demo.TEACHER2)), 404, "not-found");
        assertProblem(server.get("/v1/attachments/" + fileId, server.token(Demo.PARENT2)), 404, "not-found");
        String teacher = server.token(Demo.TEACHER);
        HttpResponse<Buffer> reused = server.post(
                "/v1/conversations/" + id + "/messages",
                new JsonObject().put("clientMessageId", "photo-2").put("attachmentIds", new JsonArray().add(fileId)),
                teacher);
        assertEquals(
                "body.attachmentIds",
                assertProblem(reused, 400, "validation")
                        .getJsonArray("errors")
                        .getJsonObject(0)
                        .getString("field"));
    }

    @Test
    void aPupilNeitherStartsNorSeesConversations() {
        String pupil = Callers.pupilToken(server, Demo.AMARA);
        assertProblem(
                server.post("/v1/conversations", new JsonObject().put("pupilId", Demo.AMARA), pupil), 404, "not-found");
        assertProblem(server.get("/v1/conversations/" + DEMO_CONVERSATION, pupil), 404, "not-found");
        assertProblem(server.get("/v1/conversations/" + DEMO_CONVERSATION + "/messages", pupil), 404, "not-found");
        HttpResponse<Buffer> list = server.get("/v1/conversations", pupil);
        assertResponse("listConversations", list);
        assertProblem(list, 403, "forbidden");
    }
}
