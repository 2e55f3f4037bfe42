package app.tandem.testing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Duration;
import java.util.List;
import org.slf4j.LoggerFactory;

/** The access log's lines while some requests are made, for tests of what it keeps (and must not). */
public final class AccessLog {
    private AccessLog() {}

    /**
     * Runs `requests` with the access log captured, waits until `expected` lines name `route` (a line
     * is written once its answer has gone), and returns every line captured.
     */
    public static List<String> during(Runnable requests, String route, int expected) {
        Logger logger = (Logger) LoggerFactory.getLogger("app.tandem.access");
        ListAppender<ILoggingEvent> captured = new ListAppender<>();
        captured.start();
        Level level = logger.getLevel();
        logger.setLevel(Level.INFO);
        logger.addAppender(captured);
        try {
            requests.run();
            Await.until(
                    expected + " requests to " + route + " are in the access log",
                    Duration.ofSeconds(5),
                    () -> lines(captured).stream()
                                    .filter(l -> l.contains(route))
                                    .count()
                            >= expected);
            return lines(captured);
        } finally {
            logger.detachAppender(captured);
            logger.setLevel(level);
        }
    }

    private static List<String> lines(ListAppender<ILoggingEvent> captured) {
        // Logback appends under the appender's own lock (AppenderBase.doAppend), not the list's.
        synchronized (captured) {
            return captured.list.stream()
                    .map(e -> e.getFormattedMessage() + " " + e.getKeyValuePairs())
                    .toList();
        }
    }
}
