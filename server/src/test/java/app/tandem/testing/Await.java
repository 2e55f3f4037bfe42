package app.tandem.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waiting for something another thread or replica does. The bound only stops a broken test; it is no speed requirement. */
public final class Await {
    private Await() {}

    public static void until(String what, Duration bound, BooleanSupplier condition) {
        until(() -> what, bound, condition);
    }

    /** As {@link #until(String, Duration, BooleanSupplier)}, with a description worked out only on failure. */
    public static void until(Supplier<String> what, Duration bound, BooleanSupplier condition) {
        long deadline = System.nanoTime() + bound.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) return;
            try {
                Thread.sleep(50);
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new AssertionError(ex);
            }
        }
        throw new AssertionError("timed out waiting: " + what.get());
    }

    /**
     * Waits until a count stops changing for the quiet period given (work already on the wire has
     * landed), within the bound.
     */
    public static void steady(String what, Duration quiet, Duration bound, java.util.function.IntSupplier count) {
        long[] since = {System.nanoTime()};
        int[] last = {count.getAsInt()};
        until(what, bound, () -> {
            int now = count.getAsInt();
            if (now != last[0]) {
                last[0] = now;
                since[0] = System.nanoTime();
            }
            return System.nanoTime() - since[0] >= quiet.toNanos();
        });
    }
}
