package app.tandem.testing;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import java.io.IOException;
import java.io.UncheckedIOException;

/** A real SMTP server (GreenMail) on a free loopback port, started before the test server that sends to it. */
public final class Smtp {
    private Smtp() {}

    public static GreenMail start(int port) {
        GreenMail mail = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        mail.start();
        return mail;
    }

    public static int freePort() {
        try {
            return ServerProcess.freePort();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
