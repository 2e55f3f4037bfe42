package app.tandem.documents;

import static app.tandem.testing.ApiContract.assertProblem;
import static app.tandem.testing.ApiContract.assertResponse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.tandem.testing.Await;
import app.tandem.testing.Callers;
import app.tandem.testing.Demo;
import app.tandem.testing.Smtp;
import app.tandem.testing.TestServer;
import com.icegreen.greenmail.util.GreenMail;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import jakarta.mail.internet.MimeMessage;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Documents are kept in versions and read only by those the rules allow; nothing leaves the school
 * without a live consent or a recorded statutory basis; a link needs its code, locks after five
 * wrong ones, dies the moment its consent is withdrawn, and every use is a disclosure the family sees.
 * Email goes to a real SMTP server (GreenMail) in this JVM.
 */
class DocumentsTest {
    static final int SMTP_PORT = Smtp.freePort();
    static final GreenMail smtp = Smtp.start(SMTP_PORT);

    @RegisterExtension
    static TestServer server = new TestServer()
            .withDemoData()
            .withSmtp(SMTP_PORT)
            .withEnv("TANDEM_PUBLIC_URL", "https://tandem.oakfield.example");

    static final String LEO_PLAN = "0d000000-0000-4000-8000-000000000b01";
    static final String LEO_PLAN_V2 = "0d000000-0000-4000-8000-000000000b12";
    static final String LEO_CONSENT = "0d000000-0000-4000-8000-000000000b21";
    static final String EP = "Northshire Educational Psychology Service";
    static final byte[] PDF = "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
            .getBytes(StandardCharsets.US_ASCII);

    static HttpResponse<Buffer> upload(
            String pupil, String kind, String title, byte[] file, String query, String token) {
        return server.send(
                HttpMethod.POST,
                "/v1/pupils/" + pupil + "/documents?kind=" + kind + "&title="
                        + URLEncoder.encode(title, StandardCharsets.UTF_8) + "&fileName=file.pdf" + query,
                Buffer.buffer(file),
                r -> r.putHeader("Content-Type", "application/pdf").bearerTokenAuthentication(token));
    }

    static JsonObject share(JsonObject body) {
        HttpResponse<Buffer> response =
                server.post("/v1/pupils/" + Demo.LEO + "/shares", body, server.token(Demo.SENCO));
        assertResponse("createShare", response);
        assertEquals(201, response.statusCode(), response.bodyAsString());
        return response.bodyAsJsonObject();
    }

    static JsonObject toTheEp() {
        return new JsonObject()
                .put("versionIds", new JsonArray().add(LEO_PLAN_V2))
                .put("recipientName", "Dr Sam Lee")
                .put("recipientOrganisation", EP)
                .put("purpose", "professional-assessment");
    }

    static HttpResponse<Buffer> openLink(String token, String code) {
        return server.send(HttpMethod.GET, "/v1/shared/" + token, null, r -> r.putHeader("Tandem-Access-Code", code));
    }

    static HttpResponse<Buffer> downloadLink(String token, String code, String version) {
        return server.send(
                HttpMethod.GET,
                "/v1/shared/" + token + "/versions/" + version,
                null,
                r -> r.putHeader("Tandem-Access-Code", code));
    }

    static String tokenOf(String link) {
        return link.substring(link.lastIndexOf('/') + 1);
    }

    /** A share handed to the SENCO (no email address), its token and code. */
    static String[] passOn(JsonObject body) {
        JsonObject created = share(body);
        assertEquals("pass-on", created.getString("delivery"));
        return new String[] {
            tokenOf(created.getString("link")),
            created.getString("code"),
            created.getJsonObject("share").getString("id")
        };
    }

