package app.tandem.documents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.tandem.testing.AccessLog;
import app.tandem.testing.Demo;
import app.tandem.testing.TestServer;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The page a shared link opens, over HTTP as a browser would use it: the code only in a form, a
 * visit cookie that opens this one link for a short while, every state its own page, forms from
 * other sites refused, and every answer with the headers that keep the page private.
 */
class SharePagesTest {
    @RegisterExtension
    static TestServer server =
            new TestServer().withDemoData().withEnv("TANDEM_PUBLIC_URL", "https://tandem.oakfield.example");

    static final String LEO_PLAN_V2 = "0d000000-0000-4000-8000-000000000b12";
    static final byte[] PDF = "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
            .getBytes(StandardCharsets.US_ASCII);

    /** A share handed to the SENCO: its token, code and id. */
    static String[] share(JsonObject extra) {
        String[] made = PassOnLinks.make(server, extra);
        assertTrue(made[0].startsWith("https://tandem.oakfield.example/s/"), made[0]);
        return new String[] {made[1], made[2], made[3]};
    }

    static HttpResponse<Buffer> get(String path, String cookie) {
        return server.send(HttpMethod.GET, path, null, r -> {
            r.followRedirects(false);
            return cookie == null ? r : r.putHeader("Cookie", cookie);
        });
    }

    static HttpResponse<Buffer> postCode(String token, String code) {
        return server.send(
                HttpMethod.POST,
                "/s/" + token,
                Buffer.buffer("code=" + URLEncoder.encode(code, StandardCharsets.UTF_8)),
                r -> r.followRedirects(false).putHeader("Content-Type", "application/x-www-form-urlencoded"));
    }

    /** Enters the right code; the visit cookie as the browser would send it back. */
    static String enter(String[] link) {
        HttpResponse<Buffer> entered = postCode(link[0], link[1]);
        assertEquals(303, entered.statusCode(), entered.bodyAsString());
        assertEquals("/s/" + link[0] + "/documents", entered.getHeader("Location"));
        String setCookie = entered.getHeader("Set-Cookie");
        assertNotNull(setCookie);
        return setCookie.substring(0, setCookie.indexOf(';'));
    }

    static HttpResponse<Buffer> postAdvice(
            String token, String cookie, String formToken, String fileName, byte[] file, String origin) {
        String boundary = "----tandem" + System.nanoTime();
        Buffer body = Buffer.buffer()
                .appendString("--" + boundary + "\r\nContent-Disposition: form-data; name=\"formToken\"\r\n\r\n")
                .appendString(formToken + "\r\n")
                .appendString("--" + boundary + "\r\nContent-Disposition: form-data; name=\"advice\"; filename=\""
                        + fileName + "\"\r\nContent-Type: application/octet-stream\r\n\r\n")
                .appendBytes(file)
                .appendString("\r\n--" + boundary + "--\r\n");
        return server.send(HttpMethod.POST, "/s/" + token + "/advice", body, r -> {
            r.followRedirects(false)
                    .putHeader("Cookie", cookie)
                    .putHeader("Content-Type", "multipart/form-data; boundary=" + boundary);
            return origin == null ? r : r.putHeader("Origin", origin);
        });
    }

    static String formToken(String html) {
        Matcher m = Pattern.compile("name=\"formToken\" value=\"([^\"]+)\"").matcher(html);
        assertTrue(m.find(), html);
        return m.group(1);
    }

    static void assertPrivatePage(HttpResponse<Buffer> page) {
        assertEquals("text/html; charset=utf-8", page.getHeader("Content-Type"));
        String csp = page.getHeader("Content-Security-Policy");
        assertTrue(csp.contains("default-src 'none'") && csp.contains("frame-ancestors 'none'"), csp);
        assertFalse(csp.contains("unsafe-inline"), csp);
        assertEquals("no-referrer", page.getHeader("Referrer-Policy"));
        assertEquals("no-store", page.getHeader("Cache-Control"));
        assertEquals("DENY", page.getHeader("X-Frame-Options"));
        assertTrue(page.getHeader("X-Robots-Tag").contains("noindex"));
        if (page.body() != null) assertFalse(page.bodyAsString().contains("<script"), "no script on any page");
    }

