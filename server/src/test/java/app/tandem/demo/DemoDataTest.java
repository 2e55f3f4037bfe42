package app.tandem.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import app.tandem.testing.TestServer;
import io.vertx.sqlclient.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The demo school is seeded once: running the seed again changes nothing. */
class DemoDataTest {
    @RegisterExtension
    static TestServer server = new TestServer().withDemoData();

    @Test
    void seedingAgainChangesNothing() {
        Row before = counts();
        DemoData.seed(server.app().vertx(), server.app().pool(), server.app().identity())
                .await();
        Row after = counts();
        assertEquals(before.toJson(), after.toJson());
        assertEquals(2L, before.getLong("schools"), "Oakfield and Riverside, one trust");
        assertEquals(9L, before.getLong("users"));
        assertEquals(1L, before.getLong("blocked"));
        assertEquals(2L, before.getLong("notices"));
        assertEquals(3L, before.getLong("recipients"));
    }

    private Row counts() {
        return server.app()
                .pool()
                .query(
                        """
        SELECT (SELECT count(*) FROM school) AS schools, (SELECT count(*) FROM app_user) AS users,
               (SELECT count(*) FROM pupil) AS pupils, (SELECT count(*) FROM parent_link) AS links,
               (SELECT count(*) FROM parent_link WHERE contact_blocked) AS blocked,
               (SELECT count(*) FROM notice) AS notices, (SELECT count(*) FROM notice_recipient) AS recipients
        """)
                .execute()
                .await()
                .iterator()
                .next();
    }
}