    @Test
    void versionsAreKeptSideBySideAndReadOnlyByThoseAllowed() {
        String senco = server.token(Demo.SENCO);
        HttpResponse<Buffer> added = server.send(
                HttpMethod.POST,
                "/v1/documents/" + LEO_PLAN + "/versions?fileName=leo-plan-v3.pdf",
                Buffer.buffer(PDF),
                r -> r.putHeader("Content-Type", "application/pdf").bearerTokenAuthentication(senco));
        assertResponse("addDocumentVersion", added);
        JsonArray versions = added.bodyAsJsonObject().getJsonArray("versions");
        assertEquals(3, versions.getJsonObject(0).getInteger("version"));
        assertEquals(3, versions.size(), "a new version never replaces an old one");
        assertEquals(64, versions.getJsonObject(0).getString("sha256").length());
        HttpResponse<Buffer> list = server.get("/v1/pupils/" + Demo.LEO + "/documents", server.token(Demo.PARENT2));
        assertResponse("listPupilDocuments", list);
        assertTrue(list.bodyAsString().contains(LEO_PLAN));
        HttpResponse<Buffer> file =
                server.get("/v1/documents/" + LEO_PLAN + "/versions/" + LEO_PLAN_V2, server.token(Demo.TEACHER));
        assertEquals(200, file.statusCode());
        assertEquals("application/pdf", file.getHeader("Content-Type"));
        for (String stranger : List.of(Demo.PARENT, Demo.BLOCKED, Demo.TEACHER2)) {
            assertProblem(
                    server.get("/v1/pupils/" + Demo.LEO + "/documents", server.token(stranger)), 404, "not-found");
            assertProblem(
                    server.get("/v1/documents/" + LEO_PLAN + "/versions/" + LEO_PLAN_V2, server.token(stranger)),
                    404,
                    "not-found");
        }
        String leo = Callers.pupilToken(server, Demo.LEO);
        assertProblem(server.get("/v1/pupils/" + Demo.LEO + "/documents", leo), 404, "not-found");
        // Professional advice is for the school; a parent does not see it, even by its id.
        String advice = upload(Demo.LEO, "professional-advice", "Speech and language advice", PDF, "", senco)
                .bodyAsJsonObject()
                .getString("id");
        assertFalse(server.get("/v1/pupils/" + Demo.LEO + "/documents", server.token(Demo.PARENT2))
                .bodyAsString()
                .contains(advice));
    }

    @Test
    void aDraftPlanSentToParentsHasAViewsDueDateFifteenDaysOn() {
        HttpResponse<Buffer> draft = upload(
                Demo.LEO, "draft-ehc-plan", "Draft amended plan", PDF, "&sendToParents=true", server.token(Demo.SENCO));
        assertResponse("uploadDocument", draft);
        assertEquals(
                LocalDate.now(server.clock()).plusDays(15).toString(),
                draft.bodyAsJsonObject().getString("viewsDueOn"));
        String id = draft.bodyAsJsonObject().getString("id");
        assertEquals(
                1,
                server.count(
                        "SELECT count(*) FROM notification_outbox WHERE kind = 'document' AND ref_id = '" + id + "'"));
        assertTrue(server.get("/v1/pupils/" + Demo.LEO + "/documents", server.token(Demo.PARENT2))
                .bodyAsString()
                .contains(id));
    }

    @Test
    void aFileThatIsNotAPdfIsRefusedWhateverItIsCalledAndNothingIsKept() {
        long before = server.count("SELECT count(*) FROM document");
        byte[] script = "#!/bin/sh\necho not a plan\n".getBytes(StandardCharsets.US_ASCII);
        assertProblem(upload(Demo.LEO, "ehc-plan", "Plan", script, "", server.token(Demo.SENCO)), 400, "validation");
        assertProblem(
                upload(Demo.LEO, "ehc-plan", "Plan", PDF, "&sendToParents=true", server.token(Demo.SENCO)),
                400,
                "validation");
        assertProblem(upload(Demo.LEO, "ehc-plan", "Plan", PDF, "", server.token(Demo.TEACHER)), 404, "not-found");
        assertEquals(before, server.count("SELECT count(*) FROM document"));
    }

