package app.tandem.realtime;

import java.lang.management.ManagementFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How many live sockets this replica takes at once. Each holds a file descriptor; a process out of
 * them stops accepting every connection, the API's included, and a phone that got as far as the
 * kernel's queue waits on a socket that never answers. Below the limit a socket is taken; at it the
 * handshake is refused with 503, at once, and the phone tries again (another replica, or later).
 * Unset (`TANDEM_LIVE_MAX_SOCKETS`), the limit is the process's open-file limit less a reserve for
 * the database, files and the API.
 */
final class SocketLimit {
    private static final Logger log = LoggerFactory.getLogger(SocketLimit.class);
    /** File descriptors kept for everything but live sockets. */
    static final int RESERVE = 1024;

    private final int max;
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicLong lastWarned = new AtomicLong();

    SocketLimit(int max) {
        this.max = max;
    }

    /** The configured limit, or (0) the process's open-file limit less the reserve. */
    static SocketLimit of(int configured) {
        if (configured > 0) return new SocketLimit(configured);
        long files = ManagementFactory.getOperatingSystemMXBean()
                        instanceof com.sun.management.UnixOperatingSystemMXBean unix
                ? unix.getMaxFileDescriptorCount()
                : Integer.MAX_VALUE;
        return new SocketLimit((int) Math.max(100, Math.min(Integer.MAX_VALUE, files - RESERVE)));
    }

    int max() {
        return max;
    }

    /** Whether one more socket may open; a refusal is logged at most once a minute. */
    boolean admit() {
        if (open.get() < max) return true;
        long now = System.nanoTime();
        long last = lastWarned.get();
        if ((last == 0 || now - last > 60_000_000_000L) && lastWarned.compareAndSet(last, now)) {
            log.warn(
                    "live sockets at this replica's limit ({}): refusing new ones with 503; add a replica or raise"
                            + " the open-file limit (TANDEM_LIVE_MAX_SOCKETS)",
                    max);
        }
        return false;
    }

    void opened() {
        open.incrementAndGet();
    }

    void closed() {
        open.decrementAndGet();
    }
}
