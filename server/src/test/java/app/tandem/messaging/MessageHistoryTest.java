package app.tandem.messaging;

import static app.tandem.testing.ApiContract.assertProblem;
import static app.tandem.testing.ApiContract.assertResponse;
import static app.tandem.testing.Conversations.send;
import static app.tandem.testing.Conversations.start;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.tandem.testing.Demo;
import app.tandem.testing.TestServer;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.sqlclient.Tuple;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Long histories page by index at any depth, and a runaway sender is slowed down. */
class MessageHistoryTest {
    @RegisterExtension
    static TestServer server = new TestServer().withDemoData();

    private static final int HISTORY = 100_000;

    @Test
    void aConversationOfOneHundredThousandMessagesPagesThroughEveryMessageOnceNewestFirst() {
        String parent = server.token(Demo.PARENT);
        String id = start(server, parent, new JsonObject().put("pupilId", Demo.AMARA))
                .getString("id");
        server.sql(
                """
        INSERT INTO message (conversation_id, school_id, seq, sender_id, client_message_id, text, sent_at)
        SELECT '%s', '%s', g, CASE WHEN g %% 2 = 0 THEN '0d000000-0000-4000-8000-000000000103'::uuid
                                    ELSE '0d000000-0000-4000-8000-000000000201'::uuid END,
               'bulk-' || g, 'Message ' || g, now() - (%d - g) * interval '1 second'
        FROM generate_series(1, %d) g;
        UPDATE conversation SET last_seq = %d WHERE id = '%s';
        ANALYZE message;"""
                        .formatted(id, Demo.SCHOOL, HISTORY, HISTORY, HISTORY, id));

        long expected = HISTORY;
        String cursor = null;
        int pages = 0;
        do {
            HttpResponse<Buffer> page = server.get(
                    "/v1/conversations/" + id + "/messages?limit=100" + (cursor == null ? "" : "&cursor=" + cursor),
                    parent);
            if (pages % 250 == 0) assertResponse("listMessages", page);
            JsonArray items = page.bodyAsJsonObject().getJsonArray("items");
            for (Object o : items) assertEquals(expected--, ((JsonObject) o).getLong("seq"));
            cursor = page.bodyAsJsonObject().getString("nextCursor");
            pages++;
        } while (cursor != null);
        assertEquals(0, expected, "every message seen exactly once");
        assertEquals(HISTORY / 100, pages);

        // The deepest page is one backward scan of the (conversation, seq) index that stops after a page.
        JsonObject plan = server.app()
                .pool()
                .preparedQuery(
                        "EXPLAIN (ANALYZE, FORMAT JSON) SELECT m.seq FROM message m WHERE m.conversation_id = $1 AND m.seq < $2 ORDER BY m.seq DESC LIMIT 101")
                .execute(Tuple.of(UUID.fromString(id), 150L))
                .await()
                .iterator()
                .next()
                .getJsonArray(0)
                .getJsonObject(0)
                .getJsonObject("Plan");
        JsonObject scan = plan.getJsonArray("Plans").getJsonObject(0);
        assertTrue(scan.getString("Node Type").startsWith("Index"), scan.encodePrettily());
        assertEquals("Backward", scan.getString("Scan Direction"));
        assertTrue(scan.getLong("Actual Rows") <= 101, scan.encodePrettily());
        assertFalse(scan.containsKey("Rows Removed by Filter"), scan.encodePrettily());
    }

    @Test
    void aSenderGoingTooFastIsToldWhenToTryAgainAndRetriesStillAnswer() {
        String parent = server.token(Demo.PARENT2);
        String id =
                start(server, parent, new JsonObject().put("pupilId", Demo.LEO)).getString("id");
        server.clock().freeze(); // on a slow machine thirty sends can outlast a refill
        try {
            for (int i = 1; i <= SendLimiter.BURST; i++)
                assertEquals(
                        201,
                        send(server, parent, id, "fast-" + i, "Message " + i).statusCode());
            HttpResponse<Buffer> tooFast = send(server, parent, id, "fast-over", "One too many");
            assertProblem(tooFast, 429, "too-many-requests");
            assertTrue(Integer.parseInt(tooFast.getHeader("Retry-After")) >= 1);
            assertEquals(
                    200,
                    send(server, parent, id, "fast-1", "Message 1").statusCode(),
                    "a retry of a sent message is not a new one");
            server.clock().advance(SendLimiter.REFILL);
            assertEquals(
                    201,
                    send(server, parent, id, "fast-later", "After a pause").statusCode(),
                    "a pause earns a token back");
        } finally {
            server.clock().resume();
        }
        long stored = server.app()
                .pool()
                .query("SELECT count(*) FROM message WHERE conversation_id = '" + id + "'")
                .execute()
                .await()
                .iterator()
                .next()
                .getLong(0);
        assertEquals(SendLimiter.BURST + 1, stored);
    }
}