    long disclosures(String shareId, String event) {
        return server.count(
                "SELECT count(*) FROM disclosure WHERE share_id = '" + shareId + "' AND event = '" + event + "'");
    }

    @Test
    void theLinkSaysWhoSharedAndUntilWhenAndAsksForTheCodeWithoutNamingThePupil() {
        String[] link = share(new JsonObject());
        HttpResponse<Buffer> page = get("/s/" + link[0], null);
        assertEquals(200, page.statusCode());
        assertPrivatePage(page);
        String html = page.bodyAsString();
        assertTrue(html.contains("Documents from Oakfield Primary School"), html);
        assertTrue(html.contains("(UK time)"), html);
        assertTrue(html.contains("<label for=\"code\">Access code</label>"), html);
        assertFalse(html.contains("Leo"), "nothing about the pupil before the code");
        assertEquals(0, disclosures(link[2], "viewed"), "opening the link is not a disclosure");

        HttpResponse<Buffer> head = server.send(HttpMethod.HEAD, "/s/" + link[0], null, r -> r);
        assertEquals(200, head.statusCode(), "HEAD works where GET does");
        assertEquals(404, get("/s/" + SharedLinks.random(32), null).statusCode());
        assertEquals(404, get("/s/not-a-token", null).statusCode());
        // The code in the address is not a way in: it is ignored, and nothing opens.
        HttpResponse<Buffer> inAddress = get("/s/" + link[0] + "?code=" + link[1], null);
        assertEquals(200, inAddress.statusCode());
        assertTrue(inAddress.bodyAsString().contains("name=\"code\""));
        assertEquals(0, disclosures(link[2], "viewed"));
    }

    @Test
    void theRightCodeBeginsAShortVisitBoundToThisLinkOnly() {
        String[] link = share(new JsonObject());
        HttpResponse<Buffer> entered = postCode(link[0], link[1].toLowerCase());
        assertEquals(303, entered.statusCode());
        String setCookie = entered.getHeader("Set-Cookie");
        assertTrue(setCookie.contains("HTTPOnly") || setCookie.contains("HttpOnly"), setCookie);
        assertTrue(setCookie.contains("SameSite=Strict"), setCookie);
        assertTrue(setCookie.contains("Path=/s/" + link[0]), setCookie);
        assertTrue(setCookie.contains("Secure"), "the public address is https: " + setCookie);
        assertFalse(setCookie.contains(link[1]), setCookie);
        String cookie = setCookie.substring(0, setCookie.indexOf(';'));

        HttpResponse<Buffer> documents = get("/s/" + link[0] + "/documents", cookie);
        assertEquals(200, documents.statusCode());
        assertPrivatePage(documents);
        String html = documents.bodyAsString();
        assertTrue(html.contains("Leo&#39;s EHC plan"), html);
        assertTrue(html.contains("EHC plan") && html.contains("PDF"), html);
        assertEquals(1, disclosures(link[2], "viewed"));

        HttpResponse<Buffer> file = get("/s/" + link[0] + "/files/" + LEO_PLAN_V2, cookie);
        assertEquals(200, file.statusCode());
        assertEquals("application/pdf", file.getHeader("Content-Type"));
        assertEquals("no-referrer", file.getHeader("Referrer-Policy"));
        assertTrue(file.getHeader("Cache-Control").contains("no-store"));
        assertEquals(1, disclosures(link[2], "downloaded"));

        // The same cookie on another link opens nothing: the visit belongs to the link it began on.
        String[] other = share(new JsonObject());
        HttpResponse<Buffer> elsewhere = get("/s/" + other[0] + "/documents", cookie);
        assertTrue(elsewhere.bodyAsString().contains("name=\"code\""), "asked for the other link's code");
        assertEquals(0, disclosures(other[2], "viewed"));
        assertEquals(
                200, get("/s/" + other[0] + "/files/" + LEO_PLAN_V2, cookie).statusCode());
        assertEquals(0, disclosures(other[2], "downloaded"), "the code form, not the file");

        // Twenty minutes on, the visit has ended: the code again, and no disclosure.
        server.clock().advance(Duration.ofMinutes(21));
        try {
            HttpResponse<Buffer> later = get("/s/" + link[0] + "/documents", cookie);
            assertTrue(later.bodyAsString().contains("please enter the access code again"), later.bodyAsString());
            assertEquals(1, disclosures(link[2], "viewed"));
        } finally {
            server.clock().advance(Duration.ofMinutes(-21));
        }
    }

