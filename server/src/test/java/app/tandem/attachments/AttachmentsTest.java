package app.tandem.attachments;

import static app.tandem.testing.ApiContract.assertProblem;
import static app.tandem.testing.ApiContract.assertResponse;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.tandem.testing.Demo;
import app.tandem.testing.TestServer;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Files are checked by content, limited in size, and served only to those who may see them. */
class AttachmentsTest {
    @RegisterExtension
    static TestServer server = new TestServer().withDemoData();

    static final byte[] PDF = "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
            .getBytes(StandardCharsets.US_ASCII);
    static final byte[] PNG = {
        (byte) 0x89,
        'P',
        'N',
        'G',
        '\r',
        '\n',
        0x1a,
        '\n',
        0,
        0,
        0,
        13,
        'I',
        'H',
        'D',
        'R',
        0,
        0,
        0,
        1,
        0,
        0,
        0,
        1,
        8,
        6,
        0,
        0,
        0
    };

    private static HttpResponse<Buffer> upload(byte[] content, String name, String type, String staff) {
        return server.send(
                HttpMethod.POST,
                "/v1/attachments?fileName="
                        + java.net.URLEncoder.encode(name, StandardCharsets.UTF_8)
                                .replace("+", "%20"),
                Buffer.buffer(content),
                r -> r.putHeader("Content-Type", type).bearerTokenAuthentication(server.token(staff)));
    }

    @Test
    void aPdfAndAPhotoAreStoredWithTheTypeTheirContentShows() {
        HttpResponse<Buffer> pdf = upload(PDF, "trip-letter.pdf", "application/octet-stream", Demo.ADMIN);
        assertResponse("uploadAttachment", pdf);
        assertEquals("application/pdf", pdf.bodyAsJsonObject().getString("mediaType"));
        assertEquals(
                "image/png",
                upload(PNG, "map.png", "image/png", Demo.ADMIN)
                        .bodyAsJsonObject()
                        .getString("mediaType"));
    }

    @Test
    void aDisguisedFileIsRefusedWhateverItsName() {
        byte[] script = "#!/bin/sh\necho not a pdf\n".getBytes(StandardCharsets.US_ASCII);
        assertProblem(upload(script, "letter.pdf", "application/pdf", Demo.ADMIN), 400, "validation");
        byte[] exe = {'M', 'Z', (byte) 0x90, 0, 3, 0, 0, 0, 4, 0, 0, 0, (byte) 0xff, (byte) 0xff};
        assertProblem(upload(exe, "photo.jpg", "image/jpeg", Demo.ADMIN), 400, "validation");
    }

    @Test
    void filesOverTenMebibytesAreRefusedButUpToTenAreTaken() {
        byte[] big = new byte[10 * 1024 * 1024 + 1];
        System.arraycopy(PDF, 0, big, 0, PDF.length);
        assertProblem(upload(big, "big.pdf", "application/pdf", Demo.ADMIN), 413, "payload-too-large");
        byte[] fits = new byte[3 * 1024 * 1024];
        System.arraycopy(PDF, 0, fits, 0, PDF.length);
        assertEquals(
                201, upload(fits, "scan.pdf", "application/pdf", Demo.ADMIN).statusCode());
    }

    @Test
    void onlyTheUploaderAndThoseWhoSeeTheNoticeMayDownload() {
        String id = upload(PDF, "consent form.pdf", "application/pdf", Demo.TEACHER)
                .bodyAsJsonObject()
                .getString("id");
        assertProblem(server.get("/v1/attachments/" + id, server.token(Demo.PARENT)), 404, "not-found");
        assertEquals(
                200,
                server.get("/v1/attachments/" + id, server.token(Demo.TEACHER)).statusCode());

        JsonObject notice = new JsonObject()
                .put("title", "5 Oak trip")
                .put("body", "Consent form attached.")
                .put(
                        "audience",
                        new JsonObject()
                                .put("type", "classes")
                                .put("ids", new JsonArray().add("0d000000-0000-4000-8000-000000000301")))
                .put("attachmentIds", new JsonArray().add(id));
        assertProblem(server.post("/v1/notices", notice, server.token(Demo.SENCO)), 400, "validation");
        HttpResponse<Buffer> sent = server.post("/v1/notices", notice, server.token(Demo.TEACHER));
        assertEquals(201, sent.statusCode(), sent.bodyAsString());
        String noticeId = sent.bodyAsJsonObject().getString("id");
        JsonObject seen =
                server.get("/v1/notices/" + noticeId, server.token(Demo.PARENT)).bodyAsJsonObject();
        assertEquals(
                "consent form.pdf",
                seen.getJsonArray("attachments").getJsonObject(0).getString("fileName"));

        HttpResponse<Buffer> download = server.get("/v1/attachments/" + id, server.token(Demo.PARENT));
        assertResponse("getAttachment", download);
        assertArrayEquals(PDF, download.body().getBytes());
        assertEquals("nosniff", download.getHeader("X-Content-Type-Options"));
        assertTrue(download.getHeader("Content-Disposition").contains("consent%20form.pdf"));

        assertProblem(server.get("/v1/attachments/" + id, server.token(Demo.BLOCKED)), 404, "not-found");
        assertEquals(
                200,
                server.get("/v1/attachments/" + id, server.token(Demo.SENCO)).statusCode());
        server.post("/v1/notices/" + noticeId + "/withdrawal", null, server.token(Demo.TEACHER));
        assertProblem(server.get("/v1/attachments/" + id, server.token(Demo.PARENT)), 404, "not-found");
    }

    @Test
    void pupilsCannotUploadAndAnUnknownFileIsNotFound() {
        String pupil = app.tandem.testing.Callers.pupilToken(server, Demo.AMARA);
        assertProblem(
                server.send(HttpMethod.POST, "/v1/attachments?fileName=a.pdf", Buffer.buffer(PDF), r -> r.putHeader(
                                "Content-Type", "application/pdf")
                        .bearerTokenAuthentication(pupil)),
                403,
                "forbidden");
        assertProblem(
                server.get("/v1/attachments/0d000000-0000-4000-8000-00000000ffff", server.token(Demo.ADMIN)),
                404,
                "not-found");
    }

    @Test
    void jsonBodiesKeepTheSmallerLimit() {
        JsonObject huge = new JsonObject().put("email", "a@example.org").put("password", "x".repeat(2 * 1024 * 1024));
        assertProblem(server.post("/v1/auth/login", huge, null), 413, "payload-too-large");
    }
}
