package app.tandem.platform;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.function.IntFunction;

/**
 * Sends a stored file: its own detected media type, never sniffed by the browser, never cached
 * by anything between, and saved under its name when it has one.
 */
public final class Downloads {
    private Downloads() {}

    public static Future<Void> send(RoutingContext ctx, String mediaType, String fileName, Buffer content) {
        return AnswerGate.release(
                ctx, () -> headers(ctx.response(), mediaType, fileName).end(content));
    }

    /**
     * Sends a file kept in chunks, one chunk read at a time (`chunk(n)`, null after the last) and
     * written before the next is read, so a large file never sits in memory. A chunk that cannot be
     * read once the answer has begun resets the connection: the client sees a failed download, never
     * a short file that looks whole.
     */
    public static Future<Void> stream(
            RoutingContext ctx, String mediaType, String fileName, long size, IntFunction<Future<Buffer>> chunk) {
        return AnswerGate.release(
                ctx,
                // The first chunk is read before a header is set: a file missing from the start is a
                // plain error answer, not a 200 that promises bytes it never sends.
                () -> chunk.apply(0).compose(first -> {
                    if (first == null && size > 0)
                        return Future.failedFuture(new IllegalStateException("the file has no chunks"));
                    HttpServerResponse response = headers(ctx.response(), mediaType, fileName)
                            .putHeader("Content-Length", Long.toString(size));
                    return pump(response, seq -> seq == 0 ? Future.succeededFuture(first) : chunk.apply(seq), 0, size)
                            .recover(failed -> {
                                response.reset();
                                return Future.succeededFuture();
                            });
                }));
    }

    /** Writes chunk `seq` onwards; a file whose chunks do not add up to its size is a failure, never a short file. */
    private static Future<Void> pump(
            HttpServerResponse response, IntFunction<Future<Buffer>> chunk, int seq, long remaining) {
        return chunk.apply(seq).compose(bytes -> {
            if (bytes == null)
                return remaining == 0
                        ? response.end()
                        : Future.failedFuture(new IllegalStateException("chunk " + seq + " is missing"));
            if (bytes.length() > remaining)
                return Future.failedFuture(new IllegalStateException("chunk " + seq + " runs past the file's size"));
            return response.write(bytes).compose(written -> pump(response, chunk, seq + 1, remaining - bytes.length()));
        });
    }

    private static HttpServerResponse headers(HttpServerResponse response, String mediaType, String fileName) {
        return response.putHeader("Content-Type", mediaType)
                .putHeader(
                        "Content-Disposition",
                        fileName == null
                                ? "inline"
                                : "attachment; filename*=UTF-8''"
                                        + URLEncoder.encode(fileName, StandardCharsets.UTF_8)
                                                .replace("+", "%20"))
                .putHeader("X-Content-Type-Options", "nosniff")
                .putHeader("Cache-Control", "private, no-store");
    }
}
