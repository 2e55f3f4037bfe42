package app.tandem;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** One HTTP server on one event loop; several instances share the port. */
final class HttpVerticle extends VerticleBase {
  private final Supplier<Router> routers;
  private final int port;
  private final Duration shutdownGrace;
  private HttpServer server;

  HttpVerticle(Supplier<Router> routers, int port, Duration shutdownGrace) {
    this.routers = routers;
    this.port = port;
    this.shutdownGrace = shutdownGrace;
  }

  @Override
  public Future<?> start() {
    server = vertx.createHttpServer(new HttpServerOptions().setCompressionSupported(true).setIdleTimeout(120));
    return server.requestHandler(routers.get()).listen(port);
  }

  /** Stops taking connections and lets requests in flight finish, for at most the grace period. */
  @Override
  public Future<?> stop() {
    return server.shutdown(shutdownGrace.toMillis(), TimeUnit.MILLISECONDS);
  }

}
