package app.tandem.platform;

import org.apache.tika.Tika;

/**
 * What a file is, read from its bytes (Apache Tika's magic numbers), never from the name or the
 * type the client claimed. One detector for every upload; Tika's detector is safe to share.
 */
public final class FileTypes {
    private static final Tika TIKA = new Tika();

    private FileTypes() {}

    /** The media type the content says it is. Blocking (reads the bytes): call on a worker. */
    public static String detect(byte[] content) {
        return TIKA.detect(content);
    }
}
