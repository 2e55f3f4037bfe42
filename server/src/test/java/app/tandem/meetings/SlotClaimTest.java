package app.tandem.meetings;

import static app.tandem.testing.ApiContract.assertProblem;
import static app.tandem.testing.ApiContract.assertResponse;
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
        Rounds.addPupils(server, senco, roundId, Demo.SAM);
        JsonObject slot = offered(parent, roundId).get(0);
        long starts = Instant.parse(slot.getString("startsAt")).getEpochSecond();
        String meetings = "SELECT count(*) FROM meeting WHERE round_id = '" + roundId + "'";

        try (Connection other = claimed(starts)) {
            var refused = Rounds.book(server, parent, Demo.SAM, slot.getString("slotId"));
            assertTrue(
                    assertProblem(refused, 409, "conflict").getString("detail").contains("just been taken"));
            assertEquals(0, server.count(meetings), "nothing written");
            assertEquals(0, reminders(starts), "no reminders for a meeting that is not");
            other.rollback();
        }
        var booked = Rounds.book(server, parent, Demo.SAM, slot.getString("slotId"));
        assertEquals(201, booked.statusCode(), booked.bodyAsString());
        assertEquals(1, server.count(meetings));
        assertEquals(2, reminders(starts), "the day before and the hour before");
    }

    @Test
    void aMoveOntoASlotAnotherBookingIsTakingIsRefusedAndTheMeetingKeepsItsTimeAndReminders() throws Exception {
        String senco = server.token(Demo.SENCO);
        String parent = server.token(Demo.PARENT);
        String roundId = Rounds.willowRound(server, senco, 54, 2);
        Rounds.addPupils(server, senco, roundId, Demo.SAM);
        List<JsonObject> offered = offered(parent, roundId);
        String meetingId = Rounds.book(server, parent, Demo.SAM, offered.get(0).getString("slotId"))
                .bodyAsJsonObject()
                .getString("id");
        String move = "/v1/meetings/" + meetingId + "/reschedule";
        JsonObject to = new JsonObject().put("slotId", offered.get(1).getString("slotId"));

        long from = Instant.parse(offered.get(0).getString("startsAt")).getEpochSecond();
        long onto = Instant.parse(offered.get(1).getString("startsAt")).getEpochSecond();
        try (Connection other = claimed(onto)) {
            assertTrue(assertProblem(server.post(move, to, parent), 409, "conflict")
                    .getString("detail")
                    .contains("just been taken"));
            other.rollback();
        }
        JsonObject kept = server.get("/v1/meetings/" + meetingId, parent).bodyAsJsonObject();
        assertEquals(offered.get(0).getString("startsAt"), kept.getString("startsAt"), "still at its old time");
        assertEquals("booked", kept.getString("status"));
        assertEquals(2, reminders(from), "its reminders are still the old time's");
        assertEquals(0, reminders(onto), "none for the time it did not move to");

        var moved = server.post(move, to, parent);
        assertResponse("rescheduleMeeting", moved);
        assertEquals(
                offered.get(1).getString("startsAt"), moved.bodyAsJsonObject().getString("startsAt"));
    }

    private static List<JsonObject> offered(String parent, String roundId) {
        return Rounds.slots(server, parent, Demo.SAM).stream()
                .map(JsonObject.class::cast)
                .filter(s -> s.getString("roundId").equals(roundId))
                .toList();
    }

    /** Another transaction, open, holding the claim a booking of teacher2 at this start would make. */
    private static Connection claimed(long starts) throws Exception {
        var url = server.database();
        Connection other = DriverManager.getConnection(url.jdbcUrl(), url.user(), url.password());
        other.setAutoCommit(false);
        try (Statement sql = other.createStatement()) {
            sql.execute("PREPARE claim (uuid, bigint) AS SELECT " + MeetingStore.CLAIM);
            try (ResultSet held = sql.executeQuery("EXECUTE claim ('" + Rounds.TEACHER2_ID + "', " + starts + ")")) {
                assertTrue(held.next() && held.getBoolean(1), "the other transaction has the slot");
            }
        }
        return other;
    }

    /** Reminders waiting for a meeting at this start: the day before and the hour before, whoever's meeting. */
    private static long reminders(long starts) {
        Instant at = Instant.ofEpochSecond(starts);
        return server.count(
                "SELECT count(*) FROM notification_outbox WHERE kind = 'meeting-reminder' AND sent_at IS NULL"
                        + " AND due_at IN ('" + at.minusSeconds(86400) + "', '" + at.minusSeconds(3600) + "')");
    }
}
