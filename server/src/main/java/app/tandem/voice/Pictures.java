package app.tandem.voice;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/**
 * Takes the metadata out of a pupil's drawing or photo before it is kept, because a photo must not
 * say where a child lives: EXIF (GPS, camera, times), XMP and text comments. The picture itself is
 * untouched (no re-encoding, so no loss): JPEG and PNG keep every segment or chunk but the metadata
 * ones, and a JPEG keeps only its orientation so it still shows the right way up; in HEIC the Exif
 * and XMP items are overwritten in place (an empty Exif block, XMP blanked), which keeps every
 * offset in the file valid.
 */
final class Pictures {
    /** Thrown when the bytes cannot be read as the picture they claim to be. */
    static final class NotAPicture extends Exception {
        NotAPicture(String message) {
            super(message);
        }
    }

    private Pictures() {}

    static byte[] withoutMetadata(byte[] b, String mediaType) throws NotAPicture {
        try {
            return switch (mediaType) {
                case "image/jpeg" -> jpeg(b);
                case "image/png" -> png(b);
                case "image/heic" -> heic(b);
                default -> throw new NotAPicture("Only PNG, JPEG or HEIC pictures can be sent.");
            };
        } catch (IndexOutOfBoundsException | java.nio.BufferUnderflowException ex) {
            throw new NotAPicture("The picture is damaged or cut short.");
        }
    }

    // ---- JPEG: segments FFxx; drop APP1 (Exif, XMP), APP3-APP13, APP15 and comments up to the image data.

    private static byte[] jpeg(byte[] b) throws NotAPicture {
        ByteArrayOutputStream out = new ByteArrayOutputStream(b.length);
        out.write(b, 0, 2);
        int orientation = 1;
        int at = 2;
        boolean orientationWritten = false;
        while (at < b.length) {
            if ((b[at] & 0xff) != 0xFF) throw new NotAPicture("The photo is not a readable JPEG.");
            int marker = b[at + 1] & 0xff;
            if (marker == 0xFF) {
                at++;
                continue;
            }
            if (marker == 0xDA) { // start of scan: the image data runs to this image's end (EOI)
                if (!orientationWritten) writeOrientation(out, orientation);
                int end = endOfImage(b, at);
                out.write(b, at, end - at);
                return out.toByteArray();
            }
            int length = ((b[at + 2] & 0xff) << 8) | (b[at + 3] & 0xff);
            if (length < 2 || at + 2 + length > b.length) throw new NotAPicture("The photo is damaged or cut short.");
            if (marker == 0xE1 && Boxes.ascii(b, at + 4, 6).equals("Exif\0\0")) orientation = orientation(b, at + 10);
            // APP2 stays for a colour profile (ICC) but not as MPF, the index of the images phones append.
            boolean multiPicture = marker == 0xE2 && Boxes.ascii(b, at + 4, 4).equals("MPF\0");
            boolean metadata = marker == 0xE1
                    || multiPicture
                    || (marker >= 0xE3 && marker <= 0xED)
                    || marker == 0xEF
                    || marker == 0xFE;
            if (!metadata) {
                // The orientation goes straight after JFIF's APP0 (which must come first), or first of all.
                if (marker != 0xE0 && !orientationWritten) {
                    writeOrientation(out, orientation);
                    orientationWritten = true;
                }
                out.write(b, at, 2 + length);
            }
            at += 2 + length;
        }
        throw new NotAPicture("The photo has no image data.");
    }