    @Test
    void wrongCodesAreCountedWithTheApisAndTheFifthLocksTheLink() {
        String[] link = share(new JsonObject());
        HttpResponse<Buffer> first = postCode(link[0], "AAAA-AAAA");
        assertEquals(400, first.statusCode());
        String html = first.bodyAsString();
        assertTrue(
                html.contains("aria-invalid=\"true\"") && html.contains("aria-describedby=\"code-hint code-error\""),
                html);
        assertTrue(html.contains("You can try 4 more times"), html);
        assertTrue(
                html.contains("There is a problem") && html.contains("<a href=\"#code\">"),
                "the summary at the top leads to the field: " + html);
        assertTrue(
                postCode(link[0], "").bodyAsString().contains("Enter the access code"), "an empty code is not a try");
        // The API's wrong codes and the page's are one count.
        for (int i = 0; i < 3; i++)
            server.send(
                    HttpMethod.GET, "/v1/shared/" + link[0], null, r -> r.putHeader("Tandem-Access-Code", "BBBB-BBBB"));
        HttpResponse<Buffer> fifth = postCode(link[0], "CCCC-CCCC");
        assertEquals(410, fifth.statusCode());
        assertTrue(fifth.bodyAsString().contains("This link is locked"));
        HttpResponse<Buffer> right = postCode(link[0], link[1]);
        assertEquals(410, right.statusCode(), "locked even for the right code");
        assertNull(right.getHeader("Set-Cookie"));
        assertTrue(get("/s/" + link[0], null).bodyAsString().contains("This link is locked"));
    }

    @Test
    void aCodeFormSentFromAnotherSiteIsRefusedAndCountsNothing() {
        String[] link = share(new JsonObject());
        for (String[] header :
                new String[][] {{"Sec-Fetch-Site", "cross-site"}, {"Origin", "https://elsewhere.example"}}) {
            HttpResponse<Buffer> refused = server.send(
                    HttpMethod.POST, "/s/" + link[0], Buffer.buffer("code=" + link[1]), r -> r.followRedirects(false)
                            .putHeader("Content-Type", "application/x-www-form-urlencoded")
                            .putHeader(header[0], header[1]));
            assertEquals(403, refused.statusCode(), header[0]);
            assertNull(refused.getHeader("Set-Cookie"), "no visit begins");
            assertPrivatePage(refused);
        }
        assertEquals(0, server.count("SELECT wrong_codes FROM document_share WHERE id = '" + link[2] + "'"));
        assertTrue(get("/s/" + link[0], null).bodyAsString().contains("name=\"code\""), "the link still works");
    }

    @Test
    void aLinkThatNoLongerWorksSaysWhyInWords() {
        String[] revoked = share(new JsonObject());
        String cookie = enter(revoked);
        server.post("/v1/shares/" + revoked[2] + "/revocation", null, server.token(Demo.SENCO));
        HttpResponse<Buffer> stopped = get("/s/" + revoked[0] + "/documents", cookie);
        assertEquals(410, stopped.statusCode());
        assertTrue(stopped.bodyAsString().contains("has stopped this link"));
        assertEquals(
                410, get("/s/" + revoked[0] + "/files/" + LEO_PLAN_V2, cookie).statusCode());
        assertEquals(0, disclosures(revoked[2], "downloaded"));

        String[] usedUp = share(new JsonObject().put("maxDownloads", 1));
        String visit = enter(usedUp);
        assertEquals(
                200, get("/s/" + usedUp[0] + "/files/" + LEO_PLAN_V2, visit).statusCode());
        HttpResponse<Buffer> again = get("/s/" + usedUp[0] + "/files/" + LEO_PLAN_V2, visit);
        assertEquals(410, again.statusCode());
        assertTrue(again.bodyAsString().contains("All downloads used"));
        assertEquals(1, disclosures(usedUp[2], "downloaded"));

        String[] expiring = share(new JsonObject().put("expiresInDays", 1));
        server.clock().advance(Duration.ofDays(2));
        try {
            HttpResponse<Buffer> expired = get("/s/" + expiring[0], null);
            assertEquals(410, expired.statusCode());
            assertTrue(expired.bodyAsString().contains("This link has run out"));
        } finally {
            server.clock().advance(Duration.ofDays(-2));
        }
    }

