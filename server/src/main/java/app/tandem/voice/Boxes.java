package app.tandem.voice;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Reading ISO base media files (MP4, M4A, HEIC): boxes of (size, four-letter type, payload). */
final class Boxes {
    private Boxes() {}

    /** The offset of the first box of this type in [from, to), or -1. */
    static int find(ByteBuffer buf, int from, int to, String type) {
        for (int at = from; at + 8 <= to; ) {
            long size = buf.getInt(at) & 0xffffffffL;
            if (size == 1) size = buf.getLong(at + 8);
            else if (size == 0) size = to - at;
            if (size < 8) return -1;
            if (ascii(buf.array(), at + 4, 4).equals(type)) return at;
            at += (int) Math.min(size, Integer.MAX_VALUE);
        }
        return -1;
    }

    /** The next box of this type after the one at {@code current}, or -1. */
    static int next(ByteBuffer buf, int current, int to, String type) {
        return find(buf, current + buf.getInt(current), to, type);
    }

    static String ascii(byte[] b, int at, int length) {
        return new String(b, at, Math.max(0, Math.min(length, b.length - at)), StandardCharsets.ISO_8859_1);
    }
}