    @Test
    void aParentGivesConsentForAtMostTwelveMonthsAndBothParentsAreTold() {
        String parent = server.token(Demo.PARENT2);
        JsonObject consent = new JsonObject()
                .put("purpose", "transition")
                .put("purposeDetail", "Moving to Northshire Academy")
                .put("recipientOrganisation", "Northshire Academy")
                .put("documentKinds", new JsonArray().add("ehc-plan"))
                .put("expiresOn", LocalDate.now(server.clock()).plusMonths(13).toString());
        String path = "/v1/pupils/" + Demo.LEO + "/consents";
        assertProblem(server.post(path, consent, parent), 400, "validation");
        assertProblem(server.post(path, consent.copy().put("expiresOn", "2020-01-01"), parent), 400, "validation");
        assertProblem(
                server.post(
                        path,
                        consent.copy()
                                .put(
                                        "expiresOn",
                                        LocalDate.now(server.clock())
                                                .plusMonths(6)
                                                .toString()),
                        server.token(Demo.BLOCKED)),
                404,
                "not-found");
        consent.put("expiresOn", LocalDate.now(server.clock()).plusMonths(6).toString());
        HttpResponse<Buffer> given = server.post(path, consent, parent);
        assertResponse("grantConsent", given);
        JsonObject record = given.bodyAsJsonObject();
        assertEquals("in-app", record.getString("method"));
        assertEquals("parent", record.getString("givenAs"));
        assertEquals("given", record.getString("status"));
        assertEquals(
                1,
                server.count("SELECT count(*) FROM notification_outbox WHERE kind = 'consent' AND ref_id = '"
                        + record.getString("id") + "' AND user_id = '0d000000-0000-4000-8000-000000000202'"));
        // The SENCO records consent given on paper, naming the parent.
        HttpResponse<Buffer> paper = server.post(
                path, consent.copy().put("givenBy", "0d000000-0000-4000-8000-000000000202"), server.token(Demo.SENCO));
        assertResponse("grantConsent", paper);
        assertEquals("paper", paper.bodyAsJsonObject().getString("method"));
        assertEquals(
                "Ruth Adeyemi",
                paper.bodyAsJsonObject().getJsonObject("recordedBy").getString("displayName"));
        assertProblem(server.post(path, consent, server.token(Demo.SENCO)), 400, "validation");
        assertResponse("listConsents", server.get(path, parent));
    }

    @Test
    void withoutAConsentThatCoversItNothingIsSharedAndTheRefusalSaysWhatIsMissing() {
        long before = server.count("SELECT count(*) FROM document_share");
        String senco = server.token(Demo.SENCO);
        String path = "/v1/pupils/" + Demo.LEO + "/shares";
        JsonObject other =
                toTheEp().put("recipientOrganisation", "Northshire CAMHS").put("recipientName", "Dr Ali");
        JsonObject refused = assertProblem(server.post(path, other, senco), 409, "conflict");
        assertTrue(refused.getString("detail").contains("Northshire CAMHS"), refused.encode());
        JsonObject wrongPerson =
                assertProblem(server.post(path, toTheEp().put("recipientName", "Dr Other"), senco), 409, "conflict");
        assertTrue(wrongPerson.getString("detail").contains("Dr Sam Lee"), wrongPerson.encode());
        assertProblem(
                server.post(
                        path,
                        toTheEp()
                                .put("statutoryBasis", "tribunal")
                                .put("consentId", LEO_CONSENT)
                                .put("basisReference", "X"),
                        senco),
                400,
                "validation");
        assertProblem(
                server.post(
                        path,
                        toTheEp().put("versionIds", new JsonArray().add("0d000000-0000-4000-8000-000000000b99")),
                        senco),
                400,
                "validation");
        assertProblem(server.post(path, toTheEp(), server.token(Demo.TEACHER)), 404, "not-found");
        assertEquals(before, server.count("SELECT count(*) FROM document_share"));
    }

    @Test
    void aLinkNeedsItsCodeLocksAfterFiveWrongOnesAndEveryUseIsADisclosureTheFamilySees() {
        String[] link = passOn(toTheEp().put("maxDownloads", 1));
        assertProblem(openLink(link[0], "WRONG-CODE"), 401, "unauthorized");
        HttpResponse<Buffer> opened = openLink(link[0], link[1].toLowerCase());
        assertResponse("openSharedDocuments", opened);
        assertEquals(
                LEO_PLAN_V2,
                opened.bodyAsJsonObject()
                        .getJsonArray("versions")
                        .getJsonObject(0)
                        .getString("id"));
        assertProblem(downloadLink(link[0], link[1], "0d000000-0000-4000-8000-000000000b11"), 404, "not-found");
        HttpResponse<Buffer> file = downloadLink(link[0], link[1], LEO_PLAN_V2);
        assertEquals(200, file.statusCode());
        assertTrue(file.bodyAsString().startsWith("%PDF"));
        assertProblem(downloadLink(link[0], link[1], LEO_PLAN_V2), 410, "gone");
        HttpResponse<Buffer> seen = server.get("/v1/pupils/" + Demo.LEO + "/disclosures", server.token(Demo.PARENT2));
        assertResponse("listDisclosures", seen);
        JsonArray items = seen.bodyAsJsonObject().getJsonArray("items");
        assertTrue(items.stream()
                .map(JsonObject.class::cast)
                .anyMatch(d -> d.getString("event").equals("downloaded")
                        && d.getJsonObject("recipient").getString("name").equals("Dr Sam Lee")));
        assertFalse(seen.bodyAsString().contains("address"), "parents are not shown addresses");

        String[] locked = passOn(toTheEp());
        for (int i = 0; i < 5; i++) assertProblem(openLink(locked[0], "AAAA-AAAA"), 401, "unauthorized");
        assertProblem(openLink(locked[0], locked[1]), 410, "gone");
        assertProblem(openLink(SharedLinks.random(32), "AAAA-AAAA"), 404, "not-found");
    }