    @Test
    void adviceIsTakenOnlyFromThisPagesFormAndOnlyAsADocument() {
        String[] link = share(new JsonObject().put("acceptsAdvice", true));
        String cookie = enter(link);
        String token = formToken(get("/s/" + link[0] + "/documents", cookie).bodyAsString());
        long advice = server.count("SELECT count(*) FROM document WHERE kind = 'professional-advice'");

        HttpResponse<Buffer> crossSite =
                postAdvice(link[0], cookie, token, "advice.pdf", PDF, "https://elsewhere.example");
        assertEquals(403, crossSite.statusCode());
        HttpResponse<Buffer> forged = postAdvice(link[0], cookie, "not-the-form-token-at-all", "advice.pdf", PDF, null);
        assertEquals(403, forged.statusCode());
        HttpResponse<Buffer> notADocument = postAdvice(
                link[0], cookie, token, "advice.exe", "MZ\u0090\u0000".getBytes(StandardCharsets.ISO_8859_1), null);
        assertEquals(400, notADocument.statusCode());
        assertTrue(notADocument.bodyAsString().contains("id=\"advice-error\""), notADocument.bodyAsString());
        assertTrue(notADocument.bodyAsString().contains("<a href=\"#advice\">"), "the summary leads to the file field");
        assertEquals(
                advice,
                server.count("SELECT count(*) FROM document WHERE kind = 'professional-advice'"),
                "nothing kept");
        assertEquals(0, disclosures(link[2], "uploaded"));

        HttpResponse<Buffer> sent = postAdvice(
                link[0], cookie, token, "C:\\Reports\\leo-advice.pdf", PDF, "https://tandem.oakfield.example");
        assertEquals(303, sent.statusCode(), sent.bodyAsString());
        assertEquals("/s/" + link[0] + "/received", sent.getHeader("Location"));
        HttpResponse<Buffer> received = get("/s/" + link[0] + "/received", cookie);
        assertEquals(200, received.statusCode());
        assertTrue(received.bodyAsString().contains("we have your advice"), received.bodyAsString());
        assertTrue(received.bodyAsString().contains("leo-advice.pdf"), "the name without the sender's folders");
        assertEquals(1, disclosures(link[2], "uploaded"));
        assertEquals(advice + 1, server.count("SELECT count(*) FROM document WHERE kind = 'professional-advice'"));
    }

    @Test
    void theTokenNeverReachesTheAccessLogAndInvitationsOpenAPageAboutTheApp() {
        String[] link = share(new JsonObject());
        List<String> lines = AccessLog.during(
                () -> {
                    String cookie = enter(link);
                    get("/s/" + link[0] + "/documents", cookie);
                    get("/s/" + link[0] + "/files/" + LEO_PLAN_V2, cookie);
                },
                "/s/{token}",
                3);
        assertTrue(lines.stream().noneMatch(l -> l.contains(link[0])), "the token is in the log: " + lines);
        assertTrue(lines.stream().anyMatch(l -> l.contains("/s/{token}/files/")), lines.toString());
        HttpResponse<Buffer> join = get("/join", null);
        assertEquals(200, join.statusCode());
        assertPrivatePage(join);
        assertTrue(join.bodyAsString().contains("I have an invitation code"));
        assertFalse(join.bodyAsString().contains("<form"), "no account is made in the browser");
        HttpResponse<Buffer> css = get("/assets/page.css", null);
        assertEquals(200, css.statusCode());
        assertEquals("text/css; charset=utf-8", css.getHeader("Content-Type"));
    }
}
