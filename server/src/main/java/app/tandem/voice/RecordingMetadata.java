package app.tandem.voice;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Set;

/**
 * A recording keeps only its sound. Whatever a phone or app writes beside it (location, device,
 * author, title, encoder) is blanked in place, so every offset the container keeps still points
 * where it did: MP4 `udta`, `meta` and `uuid` boxes become `free` space; WebM `Tags`,
 * `Attachments` and `Chapters` become `Void`, and the app, title and date in its Info are zeros; Ogg's OpusTags packet keeps no vendor and no
 * comments (its page checksum recomputed). Works on a copy; the input is a recording
 * {@link Recordings#read} accepted.
 */
final class RecordingMetadata {
    private static final Set<String> MP4_METADATA = Set.of("udta", "meta", "uuid");
    private static final Set<String> MP4_CONTAINERS = Set.of("moov", "trak", "mdia", "minf", "stbl", "edts");
    private static final long SEGMENT = 0x18538067L, VOID = 0xEC;
    private static final Set<Long> WEBM_METADATA = Set.of(0x1254C367L, 0x1941A469L, 0x1043A770L);
    /** In Info: MuxingApp, WritingApp, Title and DateUTC. */
    private static final long INFO = 0x1549A966L;

    private static final Set<Long> WEBM_INFO_TEXT = Set.of(0x4D80L, 0x5741L, 0x7BA9L, 0x4461L);

    private RecordingMetadata() {}

    static byte[] scrubbed(byte[] original, String mediaType) {
        byte[] b = Arrays.copyOf(original, original.length);
        switch (mediaType) {
            case "audio/mp4" -> mp4(b, 0, b.length);
            case "audio/webm" -> webm(b);
            case "audio/ogg" -> ogg(b);
            default -> throw new IllegalArgumentException(mediaType);
        }
        return b;
    }

    private static void mp4(byte[] b, int from, int to) {
        ByteBuffer buf = ByteBuffer.wrap(b);
        for (int at = from; at + 8 <= to; ) {
            long size = buf.getInt(at) & 0xffffffffL;
            String type = Boxes.ascii(b, at + 4, 4);
            if (size == 1) size = buf.getLong(at + 8);
            else if (size == 0) size = to - at;
            if (size < 8 || at + size > to) return;
            int end = (int) (at + size);
            if (MP4_METADATA.contains(type)) {
                b[at + 4] = 'f';
                b[at + 5] = 'r';
                b[at + 6] = 'e';
                b[at + 7] = 'e';
                Arrays.fill(b, at + 8, end, (byte) 0);
            } else if (MP4_CONTAINERS.contains(type)) mp4(b, at + 8, end);
            at = end;
        }
    }

    private static void webm(byte[] b) {
        int at = 0;
        while (at < b.length) {
            long[] id = Recordings.vint(b, at, false);
            long[] size = Recordings.vint(b, at + (int) id[1], true);
            int payload = at + (int) id[1] + (int) size[1];
            if (id[0] == SEGMENT || id[0] == INFO) {
                at = payload;
                continue;
            }
            if (size[0] < 0 || payload + size[0] > b.length) return;
            int end = (int) (payload + size[0]);
            if (WEBM_METADATA.contains(id[0])) voidElement(b, at, end);
            // Strings EBML lets be padded with zeros: the app, the title and the date are now padding.
            else if (WEBM_INFO_TEXT.contains(id[0])) Arrays.fill(b, payload, end, (byte) 0);
            at = end;
        }
    }

    /** The element [start, end) becomes one Void element of the same length, its payload zeros. */
    private static void voidElement(byte[] b, int start, int end) {
        int total = end - start;
        int sizeLength = Math.min(8, total - 1);
        long payload = total - 1 - sizeLength;
        Arrays.fill(b, start, end, (byte) 0);
        b[start] = (byte) VOID;
        for (int i = sizeLength - 1; i >= 0; i--) {
            b[start + 1 + i] = (byte) (payload & 0xff);
            payload >>= 8;
        }
        b[start + 1] |= (byte) (0x80 >> (sizeLength - 1));
    }

    /** The second page's packet, OpusTags: vendor and comments zeroed, the comment count 0. */
    private static void ogg(byte[] b) {
        int second = 27 + (b[26] & 0xff);
        for (int i = 0; i < (b[26] & 0xff); i++) second += b[27 + i] & 0xff;
        if (second + 27 > b.length || !Boxes.ascii(b, second, 4).equals("OggS")) return;
        int segments = b[second + 26] & 0xff;
        int body = second + 27 + segments;
        int length = 0;
        for (int i = 0; i < segments; i++) length += b[second + 27 + i] & 0xff;
        if (body + length > b.length || !Boxes.ascii(b, body, 8).equals("OpusTags")) return;
        // The vendor string (its length kept) and the comments after it become zeros: no vendor, a
        // comment count of 0, and zero padding, which readers skip (RFC 7845 5.2).
        Arrays.fill(b, body + 12, body + length, (byte) 0);
        reseal(b, second, 27 + segments + length);
        // A large packet (cover art) runs on into continued pages: their bodies go too.
        for (int page = body + length;
                page + 27 <= b.length && Boxes.ascii(b, page, 4).equals("OggS") && (b[page + 5] & 1) == 1; ) {
            int n = b[page + 26] & 0xff;
            int size = 0;
            for (int i = 0; i < n; i++) size += b[page + 27 + i] & 0xff;
            if (page + 27 + n + size > b.length) return;
            Arrays.fill(b, page + 27 + n, page + 27 + n + size, (byte) 0);
            reseal(b, page, 27 + n + size);
            page += 27 + n + size;
        }
    }

    private static void reseal(byte[] b, int page, int length) {
        ByteBuffer crc = ByteBuffer.wrap(b, page + 22, 4).order(ByteOrder.LITTLE_ENDIAN);
        crc.putInt(page + 22, 0);
        crc.putInt(page + 22, OggCrc.of(b, page, length));
    }

    /** Ogg's page checksum: CRC-32, polynomial 0x04C11DB7, not reflected, initial value 0. */
    static final class OggCrc {
        private static final int[] TABLE = new int[256];

        static {
            for (int i = 0; i < 256; i++) {
                int r = i << 24;
                for (int j = 0; j < 8; j++) r = (r & 0x80000000) != 0 ? (r << 1) ^ 0x04C11DB7 : r << 1;
                TABLE[i] = r;
            }
        }

        private OggCrc() {}

        static int of(byte[] b, int from, int length) {
            int crc = 0;
            for (int i = from; i < from + length; i++) crc = (crc << 8) ^ TABLE[((crc >>> 24) ^ (b[i] & 0xff)) & 0xff];
            return crc;
        }
    }
}
