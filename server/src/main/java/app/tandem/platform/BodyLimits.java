package app.tandem.platform;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.PlatformHandler;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * How large a request body may be: the configured limit everywhere, larger only on the paths that
 * take files (keys are paths; `*` stands for one segment). Requests that announce too large a body are refused before it is read; chunked ones
 * once it has been.
 */
public record BodyLimits(int defaultLimit, Map<String, Integer> byPath) {

    int largest() {
        return byPath.values().stream().mapToInt(Integer::intValue).max().orElse(0) > defaultLimit
                ? byPath.values().stream().mapToInt(Integer::intValue).max().getAsInt()
                : defaultLimit;
    }

    /** The keys with a `*`, as patterns, made once rather than for every request. */
    private static final Map<String, Pattern> PATTERNS = new ConcurrentHashMap<>();

    /** The limit for this request's path: a key matches exactly, and `*` stands for one path segment. */
    private int limitFor(RoutingContext ctx) {
        String path = ctx.normalizedPath();
        for (Map.Entry<String, Integer> limit : byPath.entrySet()) {
            String key = limit.getKey();
            if (key.equals(path)) return limit.getValue();
            if (key.contains("*")
                    && PATTERNS.computeIfAbsent(key, k -> Pattern.compile(k.replace("*", "[^/]+")))
                            .matcher(path)
                            .matches()) return limit.getValue();
        }
        return defaultLimit;
    }

    /** No path allows less: a body this size or smaller is never too large (most have none). */
    private int smallest() {
        return Math.min(
                defaultLimit,
                byPath.values().stream().mapToInt(Integer::intValue).min().orElse(defaultLimit));
    }

    /** Before the body is read: refuse a Content-Length over this path's limit. */
    PlatformHandler announced() {
        return ctx -> {
            String length = ctx.request().getHeader("Content-Length");
            try {
                if (length != null && Long.parseLong(length) > smallest() && Long.parseLong(length) > limitFor(ctx)) {
                    ctx.fail(413);
                    return;
                }
            } catch (NumberFormatException ex) {
                ctx.fail(400);
                return;
            }
            ctx.next();
        };
    }

    BodyHandler reader() {
        return BodyHandler.create(false).setBodyLimit(largest());
    }

    /** After the body is read: a chunked body over this path's limit. */
    Handler<RoutingContext> received() {
        return ctx -> {
            int length = ctx.body().length();
            if (length > smallest() && length > limitFor(ctx)) ctx.fail(413);
            else ctx.next();
        };
    }
}
