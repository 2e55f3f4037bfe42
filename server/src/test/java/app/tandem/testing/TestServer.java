package app.tandem.testing;

import app.tandem.Application;
import app.tandem.demo.DemoData;
import app.tandem.platform.AppConfig;
import app.tandem.platform.DatabaseUrl;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.util.HashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The real server for one test class: its own fresh database, a random port, called over HTTP as the
 * app would. Register with {@code @RegisterExtension static TestServer server = new TestServer();}.
 */
public final class TestServer implements BeforeAllCallback, AfterAllCallback {
    private final Map<String, String> env = new HashMap<>();
    private final TestClock clock = new TestClock();
    private Application app;
    private DatabaseUrl database;
    private Vertx clientVertx;
    private WebClient client;

    /** Seeds the demo school, as `--demo` does. */
    public TestServer withDemoData() {
        env.put("TANDEM_DEMO", "true");
        return this;
    }

    /** Push on, through the Firebase Admin SDK to this local FCM stand-in (project `tandem-test`). */
    public TestServer withPushTo(FcmStandIn fcm) {
        fcm.env().forEach(this::withEnv);
        return this;
    }

    /**
     * Configuration for another server on this test server's database (a second replica), from
     * these variables, listening on any free port.
     */
    public AppConfig replicaConfig(Map<String, String> vars) {
        Map<String, String> all = new HashMap<>(vars);
        all.put("DATABASE_URL", TestDatabases.url(database));
        all.put("TANDEM_HTTP_PORT", "0");
        return AppConfig.fromEnvironment(all);
    }

    /** Email on, through this loopback SMTP server (see {@link Smtp}), without TLS. */
    public TestServer withSmtp(int port) {
        return withEnv("TANDEM_SMTP_HOST", "127.0.0.1")
                .withEnv("TANDEM_SMTP_PORT", String.valueOf(port))
                .withEnv("TANDEM_SMTP_TLS", "none");
    }

    public TestServer withEnv(String name, String value) {
        env.put(name, value);
        return this;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        database = TestDatabases.fresh();
        Map<String, String> vars = new HashMap<>(env);
        vars.putIfAbsent("TANDEM_EVENT_LOOPS", "2");
        vars.putIfAbsent("TANDEM_SHUTDOWN_GRACE_SECONDS", "2");
        AppConfig config = replicaConfig(vars);
        app = Application.start(config, clock).await();
        clientVertx = Vertx.vertx();
        client = WebClient.create(
                clientVertx,
                new WebClientOptions()
                        .setDefaultHost("127.0.0.1")
                        .setDefaultPort(app.port())
                        .setFollowRedirects(false));
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (client != null) client.close();
        if (clientVertx != null) clientVertx.close().await();
        if (app != null) app.stop().await();
    }

    public Application app() {
        return app;
    }

    public DatabaseUrl database() {
        return database;
    }

    public int port() {
        return app.port();
    }

    public TestClock clock() {
        return clock;
    }

    public HttpResponse<Buffer> get(String path) {
        return send(HttpMethod.GET, path, null, UnaryOperator.identity());
    }

    public HttpResponse<Buffer> get(String path, String token) {
        return send(HttpMethod.GET, path, null, r -> r.bearerTokenAuthentication(token));
    }

    public HttpResponse<Buffer> delete(String path, String token) {
        return send(HttpMethod.DELETE, path, null, r -> r.bearerTokenAuthentication(token));
    }

    /** POSTs JSON, with a bearer token when one is given. */
    public HttpResponse<Buffer> post(String path, JsonObject body, String token) {
        return send(HttpMethod.POST, path, body == null ? null : body.toBuffer(), r -> {
            if (body != null) r.putHeader("Content-Type", "application/json");
            return token == null ? r : r.bearerTokenAuthentication(token);
        });
    }

    /** PUTs JSON with a bearer token. */
    public HttpResponse<Buffer> put(String path, JsonObject body, String token) {
        return send(HttpMethod.PUT, path, body.toBuffer(), r -> r.putHeader("Content-Type", "application/json")
                .bearerTokenAuthentication(token));
    }

    /** Signs in and returns the whole token response. */
    public JsonObject login(String email, String password) {
        HttpResponse<Buffer> response =
                post("/v1/auth/login", new JsonObject().put("email", email).put("password", password), null);
        if (response.statusCode() != 200)
            throw new AssertionError("login " + email + ": " + response.statusCode() + " " + response.bodyAsString());
        return response.bodyAsJsonObject();
    }

    /** An access token for a demo account. */
    public String token(String email) {
        return token(email, DemoData.PASSWORD);
    }

    /** An access token for an account with its own password. */
    public String token(String email, String password) {
        return login(email, password).getString("accessToken");
    }

    /** The single number a query answers (a count), read through the server's own pool. */
    public long count(String sql) {
        return app.pool().query(sql).execute().await().iterator().next().getLong(0);
    }

    /** The single text a query answers, read through the server's own pool. */
    public String text(String sql) {
        return app.pool().query(sql).execute().await().iterator().next().getString(0);
    }

    /** Runs SQL on this server's database (fixtures the API does not offer yet). */
    public void sql(String statement) {
        TestDatabases.execute(database, statement);
    }

    public HttpResponse<Buffer> send(
            HttpMethod method, String path, Buffer body, UnaryOperator<HttpRequest<Buffer>> customise) {
        HttpRequest<Buffer> request = customise.apply(client.request(method, path));
        return (body == null ? request.send() : request.sendBuffer(body)).await();
    }
}
