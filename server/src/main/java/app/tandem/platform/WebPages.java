package app.tandem.platform;

import io.pebbletemplates.pebble.PebbleEngine;
import io.pebbletemplates.pebble.loader.ClasspathLoader;
import io.pebbletemplates.pebble.template.PebbleTemplate;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.AllowForwardHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.io.IOException;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Server-rendered pages for people who have no app: a professional opening a shared link, a parent
 * following an invitation email. Pebble templates (HTML-escaped by default) from the class path,
 * read on a worker at start; no script anywhere, one stylesheet from this server, and the headers a
 * bank would send: nothing cached, framed, indexed, or leaked through a Referer.
 */
public final class WebPages implements Capability {
    private static final Logger log = LoggerFactory.getLogger(WebPages.class);
    /** Where pages live; every other path is the API's. */
    private static final List<String> PREFIXES = List.of("/s/", "/join", "/assets/");

    private static final List<String> TEMPLATES = List.of(
            "share-code",
            "share-documents",
            "share-received",
            "share-ended",
            "join",
            "not-found",
            "problem",
            "error-summary");

    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'self'; img-src 'self';"
            + " form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    private final Vertx vertx;
    private final PebbleEngine engine;
    private final Map<String, PebbleTemplate> templates = new HashMap<>();
    private final Path uploads;
    private final boolean secureCookies;
    private final String publicHost;
    private byte[] stylesheet;

    /**
     * @param publicUrl where people reach this server; cookies are marked Secure when it is https
     * @param uploads a folder for form uploads while they are checked (deleted as each request ends)
     */
    public WebPages(Vertx vertx, URI publicUrl, Path uploads) {
        this.vertx = vertx;
        this.uploads = uploads;
        this.secureCookies = "https".equalsIgnoreCase(publicUrl.getScheme());
        this.publicHost = authority(publicUrl);
        ClasspathLoader loader = new ClasspathLoader(WebPages.class.getClassLoader());
        loader.setPrefix("pages");
        loader.setSuffix(".html");
        this.engine = new PebbleEngine.Builder()
                .loader(loader)
                .strictVariables(true)
                .defaultLocale(Locale.UK)
                .build();
    }

    public static boolean isPage(String path) {
        if (path == null) return false;
        for (String prefix : PREFIXES) if (path.startsWith(prefix)) return true;
        return false;
    }

    /** Reads and compiles every template, and the stylesheet, on a worker: nothing is read from disk later. */
    @Override
    public Future<Void> start() {
        return vertx.executeBlocking(
                () -> {
                    for (String name : TEMPLATES) templates.put(name, engine.getTemplate(name));
                    try (var css = WebPages.class.getClassLoader().getResourceAsStream("pages/page.css")) {
                        stylesheet = css.readAllBytes();
                    }
                    Files.createDirectories(uploads);
                    return null;
                },
                false);
    }

    /** Whether cookies set by pages carry Secure: when people reach Tandem over https. */
    public boolean secureCookies(RoutingContext ctx) {
        return secureCookies || ctx.request().isSSL();
    }

    /** The pages' router: form bodies (uploads to a folder, up to the largest document), each capability's pages, HTML errors. */
    public Router router(List<Capability> capabilities, int maxUploadBytes, boolean trustForwarded) {
        Router router = Router.router(vertx);
        if (trustForwarded) router.allowForward(AllowForwardHeaders.X_FORWARD);
        router.route().handler(new RequestLog());
        router.route().handler(this::sameOriginForms);
        router.route()
                .handler(BodyHandler.create(uploads.toString())
                        .setBodyLimit(maxUploadBytes + 64 * 1024)
                        .setDeleteUploadedFilesOnEnd(true));
        router.route(HttpMethod.GET, "/assets/page.css").handler(ctx -> {
            ctx.response()
                    .putHeader("Content-Type", "text/css; charset=utf-8")
                    .putHeader("Cache-Control", "public, max-age=3600")
                    .putHeader("X-Content-Type-Options", "nosniff")
                    .end(io.vertx.core.buffer.Buffer.buffer(stylesheet));
        });
        for (Capability capability : capabilities) capability.pages(router, this);
        router.route().last().handler(ctx -> render(ctx, 404, "not-found", Map.of()));
        router.errorHandler(404, ctx -> render(ctx, 404, "not-found", Map.of()));
        router.errorHandler(405, ctx -> problem(ctx, 405, "This page cannot be used that way."));
        router.errorHandler(413, ctx -> problem(ctx, 413, "That file is too large. Files can be up to 20 MB."));
        router.errorHandler(
                403, ctx -> problem(ctx, 403, "This form was sent from another website, so we did not use it."));
        router.errorHandler(500, ctx -> problem(ctx, 500, "Something went wrong on our side. Please try again later."));
        return router;
    }

