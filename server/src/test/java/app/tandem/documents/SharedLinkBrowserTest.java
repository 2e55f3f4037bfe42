package app.tandem.documents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.tandem.platform.Digests;
import app.tandem.testing.Await;
import app.tandem.testing.Browser;
import app.tandem.testing.Demo;
import app.tandem.testing.RecordingProxy;
import app.tandem.testing.Smtp;
import app.tandem.testing.TestServer;
import com.icegreen.greenmail.util.GreenMail;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;

/**
 * An outside professional's journey in a real browser (Debian's Chromium), from the email to the
 * advice sent back: the link captured by a real SMTP server, a wrong code then the right one, a
 * download checked byte for byte, an upload, and a link the school stopped. Every page passes
 * axe-core's WCAG 2.2 AA rules and reflows at 320 pixels; no request the page makes carries a
 * Referer. With TANDEM_SCREENSHOTS set, the README's pictures are saved on the way.
 */
class SharedLinkBrowserTest {
    static final int SMTP_PORT = Smtp.freePort();
    static final int PROXY_PORT = Smtp.freePort();
    static final GreenMail smtp = Smtp.start(SMTP_PORT);

    @RegisterExtension
    static TestServer server = new TestServer()
            .withDemoData()
            .withSmtp(SMTP_PORT)
            .withEnv("TANDEM_PUBLIC_URL", "http://127.0.0.1:" + PROXY_PORT);

    static RecordingProxy proxy;
    static Browser browser;

    /** A letter from the educational psychologist, as a real PDF a browser can save. */
    static final byte[] PLAN = ("%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
                    + "2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n"
                    + "% Leo's EHC plan, section F, reviewed " + System.nanoTime() + "\n"
                    + "trailer << /Root 1 0 R >>\n%%EOF\n")
            .getBytes(StandardCharsets.US_ASCII);

    @BeforeAll
    static void start() {
        proxy = new RecordingProxy(PROXY_PORT, server.port());
        browser = new Browser();
    }

    @AfterAll
    static void stop() {
        if (browser != null) browser.close();
        if (proxy != null) proxy.close();
        smtp.stop();
    }

    /** A new version of Leo's plan uploaded by the SENCO; its id. */
    static String uploadPlan() {
        HttpResponse<Buffer> added = server.send(
                HttpMethod.POST,
                "/v1/documents/" + DocumentsTest.LEO_PLAN + "/versions?fileName=leo-ehc-plan.pdf",
                Buffer.buffer(PLAN),
                r -> r.putHeader("Content-Type", "application/pdf")
                        .bearerTokenAuthentication(server.token(Demo.SENCO)));
        assertEquals(201, added.statusCode(), added.bodyAsString());
        return added.bodyAsJsonObject().getJsonArray("versions").stream()
                .map(JsonObject.class::cast)
                .max(java.util.Comparator.comparingInt(v -> v.getInteger("version")))
                .orElseThrow()
                .getString("id");
    }

    static JsonObject share(String versionId, JsonObject extra) {
        JsonObject body = new JsonObject()
                .put("versionIds", new JsonArray().add(versionId))
                .put("recipientName", "Dr Sam Lee")
                .put("recipientOrganisation", DocumentsTest.EP)
                .put("purpose", "professional-assessment")
                .mergeIn(extra);
        HttpResponse<Buffer> created =
                server.post("/v1/pupils/" + Demo.LEO + "/shares", body, server.token(Demo.SENCO));
        assertEquals(201, created.statusCode(), created.bodyAsString());
        return created.bodyAsJsonObject();
    }

    /** The emails to this address, once `count` have arrived (the code's waits a minute: the clock is moved on). */
    static List<MimeMessage> mailTo(String address, int count) {
        server.clock().advance(Duration.ofMinutes(2));
        try {
            Await.until(
                    count + " emails to " + address,
                    Duration.ofSeconds(15),
                    () -> received(address).size() >= count);
        } finally {
            server.clock().advance(Duration.ofMinutes(-2));
        }
        return received(address);
    }

    static List<MimeMessage> received(String address) {
        return List.of(smtp.getReceivedMessages()).stream()
                .filter(m -> {
                    try {
                        return m.getAllRecipients()[0].toString().equals(address);
                    } catch (Exception ex) {
                        return false;
                    }
                })
                .toList();
    }

    static String text(MimeMessage message) {
        try {
            return message.getContent().toString();
        } catch (Exception ex) {
            throw new IllegalStateException(ex);
        }
    }

    static String find(String regex, String in) {
        Matcher m = Pattern.compile(regex).matcher(in);
        assertTrue(m.find(), regex + " in " + in);
        return m.group(1);
    }

    void check(String page) {
        browser.assertAccessible(page);
        browser.assertReflows(page);
    }

    String heading() {
        return browser.driver.findElement(By.tagName("h1")).getText();
    }

