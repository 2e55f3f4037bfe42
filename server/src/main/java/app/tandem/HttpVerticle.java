package app.tandem;

import app.tandem.platform.ProblemResponder;
import app.tandem.realtime.Realtime;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** One HTTP server on one event loop (the API, the web pages and the live WebSocket); several instances share the port. */
final class HttpVerticle extends VerticleBase {
    private final Supplier<Handler<HttpServerRequest>> routers;
    private final Realtime realtime;
    private final int port;
    private final Duration shutdownGrace;
    private HttpServer server;

    HttpVerticle(Supplier<Handler<HttpServerRequest>> routers, Realtime realtime, int port, Duration shutdownGrace) {
        this.routers = routers;
        this.realtime = realtime;
        this.port = port;
        this.shutdownGrace = shutdownGrace;
    }

    @Override
    public Future<?> start() {
        server = vertx.createHttpServer(realtime.configure(
                new HttpServerOptions().setCompressionSupported(true).setIdleTimeout(120)));
        return server.invalidRequestHandler(ProblemResponder::invalidRequest)
                .requestHandler(routers.get())
                .webSocketHandshakeHandler(realtime.handshakes())
                .webSocketHandler(realtime.sockets())
                .listen(port)
                .recover(failure -> Future.failedFuture(
                        failure instanceof java.net.BindException
                                ? new app.tandem.platform.StartupException(
                                        "TANDEM_HTTP_PORT: cannot listen on port " + port + " (" + failure.getMessage()
                                                + ")",
                                        failure)
                                : failure));
    }

    /** Stops taking connections and lets requests in flight finish, for at most the grace period. */
    @Override
    public Future<?> stop() {
        return server.shutdown(shutdownGrace.toMillis(), TimeUnit.MILLISECONDS);
    }
}
