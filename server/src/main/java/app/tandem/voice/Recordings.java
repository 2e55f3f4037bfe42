package app.tandem.voice;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Reads what a phone or browser recorded: AAC in MP4/M4A (iPhone), Opus in Ogg or WebM (Android,
 * browsers). The container and its codec are read from the bytes, and the length from the file
 * itself: the MP4 movie header, the last Ogg page's granule position, or WebM's Duration (which
 * MediaRecorder leaves out, so then the last block's time). Apache Tika's audio parsers cover
 * MP4 and Ogg but not WebM, and pull two more libraries for two numbers; these three readers are
 * small and strict. Anything they cannot read is not a recording we accept.
 */
final class Recordings {
    /** A recording we accept: its media type and length in milliseconds. */
    record Recording(String mediaType, long millis) {}

    /** Thrown when the bytes are not an accepted recording; the message says why, in plain words. */
    static final class NotARecording extends Exception {
        NotARecording(String message) {
            super(message);
        }
    }

    private Recordings() {}

    static Recording read(byte[] b) throws NotARecording {
        try {
            if (b.length >= 12 && Boxes.ascii(b, 4, 4).equals("ftyp")) return mp4(b);
            if (b.length >= 28 && Boxes.ascii(b, 0, 4).equals("OggS")) return ogg(b);
            if (b.length >= 4 && (b[0] & 0xff) == 0x1A && (b[1] & 0xff) == 0x45 && (b[2] & 0xff) == 0xDF)
                return webm(b);
        } catch (IndexOutOfBoundsException | java.nio.BufferUnderflowException ex) {
            throw new NotARecording("The recording is damaged or cut short.");
        }
        throw new NotARecording("Only recordings from a phone or browser can be sent: AAC (M4A) or Opus (WebM, Ogg).");
    }

    // ---- MP4: boxes of (size, type); the length is mvhd's duration over its timescale.

    private static Recording mp4(byte[] b) throws NotARecording {
        ByteBuffer buf = ByteBuffer.wrap(b);
        int moov = Boxes.find(buf, 0, b.length, "moov");
        if (moov < 0) throw new NotARecording("The recording has no index (moov); record it again.");
        int moovEnd = moov + buf.getInt(moov);
        int mvhd = Boxes.find(buf, moov + 8, moovEnd, "mvhd");
        if (mvhd < 0) throw new NotARecording("The recording has no length (mvhd).");
        int version = b[mvhd + 8];
        long timescale = version == 1 ? buf.getInt(mvhd + 28) & 0xffffffffL : buf.getInt(mvhd + 20) & 0xffffffffL;
        long duration = version == 1 ? buf.getLong(mvhd + 32) : buf.getInt(mvhd + 24) & 0xffffffffL;
        if (timescale == 0) throw new NotARecording("The recording has no length (mvhd).");
        boolean aac = false;
        boolean picture = false;
        for (int trak = Boxes.find(buf, moov + 8, moovEnd, "trak");
                trak >= 0;
                trak = Boxes.next(buf, trak, moovEnd, "trak")) {
            int trakEnd = trak + buf.getInt(trak);
            int mdia = Boxes.find(buf, trak + 8, trakEnd, "mdia");
            if (mdia < 0) continue;
            int hdlr = Boxes.find(buf, mdia + 8, mdia + buf.getInt(mdia), "hdlr");
            String handler = hdlr < 0 ? "" : Boxes.ascii(b, hdlr + 16, 4);
            if (handler.equals("vide")) picture = true;
            if (handler.equals("soun") && indexOf(b, "mp4a", trak, trakEnd) >= 0) aac = true;
        }
        if (picture || !aac)
            throw new NotARecording("Only sound recorded as AAC can be sent in an M4A file, not video.");
        return new Recording("audio/mp4", duration * 1000 / timescale);
    }

    // ---- Ogg: pages "OggS"; the first carries OpusHead; the last page's granule counts 48 kHz samples.

    private static Recording ogg(byte[] b) throws NotARecording {
        int segments = b[26] & 0xff;
        int body = 27 + segments;
        if (!Boxes.ascii(b, body, 8).equals("OpusHead"))
            throw new NotARecording("Only Opus recordings can be sent in an Ogg file.");
        int preSkip =
                ByteBuffer.wrap(b, body + 10, 2).order(ByteOrder.LITTLE_ENDIAN).getShort() & 0xffff;
        for (int at = b.length - 27; at >= 0; at--) {
            if (b[at] == 'O' && Boxes.ascii(b, at, 4).equals("OggS") && b[at + 4] == 0) {
                long granule = ByteBuffer.wrap(b, at + 6, 8)
                        .order(ByteOrder.LITTLE_ENDIAN)
                        .getLong();
                if (granule > 0) return new Recording("audio/ogg", Math.max(1, (granule - preSkip) * 1000 / 48_000));
            }
        }
        throw new NotARecording("The recording has no length.");
    }

    // ---- WebM: EBML elements (id, size, payload). Masters we need are read in line, others skipped.

    private static final long EBML = 0x1A45DFA3L, DOC_TYPE = 0x4282, SEGMENT = 0x18538067L, INFO = 0x1549A966L;
    private static final long SCALE = 0x2AD7B1, DURATION = 0x4489, TRACKS = 0x1654AE6BL, TRACK = 0xAE;
    private static final long TRACK_TYPE = 0x83, CODEC = 0x86, CLUSTER = 0x1F43B675L, TIMECODE = 0xE7;
    private static final long SIMPLE_BLOCK = 0xA3, BLOCK_GROUP = 0xA0, BLOCK = 0xA1;
    private static final java.util.Set<Long> READ_INSIDE =
            java.util.Set.of(EBML, SEGMENT, INFO, TRACKS, TRACK, CLUSTER, BLOCK_GROUP);

    private static Recording webm(byte[] b) throws NotARecording {
        String docType = "";
        long scaleNs = 1_000_000;
        double duration = -1;
        long cluster = 0;
        long lastBlock = -1;
        boolean opus = false;
        boolean picture = false;
        long trackType = 0;
        int at = 0;
        while (at < b.length) {
            long[] id = vint(b, at, false);
            long[] size = vint(b, at + (int) id[1], true);
            int payload = at + (int) id[1] + (int) size[1];
            if (payload > b.length) break; // a recording cut off mid-element still has its earlier blocks
            if (READ_INSIDE.contains(id[0])) {
                if (id[0] == TRACK) trackType = 0;
                at = payload;
                continue;
            }
            int end = size[0] < 0 ? b.length : (int) Math.min(b.length, payload + size[0]);
            if (id[0] == DOC_TYPE)
                docType = Boxes.ascii(b, payload, end - payload).trim();
            else if (id[0] == SCALE) scaleNs = uint(b, payload, end);
            else if (id[0] == DURATION)
                duration = end - payload == 4
                        ? ByteBuffer.wrap(b, payload, 4).getFloat()
                        : ByteBuffer.wrap(b, payload, 8).getDouble();
            else if (id[0] == TRACK_TYPE) trackType = uint(b, payload, end);
            else if (id[0] == CODEC) {
                String codec = Boxes.ascii(b, payload, end - payload).trim();
                if (trackType == 1 || codec.startsWith("V_")) picture = true;
                if (codec.equals("A_OPUS")) opus = true;
            } else if (id[0] == TIMECODE) cluster = uint(b, payload, end);
            else if (id[0] == SIMPLE_BLOCK || id[0] == BLOCK) {
                int trackNumberLength = (int) vint(b, payload, true)[1];
                short relative =
                        ByteBuffer.wrap(b, payload + trackNumberLength, 2).getShort();
                lastBlock = Math.max(lastBlock, cluster + relative);
            }
            at = end;
        }
        if (!docType.equals("webm")) throw new NotARecording("The recording is not a WebM file.");
        if (picture || !opus)
            throw new NotARecording("Only sound recorded as Opus can be sent in a WebM file, not video.");
        // The length is the sound itself: the last block's start plus one 20 ms Opus frame. A header's
        // Duration (MediaRecorder writes none) is only a claim, so it counts only with no blocks to read.
        double units = lastBlock >= 0 ? lastBlock + 20_000_000.0 / scaleNs : duration;
        if (units <= 0) throw new NotARecording("The recording has no sound in it.");
        return new Recording("audio/webm", Math.max(1, Math.round(units * scaleNs / 1_000_000.0)));
    }

    /** An EBML variable-length integer at {@code at}: {value, length}; a size of all ones is -1 (unknown). */
    static long[] vint(byte[] b, int at, boolean size) {
        int first = b[at] & 0xff;
        int length = Integer.numberOfLeadingZeros(first) - 23;
        if (length < 1 || length > 8) throw new IndexOutOfBoundsException("not an EBML integer");
        long value = size ? first & (0xff >> length) : first;
        boolean allOnes = value == (0xff >> length);
        for (int i = 1; i < length; i++) {
            int next = b[at + i] & 0xff;
            allOnes &= next == 0xff;
            value = (value << 8) | next;
        }
        return new long[] {size && allOnes ? -1 : value, length};
    }

    private static long uint(byte[] b, int from, int to) {
        long value = 0;
        for (int i = from; i < to; i++) value = (value << 8) | (b[i] & 0xff);
        return value;
    }

    private static int indexOf(byte[] b, String text, int from, int to) {
        byte[] needle = text.getBytes(StandardCharsets.ISO_8859_1);
        outer:
        for (int i = from; i <= Math.min(to, b.length) - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) if (b[i + j] != needle[j]) continue outer;
            return i;
        }
        return -1;
    }
}