    /**
     * Where the first image ends, just after its EOI: scans (entropy-coded data, where 0xFF is always
     * followed by 0x00 or a restart marker) and the segments between a progressive image's scans are
     * walked. Whatever follows, such as the second image (with its own Exif and location) a phone
     * appends for the Multi-Picture format, is left out.
     */
    private static int endOfImage(byte[] b, int sos) {
        int at = sos;
        while (at + 1 < b.length) {
            int marker = b[at + 1] & 0xff;
            if (marker == 0xD9) return at + 2;
            if (marker == 0xFF) { // fill bytes before a marker
                at++;
                continue;
            }
            int length = ((b[at + 2] & 0xff) << 8) | (b[at + 3] & 0xff);
            at += 2 + length;
            if (marker != 0xDA) continue;
            // Entropy-coded data up to the next marker that is not stuffing or a restart.
            while (at + 1 < b.length
                    && !((b[at] & 0xff) == 0xFF
                            && (b[at + 1] & 0xff) != 0x00
                            && ((b[at + 1] & 0xff) < 0xD0 || (b[at + 1] & 0xff) > 0xD7))) at++;
        }
        // No end marker (some cameras leave it off): the data runs to the end, as it always did.
        return b.length;
    }

    /** Orientation (tag 0x0112) from IFD0 of the TIFF block at {@code tiff}; 1 when absent. */
    private static int orientation(byte[] b, int tiff) {
        ByteBuffer buf = ByteBuffer.wrap(b);
        buf.order(b[tiff] == 'I' ? java.nio.ByteOrder.LITTLE_ENDIAN : java.nio.ByteOrder.BIG_ENDIAN);
        int ifd = tiff + buf.getInt(tiff + 4);
        int entries = buf.getShort(ifd) & 0xffff;
        for (int i = 0; i < entries; i++) {
            int entry = ifd + 2 + i * 12;
            if ((buf.getShort(entry) & 0xffff) == 0x0112) {
                int value = buf.getShort(entry + 8) & 0xffff;
                return value >= 1 && value <= 8 ? value : 1;
            }
        }
        return 1;
    }

    /** A minimal Exif block holding only the orientation, when it is not the default. */
    private static void writeOrientation(ByteArrayOutputStream out, int orientation) {
        if (orientation == 1) return;
        ByteBuffer app1 = ByteBuffer.allocate(36);
        app1.putShort((short) 0xFFE1).putShort((short) 34);
        app1.put("Exif\0\0".getBytes(StandardCharsets.ISO_8859_1));
        app1.put("MM".getBytes(StandardCharsets.ISO_8859_1))
                .putShort((short) 42)
                .putInt(8);
        app1.putShort((short) 1); // one entry: Orientation, SHORT, count 1
        app1.putShort((short) 0x0112)
                .putShort((short) 3)
                .putInt(1)
                .putShort((short) orientation)
                .putShort((short) 0);
        app1.putInt(0);
        out.write(app1.array(), 0, 36);
    }

    // ---- PNG: chunks (length, type, data, crc); drop text, time and eXIf chunks.

    private static final Set<String> PNG_METADATA = Set.of("tEXt", "zTXt", "iTXt", "eXIf", "tIME");

    private static byte[] png(byte[] b) throws NotAPicture {
        ByteArrayOutputStream out = new ByteArrayOutputStream(b.length);
        out.write(b, 0, 8);
        ByteBuffer buf = ByteBuffer.wrap(b);
        for (int at = 8; at < b.length; ) {
            long length = buf.getInt(at) & 0xffffffffL;
            if (at + 12 + length > b.length) throw new NotAPicture("The picture is damaged or cut short.");
            String type = Boxes.ascii(b, at + 4, 4);
            if (!PNG_METADATA.contains(type)) out.write(b, at, (int) (12 + length));
            at += (int) (12 + length);
            if (type.equals("IEND")) return out.toByteArray();
        }
        throw new NotAPicture("The picture is damaged or cut short.");
    }

    // ---- HEIC (ISO BMFF): meta > iinf names the Exif and XMP items, iloc says where their bytes are.

