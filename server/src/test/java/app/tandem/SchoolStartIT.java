package app.tandem;

import static app.tandem.testing.ApiContract.assertProblem;
import static app.tandem.testing.ApiContract.assertResponse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.tandem.identity.AuthenticatorApp;
import app.tandem.testing.ServerProcess;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A real school from an empty data folder, as its IT lead and first admin would start it: the packaged
 * jar's `create-school`, then the API alone, up to a parent seeing their child's home. No demo data.
 */
class SchoolStartIT {
    private static final Duration START = Duration.ofSeconds(90);
    private static final Pattern CODE = Pattern.compile("Setup code: (\\S+)");
    private static final String CSV =
            """
            UPN,Legal Forename,Legal Surname,Preferred Forename,DOB,Year,Reg Group,Contact Forename,Contact Surname,Contact Email,Relationship,Parental Responsibility
            A100,Isla,Morgan,,12/02/2017,Year 4,4 Ash,Helen,Morgan,helen.morgan@example.net,Mother,Y
            A101,Noah,Price,,30/09/2016,Year 4,4 Ash,Kwame,Price,kwame.price@example.net,Father,Y
            A102,Ruby,Evans,Rubes,05/06/2019,Year 2,2 Elm,Sarah,Evans,sarah.evans@example.net,Mother,Y
            """;

    private static Vertx vertx;

    @BeforeAll
    static void client() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void closeClient() {
        vertx.close().await();
    }

    private record Ran(int exit, String stdout, String stderr) {
        String code() {
            Matcher m = CODE.matcher(stdout);
            assertTrue(m.find(), "a setup code is printed: " + stdout + stderr);
            return m.group(1);
        }
    }

    private static Ran createSchool(Path dir, Map<String, String> env, String... options) throws Exception {
        List<String> args = new ArrayList<>(List.of("create-school"));
        args.addAll(List.of(options));
        try (ServerProcess command = ServerProcess.start(dir, env, args.toArray(String[]::new))) {
            int exit = command.awaitExit(START);
            return new Ran(exit, command.stdout(), command.stderr());
        }
    }

    private static String[] oakfield(String adminEmail) {
        return new String[] {
            "--name", "Oakfield Primary School, Leeds",
            "--time-zone", "Europe/London",
            "--admin-email", adminEmail,
            "--admin-name", "Pat Greene"
        };
    }