    /** A page; GET and HEAD both answer, as browsers and link checkers expect. */
    public static void get(Router router, String path, Consumer<RoutingContext> handler) {
        router.route(HttpMethod.GET, path).handler(handler::accept);
        router.route(HttpMethod.HEAD, path).handler(handler::accept);
    }

    /**
     * A form posted from another site is refused: the browser names the page it came from in
     * `Origin` (and `Sec-Fetch-Site`), and it must be this server, as addressed or as the public
     * address people are sent. With no such header (an old browser), the page's own form token
     * still guards what matters.
     */
    private void sameOriginForms(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        if (request.method() != HttpMethod.POST) {
            ctx.next();
            return;
        }
        String site = request.getHeader("Sec-Fetch-Site");
        String origin = request.getHeader("Origin");
        boolean crossSite = site != null && !site.equals("same-origin") && !site.equals("none");
        // "null" is what a browser sends from a page with `Referrer-Policy: no-referrer` (ours), so
        // it proves nothing either way; Sec-Fetch-Site and the form token decide then.
        if (!crossSite && origin != null && !origin.equals("null")) {
            String from;
            try {
                from = authority(URI.create(origin));
            } catch (IllegalArgumentException ex) {
                from = "";
            }
            boolean asAddressed = request.authority() != null
                    && from.equalsIgnoreCase(request.authority().toString());
            crossSite = !asAddressed && !from.equalsIgnoreCase(publicHost);
        }
        if (crossSite) ctx.fail(403);
        else ctx.next();
    }

    /** host[:port] of an address, as `Host` and `Origin` give it. */
    private static String authority(URI uri) {
        if (uri.getHost() == null) return "";
        return uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
    }

    /** Renders a template as the whole answer, with the pages' security headers. */
    public void render(RoutingContext ctx, int status, String template, Map<String, Object> model) {
        if (ctx.response().ended()) return;
        StringWriter html = new StringWriter();
        try {
            templates.get(template).evaluate(html, model);
        } catch (IOException | RuntimeException ex) {
            // A page that cannot be drawn is our fault: say so in words (plainly, if even that page fails).
            log.atError().setCause(ex).addKeyValue("template", template).log("a page could not be rendered");
            if (!template.equals("problem"))
                problem(ctx, 500, "Something went wrong on our side. Please try again later.");
            else
                ctx.response()
                        .setStatusCode(500)
                        .putHeader("Content-Type", "text/plain; charset=utf-8")
                        .end("Something went wrong on our side.");
            return;
        }
        HttpServerResponse response = ctx.response().setStatusCode(status);
        secure(response.headers());
        response.putHeader("Content-Type", "text/html; charset=utf-8");
        response.end(html.toString());
    }

    /** A page that says what went wrong, in words, and nothing about how. */
    public void problem(RoutingContext ctx, int status, String message) {
        render(ctx, status, "problem", Map.of("message", message));
    }

    /** Sends the browser to another page after a form (303: the next request is a GET). */
    public static void redirect(RoutingContext ctx, String location) {
        HttpServerResponse response = ctx.response().setStatusCode(303);
        secure(response.headers());
        response.putHeader("Location", location).end();
    }

    /**
     * What every answer from the pages carries: no cache, no framing, no indexing, no Referer
     * (a shared link's token is in its address), no script, nothing from another origin.
     */
    public static void secure(MultiMap headers) {
        headers.set("Content-Security-Policy", CONTENT_SECURITY_POLICY)
                .set("Referrer-Policy", "no-referrer")
                .set("X-Frame-Options", "DENY")
                .set("X-Content-Type-Options", "nosniff")
                .set("Cache-Control", "no-store")
                .set("X-Robots-Tag", "noindex, nofollow");
    }
}
