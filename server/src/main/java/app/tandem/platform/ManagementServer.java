package app.tandem.platform;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;

/**
 * Health and metrics on a port of their own (`TANDEM_MANAGEMENT_PORT`), for the cluster's probes and
 * Prometheus: the ingress routes only the API port, so `/metrics` is never answered to the outside.
 * With no management port, health and metrics stay on the API port as before.
 */
public final class ManagementServer implements Capability {
    private final Vertx vertx;
    private final HealthRoutes health;
    private final int port;
    private HttpServer server;

    public ManagementServer(Vertx vertx, HealthRoutes health, int port) {
        this.vertx = vertx;
        this.health = health;
        this.port = port;
    }

    @Override
    public Future<Void> start() {
        if (port == 0) return Future.succeededFuture();
        return vertx.createHttpServer()
                .requestHandler(health.managementRouter(vertx))
                .listen(port)
                .recover(failure -> Future.failedFuture(new StartupException(
                        "TANDEM_MANAGEMENT_PORT: cannot listen on port " + port + " (" + failure.getMessage() + ")",
                        failure)))
                .onSuccess(started -> server = started)
                .mapEmpty();
    }

    @Override
    public Future<Void> stop() {
        return server == null ? Future.succeededFuture() : server.close();
    }
}
