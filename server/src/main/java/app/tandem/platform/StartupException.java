package app.tandem.platform;

/** Start-up cannot go on; the message is one line an operator can act on. */
public final class StartupException extends RuntimeException {
    public StartupException(String message, Throwable cause) {
        super(message, cause);
    }
}
