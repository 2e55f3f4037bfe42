package app.tandem.voice;

import static app.tandem.testing.ApiContract.assertProblem;
import static app.tandem.testing.ApiContract.assertResponse;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.tandem.testing.Callers;
import app.tandem.testing.Demo;
import app.tandem.testing.TestServer;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Recordings are what phones and browsers record, read from their bytes, at most 3 minutes; pictures
 * lose their location and other metadata before they are kept. The recordings are small files made
 * by {@code src/test/resources/voice/make-fixtures.sh}; the pictures are made here.
 */
class VoiceMediaTest {
    @RegisterExtension
    static TestServer server = new TestServer().withDemoData();

    private static String pupil;

    @BeforeAll
    static void pairAmara() {
        pupil = Callers.pupilToken(server, Demo.AMARA);
    }

    static HttpResponse<Buffer> upload(String kind, byte[] content, String token) {
        return upload(server, kind, content, token);
    }

    static HttpResponse<Buffer> upload(TestServer on, String kind, byte[] content, String token) {
        return on.send(HttpMethod.POST, "/v1/voice/media?kind=" + kind, Buffer.buffer(content), r -> r.putHeader(
                        "Content-Type", "application/octet-stream")
                .bearerTokenAuthentication(token));
    }

    static byte[] fixture(String name) {
        try (InputStream in = VoiceMediaTest.class.getResourceAsStream("/voice/" + name)) {
            return in.readAllBytes();
        } catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static long stored() {
        return server.count("SELECT count(*) FROM voice_media");
    }

    @Test
    void anIphoneAnAndroidAndABrowserRecordingAreKeptWithTheLengthReadFromTheFile() {
        String[][] cases = {{"spoken.m4a", "audio/mp4"}, {"spoken.ogg", "audio/ogg"}, {"spoken.webm", "audio/webm"}};
        for (String[] c : cases) {
            HttpResponse<Buffer> response = upload("audio", fixture(c[0]), pupil);
            assertResponse("uploadVoiceMedia", response);
            JsonObject media = response.bodyAsJsonObject();
            assertEquals(c[1], media.getString("mediaType"), c[0]);
            // espeak's sentence lasts 2.28 s; each container says so in its own way.
            assertEquals(2.28, media.getDouble("durationSeconds"), 0.05, c[0]);
        }
    }

    @Test
    void aRecordingOverThreeMinutesIsRefusedWhateverItsContainerAndNothingIsKept() {
        long before = stored();
        for (String name : new String[] {"long.m4a", "long.ogg", "long.webm"}) {
            JsonObject problem = assertProblem(upload("audio", fixture(name), pupil), 400, "validation");
            assertTrue(problem.encode().contains("3 minutes"), name + ": " + problem.encode());
            assertTrue(problem.encode().contains("3 min 10 s"), name + ": " + problem.encode());
        }
        assertEquals(before, stored());
    }

    /** The WebM with a Duration claiming 60 s put into its Info element; the sound still runs 190 s. */
    private static byte[] claimingSixtySeconds(byte[] webm) {
        // Walk the Segment's children (EBML header 36 bytes, then the Segment's 4-byte id and 8-byte size).
        int info = 48;
        while (!(webm[info] == 0x15 && webm[info + 1] == 0x49 && webm[info + 2] == (byte) 0xA9)) {
            int idLength = Integer.numberOfLeadingZeros(webm[info] & 0xFF) - 23;
            int sizeLength = Integer.numberOfLeadingZeros(webm[info + idLength] & 0xFF) - 23;
            long size = webm[info + idLength] & (0xFF >> sizeLength);
            for (int i = 1; i < sizeLength; i++) size = (size << 8) | (webm[info + idLength + i] & 0xFF);
            info += idLength + sizeLength + (int) size;
        }
        int size = webm[info + 4] & 0x7F; // a one-byte size in the fixture
        ByteBuffer duration = ByteBuffer.allocate(11)
                .put((byte) 0x44)
                .put((byte) 0x89)
                .put((byte) 0x88)
                .putDouble(60_000.0);
        ByteBuffer lying = ByteBuffer.allocate(webm.length + 11)
                .put(webm, 0, info + 4)
                .put((byte) (0x80 | (size + 11)))
                .put(webm, info + 5, size)
                .put(duration.array())
                .put(webm, info + 5 + size, webm.length - info - 5 - size);
        return lying.array();
    }

    @Test
    void aWebmWhoseHeaderClaimsSixtySecondsIsMeasuredByItsSound() {
        long before = stored();
        JsonObject problem =
                assertProblem(upload("audio", claimingSixtySeconds(fixture("long.webm")), pupil), 400, "validation");
        assertTrue(problem.encode().contains("3 min 10 s"), problem.encode());
        assertEquals(before, stored());
    }

    /**
     * The recording with a location written over the first place its metadata names the app that
     * made it ("Lavf…" in a tag, comment or user-data box), as a phone writes its position there.
     */
    private static byte[] withLocation(byte[] recording) {
        byte[] app = "Lavf".getBytes(StandardCharsets.US_ASCII);
        for (int at = 0; at + 10 <= recording.length; at++) {
            if (java.util.Arrays.equals(recording, at, at + 4, app, 0, 4)) {
                byte[] copy = recording.clone();
                System.arraycopy("51.5074N,0".getBytes(StandardCharsets.US_ASCII), 0, copy, at, 10);
                return copy;
            }
        }
        throw new IllegalStateException("no metadata naming the app");
    }

    @Test
    void aRecordingKeepsOnlyItsSoundAndStillPlays() {
        for (String name : new String[] {"spoken.m4a", "spoken.ogg", "spoken.webm"}) {
            byte[] original = withLocation(fixture(name));
            assertTrue(contains(original, "51.5074N"), name + ": a location where the fixture names its app");
            HttpResponse<Buffer> response = upload("audio", original, pupil);
            assertResponse("uploadVoiceMedia", response);
            byte[] kept = server.get(
                            "/v1/voice/media/" + response.bodyAsJsonObject().getString("id"), pupil)
                    .body()
                    .getBytes();
            assertEquals(original.length, kept.length, name + ": blanked in place, every offset still right");
            assertFalse(contains(kept, "51.5074N"), name);
            assertFalse(contains(kept, "Lavf"), name);
            assertFalse(contains(kept, "encoder") || contains(kept, "ENCODER"), name);
            HttpResponse<Buffer> again = upload("audio", kept, pupil);
            assertEquals(201, again.statusCode(), name + " is still a recording");
            assertEquals(
                    response.bodyAsJsonObject().getDouble("durationSeconds"),
                    again.bodyAsJsonObject().getDouble("durationSeconds"),
                    name);
        }
    }

    @Test
    void aPhoneMultiPicturePhotoLosesItsSecondImageAndThatImagesLocation() throws IOException {
        // As phones write it: the first image with an APP2 "MPF" index, then a second whole JPEG
        // (a depth map or preview) after its end, with its own Exif and location.
        byte[] first = jpeg(1, false);
        byte[] mpf = ByteBuffer.allocate(4 + 8)
                .putShort((short) 0xFFE2)
                .putShort((short) 10)
                .put("MPF\0MM\0*".getBytes(StandardCharsets.US_ASCII))
                .array();
        ByteArrayOutputStream photo = new ByteArrayOutputStream();
        photo.write(first, 0, 2);
        photo.write(mpf);
        photo.write(first, 2, first.length - 2);
        photo.write(jpeg(1, true));
        byte[] phone = photo.toByteArray();
        assertTrue(contains(phone, "51.5074N"), "the fixture's second image carries a location");
        HttpResponse<Buffer> response = upload("picture", phone, pupil);
        assertResponse("uploadVoiceMedia", response);
        byte[] kept = server.get(
                        "/v1/voice/media/" + response.bodyAsJsonObject().getString("id"), pupil)
                .body()
                .getBytes();
        assertFalse(contains(kept, "51.5074N"), "no location in any image");
        assertFalse(contains(kept, "MPF"), "no index of images that are gone");
        assertEquals(0xD9, kept[kept.length - 1] & 0xff, "the photo ends with its one image");
        assertEquals(8, ImageIO.read(new ByteArrayInputStream(kept)).getWidth());

        // A camera that leaves off the end marker: the image data still runs to the end of the file.
        byte[] noEnd = java.util.Arrays.copyOf(first, first.length - 2);
        HttpResponse<Buffer> accepted = upload("picture", noEnd, pupil);
        assertEquals(201, accepted.statusCode(), accepted.bodyAsString());
    }

    @Test
    void oggPagesAreResealedWithTheChecksumOggReadersCheck() {
        byte[] ogg = fixture("spoken.ogg");
        int pages = 0;
        for (int at = 0; at + 27 <= ogg.length; pages++) {
            int segments = ogg[at + 26] & 0xff;
            int length = 27 + segments;
            for (int i = 0; i < segments; i++) length += ogg[at + 27 + i] & 0xff;
            byte[] page = java.util.Arrays.copyOfRange(ogg, at, at + length);
            int stored = ByteBuffer.wrap(page, 22, 4)
                    .order(java.nio.ByteOrder.LITTLE_ENDIAN)
                    .getInt();
            java.util.Arrays.fill(page, 22, 26, (byte) 0);
            assertEquals(stored, RecordingMetadata.OggCrc.of(page, 0, page.length), "page " + pages);
            at += length;
        }
        assertTrue(pages > 2);
    }

    @Test
    void otherSoundsVideoAndPicturesSentAsRecordingsAreRefusedByTheirContent() {
        long before = stored();
        assertProblem(upload("audio", fixture("tone.wav"), pupil), 400, "validation");
        JsonObject video = assertProblem(upload("audio", fixture("picture-only.mp4"), pupil), 400, "validation");
        assertTrue(video.encode().contains("not video"), video.encode());
        assertProblem(upload("audio", jpeg(1, true), pupil), 400, "validation");
        byte[] truncated = java.util.Arrays.copyOf(fixture("spoken.m4a"), 40);
        assertProblem(upload("audio", truncated, pupil), 400, "validation");
        assertProblem(upload("picture", fixture("spoken.ogg"), pupil), 400, "validation");
        assertEquals(before, stored());
    }

    @Test
    void aPhotoLosesItsLocationButKeepsWhichWayUpItIs() throws IOException {
        byte[] photo = jpeg(6, true);
        assertTrue(contains(photo, "51.5074N"), "the fixture carries a location");
        HttpResponse<Buffer> response = upload("picture", photo, pupil);
        assertResponse("uploadVoiceMedia", response);
        String id = response.bodyAsJsonObject().getString("id");
        byte[] kept = server.get("/v1/voice/media/" + id, pupil).body().getBytes();
        assertFalse(contains(kept, "51.5074N"), "the location is gone");
        assertFalse(contains(kept, "Pixel"), "the camera is gone");
        assertEquals(6, orientation(kept), "still the right way up");
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(kept));
        assertNotNull(image, "still a JPEG every viewer can show");
        assertEquals(8, image.getWidth());
    }

