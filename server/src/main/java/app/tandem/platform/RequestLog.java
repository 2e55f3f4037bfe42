package app.tandem.platform;

import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.PlatformHandler;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives every request an id (the caller's `X-Request-Id` when it is sane, a new one otherwise),
 * echoes it back, and writes one JSON access-log line when the response ends.
 */
public final class RequestLog implements PlatformHandler {
    private static final Logger log = LoggerFactory.getLogger("app.tandem.access");
    public static final String HEADER = "X-Request-Id";
    private static final String KEY = "requestId";
    private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    @Override
    public void handle(RoutingContext ctx) {
        String offered = ctx.request().getHeader(HEADER);
        String id = offered != null && SANE.matcher(offered).matches()
                ? offered
                : UUID.randomUUID().toString();
        ctx.put(KEY, id);
        ctx.response().putHeader(HEADER, id);
        long started = System.nanoTime();
        if (log.isInfoEnabled())
            ctx.addEndHandler(done -> log.atInfo()
                    .addKeyValue(KEY, id)
                    .addKeyValue("method", ctx.request().method().name())
                    .addKeyValue("path", loggable(ctx.request().path()))
                    .addKeyValue("status", ctx.response().getStatusCode())
                    .addKeyValue("durationMs", (System.nanoTime() - started) / 1_000_000.0)
                    .addKeyValue("completed", done.succeeded())
                    .log("http request"));
        ctx.next();
    }

    /**
     * The path as the log may keep it: a shared link's token is a secret (only its hash is in the
     * database), so the log names the link's route, never the token.
     */
    static String loggable(String path) {
        if (path == null || !(path.startsWith("/v1/shared/") || path.startsWith("/s/"))) return path;
        return SHARED_PAGE
                .matcher(SHARED_TOKEN.matcher(path).replaceFirst("/v1/shared/{token}"))
                .replaceFirst("/s/{token}");
    }

    private static final java.util.regex.Pattern SHARED_TOKEN = java.util.regex.Pattern.compile("^/v1/shared/[^/]+");
    private static final java.util.regex.Pattern SHARED_PAGE = java.util.regex.Pattern.compile("^/s/[^/]+");

    public static String requestId(RoutingContext ctx) {
        return ctx.get(KEY);
    }
}