    @Test
    void aSchoolCreatedAtTheCommandLineReachesAParentSeeingTheirChildsHomeOverTheApiAlone() throws Exception {
        Path dir = Path.of(
                System.getProperty("tandem.test.dir", "target/it-data"),
                UUID.randomUUID().toString());
        int dbPort = ServerProcess.freePort();
        Map<String, String> env = Map.of("TANDEM_EMBEDDED_DB_PORT", Integer.toString(dbPort));

        Ran badZone = createSchool(
                dir,
                env,
                "--name",
                "Oakfield Primary School, Leeds",
                "--time-zone",
                "Mars/Olympus_Mons",
                "--admin-email",
                "pat@oakfield.example",
                "--admin-name",
                "Pat Greene");
        assertEquals(1, badZone.exit());
        assertEquals(
                "tandem: create-school: --time-zone: 'Mars/Olympus_Mons' is not a time zone (use a name such as"
                        + " Europe/London)",
                badZone.stderr().lines().findFirst().orElse(""));
        assertEquals("", badZone.stdout(), "nothing but the one error");

        Ran created = createSchool(dir, env, oakfield("Pat@Oakfield.example"));
        assertEquals(0, created.exit(), created.stderr());
        assertTrue(
                created.stdout().startsWith("Created Oakfield Primary School, Leeds (Europe/London)."),
                created.stdout());
        String firstCode = created.code();

        Ran again = createSchool(dir, env, oakfield("pat@oakfield.example"));
        assertEquals(0, again.exit(), again.stderr());
        assertTrue(again.stdout().contains("already exists"), again.stdout());
        String setupCode = again.code();

        Ran nameTaken = createSchool(
                dir,
                env,
                "--name",
                " oakfield primary school, leeds ",
                "--time-zone",
                "Europe/London",
                "--admin-email",
                "someone.else@oakfield.example",
                "--admin-name",
                "Someone Else");
        assertEquals(1, nameTaken.exit());
        assertTrue(nameTaken.stderr().startsWith("tandem: create-school: --name: a school named"), nameTaken.stderr());
        assertTrue(nameTaken.stderr().strip().endsWith("nothing was changed"), nameTaken.stderr());

        Ran emailTaken = createSchool(
                dir,
                env,
                "--name",
                "Brookside Academy",
                "--time-zone",
                "Europe/London",
                "--admin-email",
                "pat@oakfield.example",
                "--admin-name",
                "Pat Greene");
        assertEquals(1, emailTaken.exit());
        assertTrue(emailTaken.stderr().startsWith("tandem: create-school: --admin-email:"), emailTaken.stderr());

        try (ServerProcess server = ServerProcess.start(dir, env).awaitReady(START)) {
            // The same command on a running server uses the server's own embedded database.
            Ran second = createSchool(
                    dir,
                    env,
                    "--name=Brookside Academy",
                    "--time-zone=Europe/London",
                    "--trust=Riverside Learning Trust",
                    "--admin-email=head@brookside.example",
                    "--admin-name=Sam Okoye");
            assertEquals(0, second.exit(), second.stderr());
            assertEquals(
                    List.of(2L, 2L, 1L, 0L),
                    counts(
                            dbPort,
                            "SELECT count(*) FROM school",
                            "SELECT count(*) FROM app_user",
                            "SELECT count(*) FROM trust",
                            "SELECT count(*) FROM pupil"),
                    "refused commands left nothing behind; no demo data");

            Api api = new Api(server.port);
            assertProblem(api.redeem(firstCode, "pat@oakfield.example", "a long admin password 1"), 400, "validation");
            HttpResponse<Buffer> redeemed = api.redeem(setupCode, "pat@oakfield.example", "a long admin password 1");
            assertResponse("redeemInvitation", redeemed);
            String admin = redeemed.bodyAsJsonObject().getString("accessToken");

            // A new school asks its staff for two-step sign-in: until then the admin can only enrol.
            assertProblem(api.call(HttpMethod.GET, "/v1/staff", admin, null), 403, "forbidden");
            HttpResponse<Buffer> started = api.call(HttpMethod.POST, "/v1/me/mfa/totp", admin, null);
            assertResponse("startTotpEnrolment", started);
            String secret = started.bodyAsJsonObject().getString("secret");
            HttpResponse<Buffer> confirmed = api.call(
                    HttpMethod.POST,
                    "/v1/me/mfa/totp/confirm",
                    admin,
                    new JsonObject()
                            .put("code", AuthenticatorApp.code(secret, Instant.now()))
                            .toBuffer());
            assertResponse("confirmTotpEnrolment", confirmed);
            assertProblem(
                    api.call(
                            HttpMethod.POST,
                            "/v1/auth/login",
                            null,
                            new JsonObject()
                                    .put("email", "pat@oakfield.example")
                                    .put("password", "a long admin password 1")
                                    .toBuffer()),
                    401,
                    "mfa-required");
            HttpResponse<Buffer> login = api.call(
                    HttpMethod.POST,
                    "/v1/auth/login",
                    null,
                    new JsonObject()
                            .put("email", "pat@oakfield.example")
                            .put("password", "a long admin password 1")
                            .put(
                                    "totp",
                                    AuthenticatorApp.code(secret, Instant.now().plusSeconds(30)))
                            .toBuffer());
            assertResponse("login", login);
            admin = login.bodyAsJsonObject().getString("accessToken");

            HttpResponse<Buffer> settings = api.call(HttpMethod.GET, "/v1/school/settings", admin, null);
            assertResponse("getSchoolSettings", settings);
            assertEquals(
                    "Oakfield Primary School, Leeds",
                    settings.bodyAsJsonObject().getString("name"));
            assertEquals(true, settings.bodyAsJsonObject().getBoolean("requireStaffMfa"));

            HttpResponse<Buffer> imported =
                    api.send(HttpMethod.POST, "/v1/imports/directory", admin, Buffer.buffer(CSV), "text/csv");
            assertResponse("importDirectory", imported);

            HttpResponse<Buffer> invited = api.call(HttpMethod.POST, "/v1/invitations/imported", admin, null);
            assertResponse("inviteImportedParents", invited);
            JsonArray items = invited.bodyAsJsonObject().getJsonArray("items");
            assertEquals(3, items.size(), "one code for each parent");
            JsonObject helen = items.stream()
                    .map(JsonObject.class::cast)
                    .filter(i -> i.getString("email").equals("helen.morgan@example.net"))
                    .findFirst()
                    .orElseThrow();

            HttpResponse<Buffer> joined =
                    api.redeem(helen.getString("code"), "helen.morgan@example.net", "helen's own password 7");
            assertResponse("redeemInvitation", joined);
            String parent = joined.bodyAsJsonObject().getString("accessToken");
            HttpResponse<Buffer> home = api.call(HttpMethod.GET, "/v1/home/parent", parent, null);
            assertResponse("getParentHome", home);
            assertTrue(home.bodyAsString().contains("Isla"), home.bodyAsString());
            assertTrue(
                    !home.bodyAsString().contains("Noah")
                            && !home.bodyAsString().contains("Ruby"),
                    "only her child");

            HttpResponse<Buffer> pupils = api.call(HttpMethod.GET, "/v1/pupils", admin, null);
            assertResponse("listPupils", pupils);
            String isla = pupils.bodyAsJsonObject().getJsonArray("items").stream()
                    .map(JsonObject.class::cast)
                    .filter(p -> p.getString("firstName").equals("Isla"))
                    .findFirst()
                    .orElseThrow()
                    .getString("id");
            HttpResponse<Buffer> pairing =
                    api.call(HttpMethod.POST, "/v1/pupils/" + isla + "/pairing-codes", admin, null);
            assertResponse("createPupilPairingCode", pairing);
            HttpResponse<Buffer> paired = api.call(
                    HttpMethod.POST,
                    "/v1/auth/pairing/redeem",
                    null,
                    new JsonObject()
                            .put("code", pairing.bodyAsJsonObject().getString("code"))
                            .put("deviceName", "Class iPad 3")
                            .toBuffer());
            assertResponse("redeemPupilPairingCode", paired);
            HttpResponse<Buffer> pupilHome = api.call(
                    HttpMethod.GET, "/v1/home/pupil", paired.bodyAsJsonObject().getString("accessToken"), null);
            assertResponse("getPupilHome", pupilHome);
            assertEquals(200, pupilHome.statusCode());

            // The second school's admin, made while the server ran, sees nothing of the first.
            assertEquals(
                    1,
                    counts(
                                    dbPort,
                                    "SELECT count(*) FROM invitation WHERE created_by IS NULL AND redeemed_at IS NULL"
                                            + " AND expires_at > now()")
                            .get(0),
                    "Brookside's admin code waits; Oakfield's first code lapsed when the second was made");
        }
    }