    @Test
    void aProfessionalOpensTheEmailedLinkEntersTheCodeDownloadsThePlanAndSendsAdviceBack() throws Exception {
        String version = uploadPlan();
        share(
                version,
                new JsonObject().put("recipientEmail", "sam.lee@ep.example.org").put("acceptsAdvice", true));
        List<MimeMessage> mails = mailTo("sam.lee@ep.example.org", 2);
        String link = find("(http://127\\.0\\.0\\.1:" + PROXY_PORT + "/s/[A-Za-z0-9_-]{43})", text(mails.get(0)));
        String code = find("([A-Z2-9]{4}-[A-Z2-9]{4})", text(mails.get(1)));
        String token = link.substring(link.lastIndexOf('/') + 1);

        browser.driver.get(link);
        assertEquals("Documents from Oakfield Primary School", heading());
        assertFalse(browser.driver.getPageSource().contains("Leo"), "nothing about the pupil before the code");
        check("the code page");
        browser.screenshot("1-the-link-asks-for-the-code");

        browser.driver.findElement(By.id("code")).sendKeys("ABCD-2345");
        browser.click(By.cssSelector("form button"));
        assertTrue(browser.driver.findElement(By.id("code-error")).getText().contains("That code is not right"));
        assertEquals("true", browser.driver.findElement(By.id("code")).getAttribute("aria-invalid"));
        check("the wrong-code page");
        browser.screenshot("2-a-wrong-code");

        browser.driver.findElement(By.id("code")).sendKeys(code);
        browser.click(By.cssSelector("form button"));
        assertTrue(
                browser.driver.getCurrentUrl().endsWith("/s/" + token + "/documents"), browser.driver.getCurrentUrl());
        assertTrue(browser.driver.getPageSource().contains("Leo&#39;s EHC plan")
                || browser.driver.getPageSource().contains("Leo's EHC plan"));
        check("the documents page");
        browser.screenshot("3-the-shared-documents");

        browser.driver
                .findElement(By.partialLinkText("Download Leo's EHC plan"))
                .click();
        Path saved = browser.downloads().resolve("leo-ehc-plan.pdf");
        Await.until("the download", Duration.ofSeconds(15), () -> saved.toFile().length() == PLAN.length);
        String sha = HexFormat.of().formatHex(Digests.sha256(Files.readAllBytes(saved)));
        assertEquals(HexFormat.of().formatHex(Digests.sha256(PLAN)), sha);
        assertEquals(
                1,
                server.count("SELECT count(*) FROM document_version WHERE id = '" + version + "' AND sha256 = decode('"
                        + sha + "', 'hex')"),
                "the file saved is the version stored");

        Path advice = Files.createTempFile("advice-from-dr-lee", ".pdf");
        Files.write(advice, PLAN);
        browser.driver.findElement(By.id("advice")).sendKeys(advice.toString());
        browser.click(By.cssSelector("section.advice button"));
        assertEquals("Thank you: we have your advice", heading());
        check("the advice-received page");
        browser.screenshot("4-advice-received");
        assertEquals(
                1,
                server.count(
                        "SELECT count(*) FROM document_version v JOIN document_share s ON s.id = v.uploaded_through"
                                + " WHERE v.file_name = '" + advice.getFileName() + "'"));

        // No request the page made carried a Referer (the token is in the page's address).
        List<RecordingProxy.Seen> seen = proxy.seen();
        assertTrue(
                seen.stream().anyMatch(s -> s.uri().equals("/assets/page.css")), "the page's own requests were seen");
        assertTrue(seen.stream().anyMatch(s -> s.method().equals("POST")), "the forms' requests were seen");
        for (RecordingProxy.Seen s : seen) {
            assertEquals(null, s.headers().get("Referer"), s.method() + " " + s.uri() + " carried a Referer");
            assertFalse(s.uri().contains(code), "the code is never in an address");
        }
    }

    @Test
    void aLinkTheSchoolStoppedAndOneLockedByWrongCodesEachSayWhyAndThePagesStayAccessible() {
        String version = uploadPlan();
        JsonObject stopped = share(version, new JsonObject());
        String token =
                stopped.getString("link").substring(stopped.getString("link").lastIndexOf('/') + 1);
        browser.driver.get("http://127.0.0.1:" + PROXY_PORT + "/s/" + token);
        browser.driver.findElement(By.id("code")).sendKeys(stopped.getString("code"));
        browser.click(By.cssSelector("form button"));
        server.post(
                "/v1/shares/" + stopped.getJsonObject("share").getString("id") + "/revocation",
                null,
                server.token(Demo.SENCO));
        browser.click(By.partialLinkText("Download Leo's EHC plan"));
        assertEquals("This link has been stopped", heading());
        check("the stopped-link page");
        browser.screenshot("5-a-link-the-school-stopped");

        JsonObject locked = share(version, new JsonObject());
        String lockedToken =
                locked.getString("link").substring(locked.getString("link").lastIndexOf('/') + 1);
        browser.driver.get("http://127.0.0.1:" + PROXY_PORT + "/s/" + lockedToken);
        for (int i = 0; i < SharedLinks.WRONG_CODES_TO_LOCK; i++) {
            browser.driver.findElement(By.id("code")).sendKeys("ZZZZ-ZZZZ");
            browser.click(By.cssSelector("form button"));
        }
        assertEquals("This link is locked", heading());
        check("the locked page");

        browser.driver.get("http://127.0.0.1:" + PROXY_PORT + "/s/" + SharedLinks.random(32));
        assertEquals("We cannot find this page", heading());
        check("the not-found page");
    }

