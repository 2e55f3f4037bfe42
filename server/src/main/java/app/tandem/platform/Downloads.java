package app.tandem.platform;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Sends a stored file: its own detected media type, never sniffed by the browser, never cached
 * by anything between, and saved under its name when it has one.
 */
public final class Downloads {
    private Downloads() {}

    public static Future<Void> send(RoutingContext ctx, String mediaType, String fileName, Buffer content) {
        return AnswerGate.release(ctx, () -> ctx.response()
                .putHeader("Content-Type", mediaType)
                .putHeader(
                        "Content-Disposition",
                        fileName == null
                                ? "inline"
                                : "attachment; filename*=UTF-8''"
                                        + URLEncoder.encode(fileName, StandardCharsets.UTF_8)
                                                .replace("+", "%20"))
                .putHeader("X-Content-Type-Options", "nosniff")
                .putHeader("Cache-Control", "private, no-store")
                .end(content));
    }
}