    @Test
    void withdrawingConsentKillsTheLinkAtOnceAndExpiryAndRevocationDoToo() {
        String parent = server.token(Demo.PARENT2);
        JsonObject consent = server.post(
                        "/v1/pupils/" + Demo.LEO + "/consents",
                        new JsonObject()
                                .put("purpose", "health-service")
                                .put("recipientOrganisation", "Northshire Community Paediatrics")
                                .put("documentKinds", new JsonArray().add("ehc-plan"))
                                .put(
                                        "expiresOn",
                                        LocalDate.now(server.clock())
                                                .plusMonths(3)
                                                .toString()),
                        parent)
                .bodyAsJsonObject();
        String[] link = passOn(new JsonObject()
                .put("versionIds", new JsonArray().add(LEO_PLAN_V2))
                .put("recipientName", "Dr Patel")
                .put("recipientOrganisation", "Northshire Community Paediatrics")
                .put("purpose", "health-service"));
        assertEquals(200, openLink(link[0], link[1]).statusCode());
        HttpResponse<Buffer> withdrawn =
                server.post("/v1/consents/" + consent.getString("id") + "/withdrawal", null, parent);
        assertResponse("withdrawConsent", withdrawn);
        assertEquals("withdrawn", withdrawn.bodyAsJsonObject().getString("status"));
        assertProblem(openLink(link[0], link[1]), 410, "gone");
        assertProblem(
                server.post(
                        "/v1/pupils/" + Demo.LEO + "/shares",
                        new JsonObject()
                                .put("versionIds", new JsonArray().add(LEO_PLAN_V2))
                                .put("recipientName", "Dr Patel")
                                .put("recipientOrganisation", "Northshire Community Paediatrics")
                                .put("purpose", "health-service"),
                        server.token(Demo.SENCO)),
                409,
                "conflict");

        String[] revoked = passOn(toTheEp());
        HttpResponse<Buffer> revocation =
                server.post("/v1/shares/" + revoked[2] + "/revocation", null, server.token(Demo.SENCO));
        assertResponse("revokeShare", revocation);
        assertEquals("revoked", revocation.bodyAsJsonObject().getString("state"));
        assertProblem(openLink(revoked[0], revoked[1]), 410, "gone");

        String[] expiring = passOn(toTheEp().put("expiresInDays", 1));
        server.clock().advance(Duration.ofDays(2));
        try {
            assertProblem(openLink(expiring[0], expiring[1]), 410, "gone");
        } finally {
            server.clock().advance(Duration.ofDays(-2));
        }
    }

