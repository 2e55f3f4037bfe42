package app.tandem.platform;

/** A configuration value that cannot be used; its message names the variable and what is wrong. */
public final class ConfigException extends RuntimeException {
    public ConfigException(String variable, String problem) {
        super(variable + ": " + problem);
    }
}
