package app.tandem.platform;

import static app.tandem.platform.Operation.answers;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;

/**
 * The contract itself and Swagger UI to read it, both served from this server's class path: the
 * documentation works offline and loads nothing from a third-party CDN.
 */
public final class ApiDocsRoutes {
    private static final String SWAGGER_UI = "META-INF/resources/webjars/swagger-ui/";
    private static final String OWN = "docs/";

    /** Asset name → where it lives and its media type; nothing else is served. */
    private record Asset(String path, String mediaType) {}

    private final Buffer contractYaml;
    private final Map<String, Asset> assets;

    public ApiDocsRoutes(Buffer contractYaml, String swaggerUiVersion) {
        this.contractYaml = contractYaml;
        String ui = SWAGGER_UI + swaggerUiVersion + "/";
        this.assets = Map.of(
                "swagger-ui.css", new Asset(ui + "swagger-ui.css", "text/css"),
                "swagger-ui-bundle.js", new Asset(ui + "swagger-ui-bundle.js", "application/javascript"),
                "favicon-32x32.png", new Asset(ui + "favicon-32x32.png", "image/png"),
                "tandem-docs.js", new Asset(OWN + "tandem-docs.js", "application/javascript"));
    }

    public Map<String, Operation> operations() {
        return Map.ofEntries(
                answers("getApiContract", ctx -> ctx.response()
                        .putHeader("Content-Type", "application/yaml; charset=utf-8")
                        .end(contractYaml)),
                answers("getApiDocs", ctx -> ctx.response()
                        .putHeader("Content-Type", "text/html; charset=utf-8")
                        .putHeader(
                                "Content-Security-Policy",
                                "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'")
                        .sendFile(OWN + "index.html")),
                answers("getApiDocsAsset", this::asset));
    }

    private Future<Void> asset(RoutingContext ctx) {
        Asset asset = assets.get(ctx.pathParam("asset"));
        if (asset == null) return Future.failedFuture(Problem.notFound());
        return ctx.response()
                .putHeader("Content-Type", asset.mediaType())
                .putHeader("Cache-Control", "public, max-age=86400")
                .sendFile(asset.path());
    }
}
