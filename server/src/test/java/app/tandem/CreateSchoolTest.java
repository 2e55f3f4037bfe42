package app.tandem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.tandem.platform.DatabaseUrl;
import app.tandem.testing.TestDatabases;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** `create-school` against DATABASE_URL: the email to the first admin, races, and refusals that change nothing. */
class CreateSchoolTest {
    private final DatabaseUrl db = TestDatabases.fresh();

    private Map<String, String> env(boolean smtp) {
        String url = "postgres://" + db.user() + "@" + db.host() + ":" + db.port() + "/" + db.database()
                + "?sslmode=disable";
        return smtp ? Map.of("DATABASE_URL", url, "TANDEM_SMTP_HOST", "127.0.0.1") : Map.of("DATABASE_URL", url);
    }

    private static List<String> args(String name, String email) {
        return List.of(
                "--name", name, "--time-zone", "Europe/London", "--admin-email", email, "--admin-name", "Pat Greene");
    }

    private static String run(Map<String, String> env, List<String> args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(0, CreateSchool.run(env, args, new PrintStream(out, true, StandardCharsets.UTF_8)));
        return out.toString(StandardCharsets.UTF_8);
    }

    private String one(String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
                ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    @Test
    void withEmailOnTheFirstAdminsCodeIsEmailedWithItsExpiryInTheSchoolsTimeZone() throws Exception {
        String printed = run(env(true), args("Hillside Special School, York", "head@hillside.example"));
        String code = printed.lines()
                .filter(l -> l.startsWith("Setup code: "))
                .findFirst()
                .orElseThrow()
                .substring("Setup code: ".length());
        assertTrue(printed.contains("also emailed to head@hillside.example"), printed);
        assertEquals("head@hillside.example", one("SELECT to_address FROM mail_outbox"));
        String body = one("SELECT body FROM mail_outbox");
        assertTrue(body.contains(code), "the email carries the code");
        assertTrue(body.contains("Hillside Special School, York has been set up on Tandem"), body);
        assertTrue(body.contains("(Europe/London)"), body);
        assertEquals("Your school is ready on Tandem", one("SELECT subject FROM mail_outbox"));
    }

    @Test
    void twoOperatorsCreatingTheSameSchoolAtOnceMakeOneSchoolAndOneAdmin() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<String>> runs = new ArrayList<>();
            for (int i = 0; i < 3; i++)
                runs.add(pool.submit(() -> run(env(false), args("Meadow Primary, Hull", "admin@meadow.example"))));
            for (Future<String> r : runs) assertTrue(r.get().contains("Setup code: "));
        } finally {
            pool.shutdown();
        }
        assertEquals("1", one("SELECT count(*) FROM school"));
        assertEquals("1", one("SELECT count(*) FROM app_user"));
        assertEquals("1", one("SELECT count(*) FROM invitation WHERE expires_at > now()"), "only the last code works");
    }

    @Test
    void anAdminWhoHasSignedInIsLeftAloneWhenTheCommandRunsAgain() throws Exception {
        run(env(false), args("Brook Academy, Bath", "head@brook.example"));
        TestDatabases.execute(db, "UPDATE app_user SET password_hash = 'set' WHERE email = 'head@brook.example'");
        String again = run(env(false), args("Brook Academy, Bath", "head@brook.example"));
        assertTrue(again.contains("has signed in. Nothing was changed."), again);
        assertEquals("1", one("SELECT count(*) FROM invitation"), "no new code");
    }

    @Test
    void anUnknownOptionOrAMissingValueIsRefusedBeforeTheDatabaseIsTouched() {
        CreateSchool.CommandException unknown = assertThrows(
                CreateSchool.CommandException.class,
                () -> CreateSchool.run(Map.of(), List.of("--nmae", "X"), System.out));
        assertTrue(unknown.getMessage().startsWith("create-school: --nmae: unknown option"), unknown.getMessage());
        CreateSchool.CommandException missing = assertThrows(
                CreateSchool.CommandException.class,
                () -> CreateSchool.run(Map.of(), List.of("--name", "X", "--time-zone"), System.out));
        assertTrue(missing.getMessage().startsWith("create-school: --time-zone: needs a value"), missing.getMessage());
        CreateSchool.CommandException offset = assertThrows(
                CreateSchool.CommandException.class,
                () -> CreateSchool.run(
                        Map.of(),
                        List.of("--name", "X", "--time-zone", "+01:00", "--admin-email", "a@b.example"),
                        System.out));
        assertTrue(offset.getMessage().contains("'+01:00' is not a time zone"), offset.getMessage());
    }
}
