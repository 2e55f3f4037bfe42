package app.tandem.audit;

import static app.tandem.testing.ApiContract.assertResponse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.tandem.testing.Await;
import app.tandem.testing.Demo;
import app.tandem.testing.TestServer;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every event is sealed into the keyed hash chain, and a row changed behind the database's back is found. */
class AuditChainTest {
    @RegisterExtension
    static TestServer server = new TestServer().withDemoData();

    private static JsonObject verify() {
        return verify(server);
    }

    /** The DPO's verification of the chain on that server, checked against the contract. */
    static JsonObject verify(TestServer on) {
        HttpResponse<Buffer> result = on.post("/v1/audit/verification", null, on.token(Demo.ADMIN));
        assertResponse("verifyAuditLog", result);
        return result.bodyAsJsonObject();
    }

    @Test
    void theChainHoldsUntilARowIsRewrittenAndThenNamesTheFirstBreak() {
        String senco = server.token(Demo.SENCO);
        for (int i = 0; i < 30; i++) server.get("/v1/pupils/" + Demo.LEO + "/record", senco);
        Await.until(
                "every event sealed",
                Duration.ofSeconds(15),
                () -> server.count(
                                "SELECT count(*) FROM audit_event e LEFT JOIN audit_seal s ON s.seq = e.seq WHERE s.seq IS NULL")
                        == 0);
        JsonObject intact = verify();
        assertTrue(intact.getBoolean("intact"), intact.encode());
        assertEquals(intact.getLong("events"), intact.getLong("sealed"));
        assertEquals(64, intact.getJsonObject("checkpoint").getString("hash").length());

        long victim = server.count("SELECT min(seq) + 10 FROM audit_event");
        // Someone with the database's owner rights turns the guard off and rewrites who looked.
        server.sql("ALTER TABLE audit_event DISABLE TRIGGER audit_event_append_only;"
                + " UPDATE audit_event SET actor_id = '0d000000-0000-4000-8000-000000000104' WHERE seq = " + victim
                + ";"
                + " ALTER TABLE audit_event ENABLE TRIGGER audit_event_append_only");
        JsonObject broken = verify();
        assertFalse(broken.getBoolean("intact"), broken.encode());
        assertEquals(victim, broken.getLong("firstBreak"));
    }
}