    @Test
    void aStatutoryDisclosureNeedsItsReferenceAndOneNotToBeToldIsHiddenFromParents() {
        JsonObject tribunal = new JsonObject()
                .put("versionIds", new JsonArray().add(LEO_PLAN_V2))
                .put("recipientName", "Tribunal clerk")
                .put("recipientOrganisation", "First-tier Tribunal (SEND)")
                .put("purpose", "Appeal against the plan")
                .put("statutoryBasis", "tribunal");
        assertProblem(
                server.post("/v1/pupils/" + Demo.LEO + "/shares", tribunal, server.token(Demo.SENCO)),
                400,
                "validation");
        String[] link = passOn(tribunal.put("basisReference", "EH123/45/67").put("parentsMayBeTold", false));
        openLink(link[0], link[1]);
        assertFalse(server.get("/v1/pupils/" + Demo.LEO + "/disclosures", server.token(Demo.PARENT2))
                .bodyAsString()
                .contains("Tribunal clerk"));
        String staff = server.get("/v1/pupils/" + Demo.LEO + "/disclosures", server.token(Demo.SENCO))
                .bodyAsString();
        assertTrue(staff.contains("Tribunal clerk") && staff.contains("\"statutoryBasis\":\"tribunal\""), staff);
        // The data protection officer sees the school's disclosures, those not to be told among them.
        HttpResponse<Buffer> dpo = server.get("/v1/disclosures?notToBeTold=true", server.token(Demo.ADMIN));
        assertResponse("listSchoolDisclosures", dpo);
        JsonArray notTold = dpo.bodyAsJsonObject().getJsonArray("items");
        assertFalse(notTold.isEmpty());
        notTold.forEach(d -> assertFalse(((JsonObject) d).getBoolean("parentsMayBeTold")));
        assertEquals(Demo.LEO, notTold.getJsonObject(0).getJsonObject("pupil").getString("id"));
        assertProblem(server.get("/v1/disclosures", server.token(Demo.SENCO)), 403, "forbidden");
        // Each use of the link is also in the audit log, as a disclosure by its named recipient.
        HttpResponse<Buffer> log =
                server.get("/v1/audit/events?action=disclose&pupilId=" + Demo.LEO, server.token(Demo.ADMIN));
        assertResponse("listAuditEvents", log);
        JsonObject actor = log.bodyAsJsonObject().getJsonArray("items").stream()
                .map(JsonObject.class::cast)
                .map(e -> e.getJsonObject("actor"))
                .filter(a -> a.getString("id").equals(link[2]))
                .findFirst()
                .orElseThrow();
        assertEquals("external", actor.getString("kind"));
        assertEquals("Tribunal clerk, First-tier Tribunal (SEND)", actor.getString("name"));
    }

    @Test
    void theLinkAndItsCodeArriveInTwoEmailsThatSayNothingAboutThePupil() throws Exception {
        smtp.purgeEmailFromAllMailboxes();
        JsonObject created = share(toTheEp().put("recipientEmail", "sam.lee@ep.example.org"));
        assertEquals("emailed", created.getString("delivery"));
        assertFalse(created.containsKey("code"), "the code goes to the recipient only");
        Await.until("both emails", Duration.ofSeconds(10), () -> smtp.getReceivedMessages().length >= 1);
        // The code waits a minute so it arrives second; move the clock on instead of waiting.
        server.clock().advance(Duration.ofMinutes(2));
        try {
            Await.until("the code email", Duration.ofSeconds(10), () -> smtp.getReceivedMessages().length >= 2);
        } finally {
            server.clock().advance(Duration.ofMinutes(-2));
        }
        MimeMessage[] received = smtp.getReceivedMessages();
        assertEquals("Oakfield Primary School has shared documents with you", received[0].getSubject());
        assertEquals("Your access code for the documents from Oakfield Primary School", received[1].getSubject());
        for (MimeMessage m : received) assertFalse(m.getSubject().contains("Leo"), m.getSubject());
        // Each email's Message-ID is its outbox row's, so a repeat after a lost acknowledgement is the same email.
        assertEquals(
                2,
                server.count("SELECT count(*) FROM mail_outbox WHERE '<' || id || '@tandem.oakfield.example>' IN ('"
                        + received[0].getMessageID() + "', '" + received[1].getMessageID() + "')"));
        Await.until("the sends counted in /metrics", Duration.ofSeconds(10), () -> server.get("/metrics")
                .bodyAsString()
                .matches("(?s).*tandem_mail_sent_total [1-9].*"));
        String linkBody = received[0].getContent().toString();
        Matcher link = Pattern.compile("https://tandem\\.oakfield\\.example/s/([A-Za-z0-9_-]{43})")
                .matcher(linkBody);
        assertTrue(link.find(), linkBody);
        // The expiry in the school's own time and zone; the code says which link it opens.
        assertTrue(
                Pattern.compile("works until \\w+day \\d{1,2} \\w+ \\d{4} at \\d{1,2}:\\d{2} [ap]m \\(UK time\\)")
                        .matcher(linkBody)
                        .find(),
                linkBody);
        String codeBody = received[1].getContent().toString();
        assertTrue(
                Pattern.compile("shared with you by Oakfield Primary School on \\d{1,2} \\w+ \\d{4}")
                        .matcher(codeBody)
                        .find(),
                codeBody);
        for (MimeMessage m : received)
            assertTrue(m.getMessageID().endsWith("@tandem.oakfield.example>"), m.getMessageID());
        Matcher code = Pattern.compile("([A-Z2-9]{4}-[A-Z2-9]{4})")
                .matcher(received[1].getContent().toString());
        assertTrue(code.find());
        assertFalse(linkBody.contains(code.group(1)), "the link's email does not carry the code");
        assertEquals(200, openLink(link.group(1), code.group(1)).statusCode());
    }

