package app.tandem.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.tandem.testing.Await;
import app.tandem.testing.Demo;
import app.tandem.testing.TestServer;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** How each request ended is chained too: an outcome rewritten in the database breaks the chain at its event. */
class AuditOutcomeChainTest {
    @RegisterExtension
    static TestServer server = new TestServer().withDemoData();

    private static JsonObject verify() {
        return AuditChainTest.verify(server);
    }

    @Test
    void anOutcomeRewrittenBehindTheDatabasesBackBreaksTheChainAtItsEvent() {
        String senco = server.token(Demo.SENCO);
        for (int i = 0; i < 5; i++) server.get("/v1/pupils/" + Demo.LEO + "/record", senco);
        server.get("/v1/pupils/" + Demo.AMARA + "/record", server.token(Demo.PARENT2));
        // Outcomes are verified against their sealed events: wait for both chains to be sealed.
        Await.until(
                "every event and every outcome sealed",
                Duration.ofSeconds(15),
                () -> server.count("SELECT count(*) FROM audit_outcome o LEFT JOIN audit_outcome_seal s"
                                        + " ON s.oseq = o.oseq WHERE s.oseq IS NULL")
                                == 0
                        && server.count("SELECT count(*) FROM audit_event e LEFT JOIN audit_seal s ON s.seq = e.seq"
                                        + " WHERE s.seq IS NULL")
                                == 0
                        && server.count("SELECT count(*) FROM audit_outcome WHERE status = 404") > 0);
        JsonObject intact = verify();
        assertTrue(intact.getBoolean("intact"), intact.encode());

        long refused = server.count("SELECT max(seq) FROM audit_outcome WHERE status = 404");
        // A refused attempt made to look like a read that succeeded.
        server.sql("ALTER TABLE audit_outcome DISABLE TRIGGER audit_outcome_append_only;"
                + " UPDATE audit_outcome SET status = 200 WHERE seq = " + refused + ";"
                + " ALTER TABLE audit_outcome ENABLE TRIGGER audit_outcome_append_only");
        JsonObject broken = verify();
        assertFalse(broken.getBoolean("intact"), broken.encode());
        assertEquals(refused, broken.getLong("firstBreak"));
    }
}
