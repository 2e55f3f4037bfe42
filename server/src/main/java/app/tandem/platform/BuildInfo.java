package app.tandem.platform;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** What the build wrote into the jar (`tandem-build.properties`): versions of what it bundles. */
public final class BuildInfo {
    private BuildInfo() {}

    public static String property(String name) {
        try (InputStream in = BuildInfo.class.getClassLoader().getResourceAsStream("tandem-build.properties")) {
            Properties props = new Properties();
            props.load(in);
            return props.getProperty(name);
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