    @Test
    void anEmailThatCannotBeSentIsRetriedUntilTheServerTakesIt() throws Exception {
        smtp.stop();
        try {
            share(toTheEp().put("recipientEmail", "retry@ep.example.org"));
            Await.until(
                    "a failed attempt",
                    Duration.ofSeconds(10),
                    () -> server.count(
                                    "SELECT count(*) FROM mail_outbox WHERE to_address = 'retry@ep.example.org' AND attempts >= 1 AND last_error IS NOT NULL")
                            >= 1);
        } finally {
            smtp.start();
        }
        smtp.purgeEmailFromAllMailboxes();
        server.clock().advance(Duration.ofMinutes(10));
        try {
            Await.until(
                    "both sent after the retry",
                    Duration.ofSeconds(15),
                    () -> server.count(
                                    "SELECT count(*) FROM mail_outbox WHERE to_address = 'retry@ep.example.org' AND sent_at IS NOT NULL")
                            == 2);
        } finally {
            server.clock().advance(Duration.ofMinutes(-10));
        }
        assertTrue(Arrays.stream(smtp.getReceivedMessages()).anyMatch(m -> {
            try {
                return m.getAllRecipients()[0].toString().equals("retry@ep.example.org");
            } catch (Exception ex) {
                return false;
            }
        }));
    }

    @Test
    void anOutsideProfessionalSendsAdviceBackThroughALinkThatAsksForIt() {
        String[] asks = passOn(toTheEp().put("acceptsAdvice", true));
        HttpResponse<Buffer> sent = server.send(
                HttpMethod.POST,
                "/v1/shared/" + asks[0] + "/advice?fileName=ep-advice.pdf",
                Buffer.buffer(PDF),
                r -> r.putHeader("Content-Type", "application/pdf").putHeader("Tandem-Access-Code", asks[1]));
        assertResponse("uploadSharedAdvice", sent);
        assertEquals("Dr Sam Lee, " + EP, sent.bodyAsJsonObject().getString("uploadedThrough"));
        String list = server.get("/v1/pupils/" + Demo.LEO + "/documents", server.token(Demo.SENCO))
                .bodyAsString();
        assertTrue(list.contains("Advice from Dr Sam Lee"), list);
        // The annual review's "advice requested" step shows who has replied.
        String review = "0d000000-0000-4000-8000-000000000bf1";
        server.sql(
                "INSERT INTO annual_review (id, school_id, pupil_id, meeting_at, place, created_by, created_at) VALUES ('"
                        + review + "', '" + Demo.SCHOOL + "', '" + Demo.LEO
                        + "', now() + interval '20 days', 'Room 5', '0d000000-0000-4000-8000-000000000102', now()) ON CONFLICT DO NOTHING");
        HttpResponse<Buffer> annual = server.get("/v1/annual-reviews/" + review, server.token(Demo.SENCO));
        assertResponse("getAnnualReview", annual);
        assertTrue(
                annual.bodyAsJsonObject().getJsonArray("adviceReplies").stream()
                        .map(JsonObject.class::cast)
                        .anyMatch(r -> r.getString("recipient").equals("Dr Sam Lee") && r.containsKey("repliedAt")),
                annual.bodyAsString());
        String[] doesNot = passOn(toTheEp());
        assertProblem(
                server.send(
                        HttpMethod.POST,
                        "/v1/shared/" + doesNot[0] + "/advice?fileName=ep-advice.pdf",
                        Buffer.buffer(PDF),
                        r -> r.putHeader("Content-Type", "application/pdf")
                                .putHeader("Tandem-Access-Code", doesNot[1])),
                409,
                "conflict");
    }

