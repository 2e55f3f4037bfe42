package app.tandem.testing;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.RequestOptions;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback HTTP proxy in front of a test server that notes every request a browser makes (its
 * path and headers), so a test can prove what the page's own requests carry: a Referer, say.
 */
public final class RecordingProxy implements AutoCloseable {
    /** One request as the browser sent it. */
    public record Seen(String method, String uri, MultiMap headers) {}

    private final Vertx vertx = Vertx.vertx();
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final HttpServer server;

    public RecordingProxy(int port, int target) {
        HttpClient client = vertx.createHttpClient();
        server = vertx.createHttpServer().requestHandler(request -> forward(client, request, target));
        server.listen(port, "127.0.0.1").await();
    }

    private void forward(HttpClient client, HttpServerRequest request, int target) {
        request.pause();
        seen.add(new Seen(
                request.method().name(),
                request.uri(),
                MultiMap.caseInsensitiveMultiMap().addAll(request.headers())));
        RequestOptions options = new RequestOptions()
                .setMethod(request.method())
                .setHost("127.0.0.1")
                .setPort(target)
                .setURI(request.uri())
                .setHeaders(MultiMap.caseInsensitiveMultiMap().addAll(request.headers()));
        client.request(options)
                .compose(out -> out.send(request))
                .onSuccess(answer -> {
                    request.response().setStatusCode(answer.statusCode());
                    request.response().headers().addAll(answer.headers());
                    answer.pipeTo(request.response());
                })
                .onFailure(failure -> request.response().setStatusCode(502).end());
    }

    /** Every request seen so far. */
    public List<Seen> seen() {
        return List.copyOf(seen);
    }

    @Override
    public void close() {
        vertx.close().await();
    }
}