    @Test
    void aDrawingLosesItsTextAndExifChunksAndStaysTheSamePicture() throws IOException {
        BufferedImage drawing = new BufferedImage(4, 3, BufferedImage.TYPE_INT_RGB);
        drawing.setRGB(1, 1, 0xff0000);
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(drawing, "png", png);
        byte[] plain = png.toByteArray();
        byte[] tagged = withChunkAfterHeader(
                withChunkAfterHeader(plain, "tEXt", "Author\0Amara Okafor"), "eXIf", "GPS 51.5074N");
        String id = upload("picture", tagged, pupil).bodyAsJsonObject().getString("id");
        byte[] kept = server.get("/v1/voice/media/" + id, pupil).body().getBytes();
        assertFalse(contains(kept, "Amara"));
        assertFalse(contains(kept, "51.5074N"));
        assertArrayEquals(plain, kept, "exactly the picture that was drawn, less the metadata");
    }

    @Test
    void aHeicPhotoIsKeptAsHeicWithItsExifBlanked() {
        byte[] heic = heicWithExif("GPS 51.5074N Pixel");
        HttpResponse<Buffer> response = upload("picture", heic, pupil);
        assertResponse("uploadVoiceMedia", response);
        assertEquals("image/heic", response.bodyAsJsonObject().getString("mediaType"));
        byte[] kept = server.get(
                        "/v1/voice/media/" + response.bodyAsJsonObject().getString("id"), pupil)
                .body()
                .getBytes();
        assertEquals(heic.length, kept.length, "every offset in the file stays valid");
        assertFalse(contains(kept, "51.5074N"));
        assertTrue(contains(kept, "MM\0*"), "an empty Exif block in its place");
    }

