package app.tandem.meetings;

import static app.tandem.testing.ApiContract.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.tandem.testing.Demo;
import app.tandem.testing.Rounds;
import app.tandem.testing.TestServer;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Parents racing for one slot: while one booking is putting it in the diary, another is told at
 * once that it has just been taken, rather than waiting on the first (and, before the claim, now
 * and then meeting it in an exclusion constraint and waiting a second for PostgreSQL's deadlock
 * check). The slot is bookable again the moment the first lets go without booking it.
 */
class SlotClaimTest {
    @RegisterExtension
    static TestServer server = new TestServer().withDemoData();

    @Test
    void aSlotAnotherBookingIsTakingThisMomentIsRefusedAtOnceAndIsFreeWhenItLetsGo() throws Exception {
        String senco = server.token(Demo.SENCO);
        String parent = server.token(Demo.PARENT);
        String roundId = Rounds.willowRound(server, senco, 52, 2);
        Rounds.addPupil(server, senco, roundId, Demo.SAM);
        List<JsonObject> offered = Rounds.slots(server, parent, Demo.SAM).stream()
                .map(JsonObject.class::cast)
                .filter(s -> s.getString("roundId").equals(roundId))
                .toList();
        JsonObject slot = offered.get(0);
        long starts = Instant.parse(slot.getString("startsAt")).getEpochSecond();
        String meetings = "SELECT count(*) FROM meeting WHERE round_id = '" + roundId + "'";

        var url = server.database();
        try (Connection other = DriverManager.getConnection(url.jdbcUrl(), url.user(), url.password());
                Statement sql = other.createStatement()) {
            other.setAutoCommit(false);
            sql.execute("PREPARE claim (uuid, bigint) AS SELECT " + MeetingStore.CLAIM);
            try (ResultSet claimed = sql.executeQuery("EXECUTE claim ('" + Rounds.TEACHER2_ID + "', " + starts + ")")) {
                assertTrue(claimed.next() && claimed.getBoolean(1), "the other transaction has the slot");
            }
            var refused = Rounds.book(server, parent, Demo.SAM, slot.getString("slotId"));
            assertTrue(
                    assertProblem(refused, 409, "conflict").getString("detail").contains("just been taken"));
            assertEquals(0, server.count(meetings), "nothing written");
            assertEquals(
                    0,
                    server.count(
                            "SELECT count(*) FROM notification_outbox WHERE kind = 'meeting-reminder' AND due_at > '"
                                    + Instant.ofEpochSecond(starts).minusSeconds(2 * 86400) + "' AND due_at < '"
                                    + Instant.ofEpochSecond(starts) + "'"),
                    "no reminders for a meeting that is not");
            other.rollback();
        }
        var booked = Rounds.book(server, parent, Demo.SAM, slot.getString("slotId"));
        assertEquals(201, booked.statusCode(), booked.bodyAsString());
        assertEquals(1, server.count(meetings));
    }
}