    private static byte[] heic(byte[] original) throws NotAPicture {
        byte[] b = Arrays.copyOf(original, original.length);
        ByteBuffer buf = ByteBuffer.wrap(b);
        int meta = Boxes.find(buf, 0, b.length, "meta");
        if (meta < 0) throw new NotAPicture("The photo is not a readable HEIC file.");
        int metaEnd = meta + buf.getInt(meta);
        Set<Long> metadataItems = new HashSet<>();
        Set<Long> xmpItems = new HashSet<>();
        int iinf = Boxes.find(buf, meta + 12, metaEnd, "iinf");
        if (iinf >= 0) {
            int first = iinf + (b[iinf + 8] == 0 ? 14 : 16);
            for (int infe = Boxes.find(buf, first, iinf + buf.getInt(iinf), "infe");
                    infe >= 0;
                    infe = Boxes.find(buf, infe + buf.getInt(infe), iinf + buf.getInt(iinf), "infe")) {
                int version = b[infe + 8];
                if (version < 2) continue;
                long id = version == 2 ? buf.getShort(infe + 12) & 0xffff : buf.getInt(infe + 12) & 0xffffffffL;
                String type = Boxes.ascii(b, infe + (version == 2 ? 16 : 18), 4);
                if (type.equals("Exif")) metadataItems.add(id);
                if (type.equals("mime")) xmpItems.add(id);
            }
        }
        int iloc = Boxes.find(buf, meta + 12, metaEnd, "iloc");
        if (iloc < 0) return b;
        int idat = Boxes.find(buf, meta + 12, metaEnd, "idat");
        int version = b[iloc + 8];
        int at = iloc + 12;
        int offsetSize = (b[at] >> 4) & 15, lengthSize = b[at] & 15;
        int baseSize = (b[at + 1] >> 4) & 15, indexSize = version >= 1 ? b[at + 1] & 15 : 0;
        at += 2;
        long count = version < 2 ? buf.getShort(at) & 0xffff : buf.getInt(at) & 0xffffffffL;
        at += version < 2 ? 2 : 4;
        for (long item = 0; item < count; item++) {
            long id = version < 2 ? buf.getShort(at) & 0xffff : buf.getInt(at) & 0xffffffffL;
            at += version < 2 ? 2 : 4;
            int construction = 0;
            if (version >= 1) {
                construction = buf.getShort(at) & 15;
                at += 2;
            }
            at += 2; // data reference index
            long base = sized(buf, at, baseSize);
            at += baseSize;
            int extents = buf.getShort(at) & 0xffff;
            at += 2;
            for (int e = 0; e < extents; e++) {
                at += indexSize;
                long offset = sized(buf, at, offsetSize);
                at += offsetSize;
                long length = sized(buf, at, lengthSize);
                at += lengthSize;
                boolean exif = metadataItems.contains(id);
                if (!exif && !xmpItems.contains(id)) continue;
                long start = base + offset + (construction == 1 && idat >= 0 ? idat + 8 : 0);
                if (construction > 1 || start + length > b.length || length == 0)
                    throw new NotAPicture("The photo's metadata could not be removed; send it as a JPEG instead.");
                blank(b, (int) start, (int) length, exif);
            }
        }
        return b;
    }

    /** An empty Exif block (offset 0, a TIFF header with no entries) for Exif; spaces for XMP. */
    private static void blank(byte[] b, int start, int length, boolean exif) {
        Arrays.fill(b, start, start + length, exif ? (byte) 0 : (byte) ' ');
        if (!exif || length < 18) return;
        byte[] empty = {0, 0, 0, 0, 'M', 'M', 0, 42, 0, 0, 0, 8, 0, 0, 0, 0, 0, 0};
        System.arraycopy(empty, 0, b, start, empty.length);
    }

    private static long sized(ByteBuffer buf, int at, int size) {
        return switch (size) {
            case 0 -> 0;
            case 4 -> buf.getInt(at) & 0xffffffffL;
            case 8 -> buf.getLong(at);
            default -> throw new IndexOutOfBoundsException("unsupported field size " + size);
        };
    }
}
