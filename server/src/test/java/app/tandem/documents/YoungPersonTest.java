package app.tandem.documents;

import static org.junit.jupiter.api.Assertions.assertEquals;

import app.tandem.testing.Demo;
import app.tandem.testing.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A pupil becomes a young person on the last Friday in June of the school year (1 September to
 * 31 August) in which they turn 16; the date is kept on the pupil and follows their date of birth.
 */
class YoungPersonTest {
    @RegisterExtension
    static TestServer server = new TestServer().withDemoData();

    private static String transfer(String dateOfBirth) {
        server.sql("UPDATE pupil SET date_of_birth = '" + dateOfBirth + "' WHERE id = '" + Demo.MAYA + "'");
        long epochDay =
                server.count("SELECT young_person_from - date '1970-01-01' FROM pupil WHERE id = '" + Demo.MAYA + "'");
        return java.time.LocalDate.ofEpochDay(epochDay).toString();
    }

    @Test
    void aBirthdayOnTheLastDayOfAugustFallsInTheSchoolYearThatEndsThatSummer() {
        assertEquals("2026-06-26", transfer("2010-08-31"));
    }

    @Test
    void aBirthdayOnTheFirstOfSeptemberFallsInTheNextSchoolYear() {
        assertEquals("2027-06-25", transfer("2010-09-01"));
    }

    @Test
    void leapDayBirthdaysTurnSixteenOnALeapDayAndCountInThatSchoolYear() {
        assertEquals("2024-06-28", transfer("2008-02-29"));
        assertEquals("2028-06-30", transfer("2012-02-29"));
    }

    @Test
    void threeMonthsBeforeTheParentsAreToldOnceAndTheSencoToo() {
        server.sql("UPDATE pupil SET date_of_birth = '2011-01-15' WHERE id = '" + Demo.LEO
                + "'"); // a young person on 25 June 2027
        server.clock().advance(java.time.Duration.ofDays(120));
        try {
            Documents documents = server.app().capabilities().stream()
                    .filter(Documents.class::isInstance)
                    .map(Documents.class::cast)
                    .findFirst()
                    .orElseThrow();
            long before = server.count("SELECT count(*) FROM notice");
            documents.noticeYoungPeopleDue().await();
            assertEquals(
                    1,
                    server.count("SELECT count(*) FROM notice n JOIN notice_recipient r ON r.notice_id = n.id"
                            + " WHERE n.kind = 'formal' AND n.title LIKE '% will soon make their own decisions'"
                            + " AND r.parent_id = '0d000000-0000-4000-8000-000000000202'"));
            assertEquals(
                    0,
                    server.count("SELECT count(*) FROM notice n JOIN notice_recipient r ON r.notice_id = n.id"
                            + " WHERE n.title LIKE '% will soon make their own decisions'"
                            + " AND r.parent_id = '0d000000-0000-4000-8000-000000000203'"),
                    "not the parent whose contact is blocked");
            assertEquals(
                    1,
                    server.count(
                            "SELECT count(*) FROM notification_outbox WHERE kind = 'young-person-soon' AND ref_id = '"
                                    + Demo.LEO + "' AND user_id = '0d000000-0000-4000-8000-000000000102'"));
            documents.noticeYoungPeopleDue().await();
            assertEquals(before + 1, server.count("SELECT count(*) FROM notice"), "told once");
        } finally {
            server.clock().advance(java.time.Duration.ofDays(-120));
        }
    }

    @Test
    void aBirthdayInJuneAfterTheLastFridayStillCountsThatSchoolYear() {
        // Turns 16 on Monday 29 June 2026, after the last Friday (26 June): still that school year.
        assertEquals("2026-06-26", transfer("2010-06-29"));
    }
}
