package app.tandem.identity;

import io.vertx.ext.web.RoutingContext;

/**
 * The client's address for brute-force limits. Behind an ingress every request comes from the
 * proxy; with TANDEM_TRUST_FORWARDED the router takes the address from `X-Forwarded-For` instead.
 */
final class ClientAddress {
    private ClientAddress() {}

    static String of(RoutingContext ctx) {
        var address = ctx.request().remoteAddress();
        return address == null ? "unknown" : address.hostAddress();
    }
}
