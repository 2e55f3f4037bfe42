package app.tandem.platform;

import io.vertx.ext.web.RoutingContext;

/**
 * The client's address, for brute-force limits and for recording who opened a shared link. Behind an ingress every request comes from the
 * proxy; with TANDEM_TRUST_FORWARDED the router takes the address from `X-Forwarded-For` instead.
 */
public final class ClientAddress {
    private ClientAddress() {}

    public static String of(RoutingContext ctx) {
        var address = ctx.request().remoteAddress();
        return address == null ? "unknown" : address.hostAddress();
    }
}
