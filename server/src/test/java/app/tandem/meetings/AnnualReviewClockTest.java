package app.tandem.meetings;

import static app.tandem.testing.ApiContract.assertProblem;
import static app.tandem.testing.ApiContract.assertResponse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.tandem.testing.Await;
import app.tandem.testing.Demo;
import app.tandem.testing.Rounds;
import app.tandem.testing.Smtp;
import app.tandem.testing.TestServer;
import com.icegreen.greenmail.util.GreenMail;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import java.io.StringReader;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.fortuna.ical4j.data.CalendarBuilder;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.Property;
import net.fortuna.ical4j.model.component.VEvent;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The EHC annual review runs on its own clock: every plan has a due date on the school's calendar,
 * the SENCO is told before it passes, and scheduling the review is inviting everyone to it, over
 * HTTP with a real SMTP server. The test that moves the clock runs last.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AnnualReviewClockTest {
    static final int SMTP_PORT = Smtp.freePort();
    static final GreenMail smtp = Smtp.start(SMTP_PORT);
    static final ZoneId LONDON = ZoneId.of("Europe/London");
    static final String SENCO_ID = "0d000000-0000-4000-8000-000000000102";
    static final String ELLIS = "0d000000-0000-4000-8000-000000000405";

    @RegisterExtension
    static TestServer server = new TestServer()
            .withDemoData()
            .withSmtp(SMTP_PORT)
            .withEnv("TANDEM_SMTP_FROM", "Oakfield Primary School <tandem@oakfield.example>");

    private static LocalDate today() {
        return server.clock().instant().atZone(LONDON).toLocalDate();
    }

    private static void plan(String pupil, LocalDate issuedOn) {
        HttpResponse<Buffer> set = server.put(
                "/v1/pupils/" + pupil + "/sen-status",
                new JsonObject()
                        .put("status", "ehc-plan")
                        .put("planIssuedOn", issuedOn.toString())
                        .put("localAuthority", "Northshire County Council"),
                server.token(Demo.SENCO));
        assertEquals(200, set.statusCode(), set.bodyAsString());
    }

    private static JsonObject clockOf(String pupil) {
        HttpResponse<Buffer> due = server.get("/v1/annual-reviews/due", server.token(Demo.SENCO));
        assertResponse("listAnnualReviewsDue", due);
        return due.bodyAsJsonObject().getJsonArray("items").stream()
                .map(JsonObject.class::cast)
                .filter(i -> i.getJsonObject("pupil").getString("id").equals(pupil))
                .findFirst()
                .orElseThrow(() -> new AssertionError(pupil + " is not on " + due.bodyAsString()));
    }

    private static long pushes(String pupil) {
        return server.count("SELECT count(*) FROM notification_outbox WHERE kind = 'annual-review-due' AND ref_id = '"
                + pupil + "'");
    }

    private static int alert() {
        return server.app().capability(Meetings.class).alertAnnualReviewsDue().await();
    }

    /** The demo school shows both ends of the clock: Leo's review coming up, Ellis's never arranged. */
    @Test
    @Order(0)
    void inTheDemoLeosReviewIsDueSoonAndEllisHasAnOverduePlanNobodyArranged() {
        JsonObject leo = clockOf(Demo.LEO);
        assertEquals("due-soon", leo.getString("state"));
        // The local authority's first review date, as the demo recorded it.
        long reviewDue = server.count("SELECT plan_review_due - date '1970-01-01' FROM sen_status_change"
                + " WHERE pupil_id = '" + Demo.LEO + "' ORDER BY changed_at DESC LIMIT 1");
        assertEquals(LocalDate.ofEpochDay(reviewDue).toString(), leo.getString("dueOn"));
        JsonObject ellis = clockOf(ELLIS);
        assertEquals("overdue", ellis.getString("state"));
        assertFalse(ellis.getBoolean("scheduled"));
    }

    @Test
    @Order(1)
    void aPlanPastItsDateWithNoReviewArrangedIsOverdueAndListedAsNotScheduled() {
        LocalDate issued = today().minusMonths(13);
        plan(Demo.AMARA, issued);

        JsonObject amara = clockOf(Demo.AMARA);
        assertEquals("overdue", amara.getString("state"));
        assertFalse(amara.getBoolean("scheduled"));
        assertEquals(issued.plusMonths(12).toString(), amara.getString("dueOn"));
        assertEquals(issued.toString(), amara.getString("planIssuedOn"));

        HttpResponse<Buffer> overdue = server.get("/v1/annual-reviews/overdue", server.token(Demo.SENCO));
        assertResponse("listOverdueAnnualReviews", overdue);
        assertTrue(overdue.bodyAsJsonObject().getJsonArray("notScheduled").stream()
                .map(JsonObject.class::cast)
                .anyMatch(p ->
                        p.getJsonObject("pupil").getString("id").equals(Demo.AMARA) && !p.getBoolean("scheduled")));
        // The admin arranges reviews for the school too, so sees the same clock.
        assertResponse("listAnnualReviewsDue", server.get("/v1/annual-reviews/due", server.token(Demo.ADMIN)));
    }

    @Test
    @Order(2)
    void onlyTheSencoAndAnAdminSeeTheClock() {
        assertProblem(server.get("/v1/annual-reviews/due", server.token(Demo.TEACHER)), 403, "forbidden");
        assertProblem(server.get("/v1/annual-reviews/due", server.token(Demo.PARENT)), 403, "forbidden");
        assertProblem(server.get("/v1/annual-reviews/overdue", server.token(Demo.TEACHER)), 403, "forbidden");
    }

    @Test
    @Order(3)
    void schedulingInvitesTheFamilyAndEveryInviteeWithACalendarInvitationAndCancellingCancelsIt() throws Exception {
        smtp.purgeEmailFromAllMailboxes();
        String senco = server.token(Demo.SENCO);
        HttpResponse<Buffer> scheduled = Rounds.annualReview(
                server,
                Demo.LEO,
                30,
                14,
                "Jo Bell|la-sen-officer|jo.bell@northshire.example",
                "Sam Lee|educational-psychologist|sam.lee@ep.example",
                "Daniel Whitfield|parent");
        assertResponse("scheduleAnnualReview", scheduled);
        assertEquals(201, scheduled.statusCode(), scheduled.bodyAsString());
        JsonObject review = scheduled.bodyAsJsonObject();
        JsonObject invitations = Rounds.step(review, "invitations-sent");
        assertEquals("done", invitations.getString("state"), "sending the invitations is recording them");
        assertEquals(today().toString(), invitations.getString("doneOn"));
        for (Object i : review.getJsonArray("invitees")) {
            JsonObject invitee = (JsonObject) i;
            assertEquals(invitee.containsKey("email"), invitee.containsKey("invitedOn"), invitee.encode());
        }

        // The parent who reads Leo's record has a formal notice and a push; the blocked parent nothing.
        HttpResponse<Buffer> notices = server.get("/v1/notices", server.token(Demo.PARENT2));
        JsonObject notice = notices.bodyAsJsonObject().getJsonArray("items").stream()
                .map(JsonObject.class::cast)
                .filter(n -> n.getString("title").equals("Invitation to Leo's annual review"))
                .findFirst()
                .orElseThrow(() -> new AssertionError(notices.bodyAsString()));
        HttpResponse<Buffer> read = server.get("/v1/notices/" + notice.getString("id"), server.token(Demo.PARENT2));
        assertResponse("getNotice", read);
        String letter = read.bodyAsJsonObject().getString("body");
        assertTrue(letter.contains("Room 5") && letter.contains("SENDIASS"), letter);
        assertEquals(
                0,
                server.count("SELECT count(*) FROM notice_recipient r JOIN app_user u ON u.id = r.parent_id"
                        + " WHERE u.email = 'blocked@example.org' AND r.notice_id = '" + notice.getString("id") + "'"));
        assertEquals(
                1,
                server.count("SELECT count(*) FROM notification_outbox o JOIN app_user u ON u.id = o.user_id"
                        + " WHERE u.email = 'parent2@example.org' AND o.kind = 'notice' AND o.ref_id = '"
                        + notice.getString("id") + "'"));

        // Each invitee with an email: a calendar invitation from the school, the meeting's own UID.
        Await.until("two invitations", Duration.ofSeconds(10), () -> smtp.getReceivedMessages().length >= 2);
        List<VEvent> invites = new ArrayList<>();
        for (MimeMessage m : smtp.getReceivedMessages()) {
            assertEquals("Invitation: annual review at Oakfield Primary School", m.getSubject());
            Calendar calendar = calendarIn(m);
            assertEquals(
                    "REQUEST",
                    calendar.getProperty(Property.METHOD).orElseThrow().getValue());
            VEvent event = (VEvent) calendar.getComponent("VEVENT").orElseThrow();
            assertEquals(
                    "mailto:tandem@oakfield.example",
                    event.getProperty(Property.ORGANIZER).orElseThrow().getValue());
            assertEquals(
                    "mailto:" + m.getAllRecipients()[0].toString(),
                    event.getProperty(Property.ATTENDEE).orElseThrow().getValue());
            assertEquals(
                    review.getString("meetingId") + "@tandem",
                    event.getProperty(Property.UID).orElseThrow().getValue());
            assertFalse(
                    event.getProperty(Property.SUMMARY).orElseThrow().getValue().contains("Whitfield"),
                    "a surname in a calendar");
            invites.add(event);
        }
        assertEquals(
                List.of("jo.bell@northshire.example", "sam.lee@ep.example"),
                Arrays.stream(smtp.getReceivedMessages())
                        .map(m -> {
                            try {
                                return m.getAllRecipients()[0].toString();
                            } catch (Exception e) {
                                throw new IllegalStateException(e);
                            }
                        })
                        .sorted()
                        .toList());

        // A class teacher follows the review but changes nothing in it.
        String teacher = server.token(Demo.TEACHER);
        assertResponse("getAnnualReview", server.get("/v1/annual-reviews/" + review.getString("id"), teacher));
        assertProblem(
                server.post(
                        "/v1/annual-reviews/" + review.getString("id") + "/steps",
                        new JsonObject().put("step", "views-gathered"),
                        teacher),
                403,
                "forbidden");
        String cancel = "/v1/meetings/" + review.getString("meetingId") + "/cancellation";
        assertProblem(server.post(cancel, new JsonObject(), teacher), 403, "forbidden");

        // The SENCO cancels: each invitee's calendar gets the cancellation, one sequence on.
        smtp.purgeEmailFromAllMailboxes();
        HttpResponse<Buffer> cancelled = server.post(cancel, new JsonObject(), senco);
        assertEquals(200, cancelled.statusCode(), cancelled.bodyAsString());
        Await.until("two cancellations", Duration.ofSeconds(10), () -> smtp.getReceivedMessages().length >= 2);
        for (MimeMessage m : smtp.getReceivedMessages()) {
            Calendar calendar = calendarIn(m);
            assertEquals(
                    "CANCEL",
                    calendar.getProperty(Property.METHOD).orElseThrow().getValue());
            VEvent event = (VEvent) calendar.getComponent("VEVENT").orElseThrow();
            assertEquals(
                    review.getString("meetingId") + "@tandem",
                    event.getProperty(Property.UID).orElseThrow().getValue());
            assertEquals(sequence(invites.get(0)) + 1, sequence(event));
        }
    }

    @Test
    @Order(4)
    void aPlanIssuedElevenMonthsAgoIsDueSoonAndTheSencoIsPushedOnceThenOnceMoreWhenTheDateComes() {
        LocalDate issued = today().minusMonths(11);
        plan(Demo.MAYA, issued);
        JsonObject maya = clockOf(Demo.MAYA);
        assertEquals("due-soon", maya.getString("state"));
        assertEquals(issued.plusMonths(12).toString(), maya.getString("dueOn"));

        alert();
        assertEquals(1, pushes(Demo.MAYA), "two months before the date: one push");
        assertEquals(
                1,
                server.count("SELECT count(*) FROM notification_outbox WHERE kind = 'annual-review-due' AND ref_id = '"
                        + Demo.MAYA + "' AND user_id = '" + SENCO_ID + "'"),
                "to the SENCO, and only the SENCO");
        alert();
        assertEquals(1, pushes(Demo.MAYA), "each mark once, however often the clock is read");

        server.clock().advance(Duration.ofDays(40));
        try {
            assertEquals("overdue", clockOf(Demo.MAYA).getString("state"));
            alert();
            assertEquals(2, pushes(Demo.MAYA), "and once more when the date has come");
            alert();
            assertEquals(2, pushes(Demo.MAYA));
        } finally {
            server.clock().advance(Duration.ofDays(-40));
        }
    }

    private static int sequence(VEvent event) {
        return Integer.parseInt(
                event.getProperty(Property.SEQUENCE).orElseThrow().getValue());
    }

    private static Calendar calendarIn(MimeMessage message) throws Exception {
        Multipart parts = (Multipart) message.getContent();
        for (int i = 0; i < parts.getCount(); i++) {
            BodyPart part = parts.getBodyPart(i);
            if (part.getContentType().startsWith("text/calendar")) {
                assertTrue(part.getContentType().contains("method="), part.getContentType());
                String text = new String(part.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                return new CalendarBuilder().build(new StringReader(text));
            }
        }
        throw new AssertionError("no calendar in " + message.getSubject());
    }
}