    @Test
    void anUploadIsOnlyForItsUploaderUntilAViewUsesIt() {
        String id =
                upload("audio", fixture("spoken.ogg"), pupil).bodyAsJsonObject().getString("id");
        assertEquals(200, server.get("/v1/voice/media/" + id, pupil).statusCode());
        assertProblem(server.get("/v1/voice/media/" + id, server.token(Demo.PARENT)), 404, "not-found");
        assertProblem(server.get("/v1/voice/media/" + id, server.token(Demo.SENCO)), 404, "not-found");
    }

    // ---- pictures made for the tests

    /** An 8×4 JPEG with an Exif block: orientation, camera model, and a GPS latitude written as text. */
    static byte[] jpeg(int orientation, boolean withLocation) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(new BufferedImage(8, 4, BufferedImage.TYPE_INT_RGB), "jpg", out);
            byte[] plain = out.toByteArray();
            byte[] model = "Pixel 8\0".getBytes(StandardCharsets.US_ASCII);
            byte[] where = (withLocation ? "51.5074N 0.1278W\0" : "nowhere\0").getBytes(StandardCharsets.US_ASCII);
            // TIFF: header, IFD0 with Orientation (inline), Model and ImageDescription (both out of line).
            int ifdSize = 2 + 3 * 12 + 4;
            ByteBuffer tiff = ByteBuffer.allocate(8 + ifdSize + model.length + where.length);
            tiff.put("MM".getBytes(StandardCharsets.US_ASCII))
                    .putShort((short) 42)
                    .putInt(8);
            tiff.putShort((short) 3);
            tiff.putShort((short) 0x0112)
                    .putShort((short) 3)
                    .putInt(1)
                    .putShort((short) orientation)
                    .putShort((short) 0);
            tiff.putShort((short) 0x0110)
                    .putShort((short) 2)
                    .putInt(model.length)
                    .putInt(8 + ifdSize);
            tiff.putShort((short) 0x010E)
                    .putShort((short) 2)
                    .putInt(where.length)
                    .putInt(8 + ifdSize + model.length);
            tiff.putInt(0);
            tiff.put(model).put(where);
            byte[] exif = tiff.array();
            ByteBuffer app1 = ByteBuffer.allocate(4 + 6 + exif.length);
            app1.putShort((short) 0xFFE1).putShort((short) (2 + 6 + exif.length));
            app1.put("Exif\0\0".getBytes(StandardCharsets.US_ASCII)).put(exif);
            ByteArrayOutputStream photo = new ByteArrayOutputStream();
            photo.write(plain, 0, 2);
            photo.write(app1.array());
            photo.write(plain, 2, plain.length - 2);
            return photo.toByteArray();
        } catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static int orientation(byte[] jpeg) {
        for (int at = 2; at < jpeg.length - 4; ) {
            int marker = jpeg[at + 1] & 0xff;
            int length = ((jpeg[at + 2] & 0xff) << 8) | (jpeg[at + 3] & 0xff);
            if (marker == 0xE1) {
                ByteBuffer tiff = ByteBuffer.wrap(jpeg, at + 10, length - 8).slice();
                int ifd = tiff.getInt(4);
                for (int i = 0; i < tiff.getShort(ifd); i++) {
                    int entry = ifd + 2 + i * 12;
                    if (tiff.getShort(entry) == 0x0112) return tiff.getShort(entry + 8);
                }
            }
            if (marker == 0xDA) break;
            at += 2 + length;
        }
        return 1;
    }

    private static byte[] withChunkAfterHeader(byte[] png, String type, String text) {
        byte[] data = text.getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer chunk = ByteBuffer.allocate(12 + data.length);
        chunk.putInt(data.length).put(type.getBytes(StandardCharsets.US_ASCII)).put(data);
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(chunk.array(), 4, 4 + data.length);
        chunk.putInt((int) crc.getValue());
        int afterHeader = 8 + 25; // signature, then IHDR (4 + 4 + 13 + 4)
        ByteBuffer out = ByteBuffer.allocate(png.length + chunk.capacity());
        out.put(png, 0, afterHeader).put(chunk.array()).put(png, afterHeader, png.length - afterHeader);
        return out.array();
    }

    /** The boxes a HEIC photo's metadata lives in: ftyp, meta (hdlr, iinf with an Exif item, iloc), mdat. */
    static byte[] heicWithExif(String secret) {
        byte[] exifPayload = ("\0\0\0\0MM\0*\0\0\0\u0008" + secret).getBytes(StandardCharsets.ISO_8859_1);
        byte[] ftyp = box(
                "ftyp",
                concat(
                        "heic".getBytes(StandardCharsets.US_ASCII),
                        new byte[4],
                        "mif1heic".getBytes(StandardCharsets.US_ASCII)));
        byte[] hdlr = fullBox("hdlr", 0, concat(new byte[4], "pict".getBytes(StandardCharsets.US_ASCII), new byte[13]));
        byte[] infe = fullBox(
                "infe", 2, concat(new byte[] {0, 1, 0, 0}, "Exif".getBytes(StandardCharsets.US_ASCII), new byte[] {0}));
        byte[] iinf = fullBox("iinf", 0, concat(new byte[] {0, 1}, infe));
        // iloc v0: offset 4 bytes, length 4 bytes, no base offset; one item with one extent.
        int ilocSize = 12 + 2 + 2 + (2 + 2 + 2 + 8);
        int metaSize = 12 + hdlr.length + iinf.length + ilocSize;
        int mdatPayloadAt = ftyp.length + metaSize + 8;
        ByteBuffer ilocBody = ByteBuffer.allocate(2 + 2 + 2 + 2 + 2 + 8);
        ilocBody.put((byte) 0x44).put((byte) 0x00).putShort((short) 1);
        ilocBody.putShort((short) 1).putShort((short) 0).putShort((short) 1);
        ilocBody.putInt(mdatPayloadAt).putInt(exifPayload.length);
        byte[] iloc = fullBox("iloc", 0, ilocBody.array());
        byte[] meta = fullBox("meta", 0, concat(hdlr, iinf, iloc));
        return concat(ftyp, meta, box("mdat", exifPayload));
    }

    private static byte[] box(String type, byte[] payload) {
        return ByteBuffer.allocate(8 + payload.length)
                .putInt(8 + payload.length)
                .put(type.getBytes(StandardCharsets.US_ASCII))
                .put(payload)
                .array();
    }

    private static byte[] fullBox(String type, int version, byte[] payload) {
        return box(type, concat(new byte[] {(byte) version, 0, 0, 0}, payload));
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) out.writeBytes(p);
        return out.toByteArray();
    }

    static boolean contains(byte[] haystack, String needle) {
        return new String(haystack, StandardCharsets.ISO_8859_1).contains(needle);
    }
}