    @Test
    void theSameOutboxEmailsAParentTheirInvitationCode() throws Exception {
        smtp.purgeEmailFromAllMailboxes();
        HttpResponse<Buffer> invited = server.post(
                "/v1/invitations",
                new JsonObject()
                        .put("displayName", "Nadia Patel")
                        .put("email", "nadia.patel@example.net")
                        .put(
                                "pupils",
                                new JsonArray()
                                        .add(new JsonObject()
                                                .put("pupilId", Demo.MAYA)
                                                .put("relationship", "mother"))),
                server.token(Demo.ADMIN));
        assertResponse("createInvitation", invited);
        assertTrue(invited.bodyAsJsonObject().getBoolean("emailed"));
        Await.until("the invitation email", Duration.ofSeconds(10), () -> smtp.getReceivedMessages().length >= 1);
        MimeMessage email = smtp.getReceivedMessages()[0];
        assertEquals("Your invitation to Tandem from Oakfield Primary School", email.getSubject());
        assertTrue(email.getContent()
                .toString()
                .contains(invited.bodyAsJsonObject().getString("code")));
        Await.until(
                "its body erased once sent",
                Duration.ofSeconds(10),
                () -> server.count(
                                "SELECT count(*) FROM mail_outbox WHERE to_address = 'nadia.patel@example.net' AND body = '(erased once sent)'")
                        == 1);
    }

    @Test
    void onceThePupilIsAYoungPersonConsentIsTheirsNotTheirParents() {
        server.sql("UPDATE pupil SET young_person_from = current_date - 1 WHERE id = '" + Demo.LEO + "'");
        try {
            JsonObject consent = new JsonObject()
                    .put("purpose", "transition")
                    .put("recipientOrganisation", "Northshire College")
                    .put("documentKinds", new JsonArray().add("ehc-plan"))
                    .put(
                            "expiresOn",
                            LocalDate.now(server.clock()).plusMonths(6).toString());
            String path = "/v1/pupils/" + Demo.LEO + "/consents";
            assertProblem(server.post(path, consent, server.token(Demo.PARENT2)), 403, "forbidden");
            HttpResponse<Buffer> own = server.post(path, consent, Callers.pupilToken(server, Demo.LEO));
            assertResponse("grantConsent", own);
            assertEquals("young-person", own.bodyAsJsonObject().getString("givenAs"));
            assertEquals(200, server.get(path, server.token(Demo.PARENT2)).statusCode(), "parents still follow them");
            // Assessed as lacking capacity for this kind of decision: the parents decide it again, and can see why.
            HttpResponse<Buffer> assessed = server.post(
                    "/v1/pupils/" + Demo.LEO + "/capacity-assessments",
                    new JsonObject()
                            .put("decision", "document-sharing")
                            .put("assessedOn", LocalDate.now(server.clock()).toString())
                            .put("assessedBy", "Dr Ana Costa, educational psychologist")
                            .put("outcome", "lacks-capacity"),
                    server.token(Demo.SENCO));
            assertResponse("recordCapacityAssessment", assessed);
            assertEquals(
                    201, server.post(path, consent, server.token(Demo.PARENT2)).statusCode());
            assertProblem(server.post(path, consent, Callers.pupilToken(server, Demo.LEO)), 404, "not-found");
            HttpResponse<Buffer> why =
                    server.get("/v1/pupils/" + Demo.LEO + "/capacity-assessments", server.token(Demo.PARENT2));
            assertResponse("listCapacityAssessments", why);
            assertEquals(
                    "lacks-capacity",
                    why.bodyAsJsonObject()
                            .getJsonArray("items")
                            .getJsonObject(0)
                            .getString("outcome"));
        } finally {
            server.sql("UPDATE pupil SET young_person_from = NULL WHERE id = '" + Demo.LEO + "'");
            server.sql("DELETE FROM capacity_assessment WHERE pupil_id = '" + Demo.LEO + "'");
        }
    }

    @Test
    void theDemoShareOpensWithTheDemoCode() {
        HttpResponse<Buffer> opened = openLink("DemoShareLinkForLeosEhcPlanOnlyInTheDemo_01", "DEMO-CODE");
        assertResponse("openSharedDocuments", opened);
        assertNotNull(opened.bodyAsJsonObject().getString("school"));
    }
}
