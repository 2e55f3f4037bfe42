package app.tandem.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.tandem.testing.ApiContract;
import app.tandem.testing.TestServer;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The contract and its documentation are served by the server itself, with nothing from a CDN. */
class ApiDocsTest {
    @RegisterExtension
    static TestServer server = new TestServer();

    @Test
    void servesThePublishedContractVerbatim() throws Exception {
        HttpResponse<Buffer> response = server.get("/openapi.yaml");
        ApiContract.assertResponse("getApiContract", response);
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(Contract.RESOURCE)) {
            assertEquals(new String(in.readAllBytes(), StandardCharsets.UTF_8), response.bodyAsString());
        }
    }

    @Test
    void docsPageLoadsEveryAssetFromThisServer() {
        HttpResponse<Buffer> page = server.get("/docs");
        ApiContract.assertResponse("getApiDocs", page);
        String html = page.bodyAsString();
        assertFalse(html.contains("http://") || html.contains("https://"), "no third-party URLs");
        Matcher refs = Pattern.compile("(?:src|href)=\"(/docs/[^\"]+)\"").matcher(html);
        int assets = 0;
        while (refs.find()) {
            HttpResponse<Buffer> asset = server.get(refs.group(1));
            assertEquals(200, asset.statusCode(), refs.group(1));
            ApiContract.assertResponse("getApiDocsAsset", asset);
            assertTrue(asset.body().length() > 0);
            assets++;
        }
        assertTrue(assets >= 3, "assets referenced: " + assets);
    }

    @Test
    void unknownDocsAssetIsNotFound() {
        ApiContract.assertProblem(server.get("/docs/secrets.txt"), 404, "not-found");
    }
}