    private static List<Long> counts(int dbPort, String... queries) throws Exception {
        List<Long> counts = new ArrayList<>();
        try (Connection c =
                DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + dbPort + "/tandem", "postgres", null)) {
            for (String q : queries) {
                try (ResultSet rs = c.createStatement().executeQuery(q)) {
                    rs.next();
                    counts.add(rs.getLong(1));
                }
            }
        }
        return counts;
    }

    /** The app's side of the conversation, on one server. */
    private static final class Api {
        private final WebClient client;

        Api(int port) {
            client = WebClient.create(
                    vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port));
        }

        HttpResponse<Buffer> redeem(String code, String email, String password) {
            return call(
                    HttpMethod.POST,
                    "/v1/auth/invitations/redeem",
                    null,
                    new JsonObject()
                            .put("code", code)
                            .put("email", email)
                            .put("password", password)
                            .toBuffer());
        }

        HttpResponse<Buffer> call(HttpMethod method, String path, String token, Buffer json) {
            return send(method, path, token, json, "application/json");
        }

        HttpResponse<Buffer> send(HttpMethod method, String path, String token, Buffer body, String type) {
            HttpRequest<Buffer> request = client.request(method, path);
            if (token != null) request.bearerTokenAuthentication(token);
            if (body == null) return request.send().await();
            return request.putHeader("Content-Type", type).sendBuffer(body).await();
        }
    }
}