    @Test
    void theLocalAuthoritysOfficerReadsTheFamilysViewsBesideTheDraftPlan() {
        String draft = "0d000000-0000-4000-8000-000000000b05";
        HttpResponse<Buffer> given = server.post(
                "/v1/documents/" + draft + "/draft-views",
                new JsonObject()
                        .put("views", "Leo needs his speech therapy weekly.\nHe is happy at Oakfield.")
                        .put("preferredSchool", "Oakfield Primary School"),
                server.token(Demo.PARENT2));
        assertEquals(201, given.statusCode(), given.bodyAsString());
        JsonObject link = share(
                "0d000000-0000-4000-8000-000000000b15",
                new JsonObject()
                        .put("recipientName", "Jo Marsh")
                        .put("recipientOrganisation", "Northshire County Council SEN team")
                        .put("purpose", "Views on Leo's draft plan")
                        .put("statutoryBasis", "local-authority-request")
                        .put("basisReference", "Request of 4 December"));
        String token = link.getString("link").substring(link.getString("link").lastIndexOf('/') + 1);
        browser.driver.get("http://127.0.0.1:" + PROXY_PORT + "/s/" + token);
        browser.driver.findElement(By.id("code")).sendKeys(link.getString("code"));
        browser.click(By.cssSelector("form button"));
        String views = browser.driver
                .findElement(By.cssSelector("section.draft-views"))
                .getText();
        assertTrue(views.contains("The family (a parent)"), views);
        assertTrue(views.contains("Oakfield Primary School"), views);
        assertTrue(views.contains("He is happy at Oakfield."), views);
        check("the draft plan's views");
        browser.screenshot("7-views-on-a-draft-for-the-local-authority");
    }

    @Test
    void aParentsDataExportOpensAsAReportTheyCanReadAndPrint() throws Exception {
        String father = server.token(Demo.PARENT2);
        HttpResponse<Buffer> asked =
                server.post("/v1/subject-access-requests", new JsonObject().put("pupilId", Demo.LEO), father);
        assertEquals(201, asked.statusCode(), asked.bodyAsString());
        String id = asked.bodyAsJsonObject().getString("id");
        Await.until(
                "the export is built",
                Duration.ofSeconds(20),
                () -> server.count("SELECT count(*) FROM subject_access_request WHERE status = 'ready' AND id = '" + id
                                + "'")
                        == 1);
        byte[] zip = server.get("/v1/subject-access-requests/" + id + "/export", father)
                .body()
                .getBytes();
        Path report = Files.createTempFile("tandem-export-", ".html");
        try (java.util.zip.ZipInputStream in =
                new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(zip))) {
            for (java.util.zip.ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry())
                if (e.getName().equals("index.html")) Files.write(report, in.readAllBytes());
        }
        browser.driver.get(report.toUri().toString());
        assertEquals("Your data at Oakfield Primary School", heading());
        assertTrue(browser.driver.getPageSource().contains("Daniel Whitfield"));
        check("the export's report");
        browser.screenshot("8-a-parents-data-export");
    }

    @Test
    void anInvitedParentsEmailLinksToAPageThatExplainsHowToJoinInTheApp() {
        HttpResponse<Buffer> invited = server.post(
                "/v1/invitations",
                new JsonObject()
                        .put("displayName", "Nadia Patel")
                        .put("email", "nadia.patel@example.org")
                        .put(
                                "pupils",
                                new JsonArray()
                                        .add(new JsonObject()
                                                .put("pupilId", Demo.AMARA)
                                                .put("relationship", "mother"))),
                server.token(Demo.ADMIN));
        assertEquals(201, invited.statusCode(), invited.bodyAsString());
        String body = text(mailTo("nadia.patel@example.org", 1).get(0));
        assertTrue(body.contains("(UK time)"), body);
        String join = find("(http://127\\.0\\.0\\.1:" + PROXY_PORT + "/join)", body);
        browser.driver.get(join);
        assertEquals("Join your child's school on Tandem", heading());
        assertTrue(browser.driver.findElements(By.tagName("form")).isEmpty(), "no account is made in the browser");
        check("the join page");
        browser.screenshot("6-an-invitation-explains-the-app");
    }
}
