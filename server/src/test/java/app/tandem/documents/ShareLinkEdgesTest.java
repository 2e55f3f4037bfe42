package app.tandem.documents;

import static app.tandem.testing.ApiContract.assertProblem;
import static app.tandem.testing.ApiContract.assertResponse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.tandem.testing.AccessLog;
import app.tandem.testing.TestServer;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A share link's edges: the lock that cannot be raced, a token no log keeps, advice, and words for recipients. */
class ShareLinkEdgesTest {
    @RegisterExtension
    static TestServer server = new TestServer().withDemoData();

    private static final String LEO_PLAN_V2 = "0d000000-0000-4000-8000-000000000b12";

    /** A pass-on link to Leo's plan: {token, code}. */
    private static String[] link(JsonObject extra) {
        String[] made = PassOnLinks.make(server, extra);
        return new String[] {made[1], made[2]};
    }

    private static HttpResponse<Buffer> open(String token, String code) {
        return server.send(HttpMethod.GET, "/v1/shared/" + token, null, r -> r.putHeader("Tandem-Access-Code", code));
    }

    @Test
    void thirtyWrongCodesSentTogetherAreCountedOneByOneAndOnlyFiveAreEverChecked() throws Exception {
        String[] link = link(new JsonObject());
        ExecutorService pool = Executors.newFixedThreadPool(30);
        List<Future<Integer>> tries = new ArrayList<>();
        try {
            for (int i = 0; i < 30; i++)
                tries.add(pool.submit(() -> open(link[0], "WRONG-CODE").statusCode()));
            int wrong = 0;
            int locked = 0;
            for (Future<Integer> t : tries) {
                int status = t.get();
                if (status == 401) wrong++;
                if (status == 410) locked++;
            }
            assertEquals(5, wrong, "five wrong codes are checked, then the link is locked");
            assertEquals(25, locked);
        } finally {
            pool.shutdown();
        }
        assertProblem(open(link[0], link[1]), 410, "gone");
    }

    @Test
    void aWrongCodeSpeaksToTheRecipientNotToSomeoneWithAnAccount() {
        String[] link = link(new JsonObject());
        JsonObject wrong = assertProblem(open(link[0], "WRONG-CODE"), 401, "unauthorized");
        assertEquals("The access code is not right", wrong.getString("title"));
        assertFalse(wrong.encode().contains("Sign in"), wrong.encode());
    }

    @Test
    void theLinksTokenIsNeverWrittenToTheRequestLog() {
        String[] link = link(new JsonObject());
        List<String> lines = AccessLog.during(
                () -> {
                    assertResponse("openSharedDocuments", open(link[0], link[1]));
                    open(link[0], "WRONG-CODE");
                },
                "/v1/shared/{token}",
                2);
        assertTrue(lines.stream().noneMatch(l -> l.contains(link[0])), "the token is in the log: " + lines);
    }

    @Test
    void adviceCanBeSentWhileTheLinkIsLiveEvenWithItsDownloadsUsedUp() {
        String[] link = link(new JsonObject().put("acceptsAdvice", true).put("maxDownloads", 1));
        HttpResponse<Buffer> file = server.send(
                HttpMethod.GET,
                "/v1/shared/" + link[0] + "/versions/" + LEO_PLAN_V2,
                null,
                r -> r.putHeader("Tandem-Access-Code", link[1]));
        assertEquals(200, file.statusCode());
        assertProblem(open(link[0], link[1]), 410, "gone");
        HttpResponse<Buffer> sent = server.send(
                HttpMethod.POST,
                "/v1/shared/" + link[0] + "/advice?fileName=ep-advice.pdf",
                Buffer.buffer(DocumentsTest.PDF),
                r -> r.putHeader("Content-Type", "application/pdf").putHeader("Tandem-Access-Code", link[1]));
        assertResponse("uploadSharedAdvice", sent);
        assertEquals(201, sent.statusCode(), sent.bodyAsString());
    }
}
