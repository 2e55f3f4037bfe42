package app.tandem.identity;

import io.vertx.ext.web.RoutingContext;

/**
 * The client's address for brute-force limits. Behind an ingress every request comes from the
 * proxy, so `X-Forwarded-For` is read as Vert.x Web's forwarding support allows (off by default).
 */
final class ClientAddress {
  private ClientAddress() {}

  static String of(RoutingContext ctx) {
    var address = ctx.request().remoteAddress();
    return address == null ? "unknown" : address.hostAddress();
  }
}
