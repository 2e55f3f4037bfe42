package app.tandem.push;

import app.tandem.platform.Caller;
import app.tandem.platform.Problem;
import app.tandem.platform.ProblemType;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalTime;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * The phones that receive pushes: one per signed-in session, and each token with one session at a
 * time. Registering is idempotent; a token seen again from another session moves there (the phone
 * was signed in again or handed on). Quiet hours are kept here too. Typed in and out: JSON stays
 * in {@link PushRoutes}.
 */
record Devices(Pool pool, Clock clock) {
    /** The phone's operating system, as the contract names it. */
    enum Platform {
        IOS,
        ANDROID;

        String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Platform of(String wire) {
            return valueOf(wire.toUpperCase(Locale.ROOT));
        }
    }

    /** A phone to register for this session. */
    record NewDevice(String token, Platform platform, String appVersion, String locale) {}

    /** A registered phone. */
    record Device(
            UUID id,
            UUID sessionId,
            Platform platform,
            String appVersion,
            String locale,
            Instant registeredAt,
            Instant updatedAt) {}

    /** What a registration did. */
    record Registered(Device device, boolean created) {}

    /** A person's quiet hours (none: both null), read in their school's time zone. */
    record QuietHours(String timeZone, LocalTime from, LocalTime to) {}

    Future<Registered> register(Caller caller, NewDevice phone) {
        Instant now = clock.instant();
        return pool.withTransaction(
                tx -> DeviceStore.register(tx, caller.schoolId(), caller.subject(), caller.sessionId(), phone, now));
    }

    Future<List<Device>> list(Caller caller) {
        return DeviceStore.ofUser(pool, caller.subject());
    }

    Future<Void> delete(Caller caller, UUID deviceId) {
        return DeviceStore.delete(pool, deviceId, caller.subject())
                .compose(found -> found ? Future.succeededFuture() : Future.failedFuture(Problem.notFound()));
    }

    Future<QuietHours> quietHours(Caller caller) {
        requireAdult(caller);
        return DeviceStore.quietHours(pool, caller.subject());
    }

    Future<QuietHours> setQuietHours(Caller caller, LocalTime from, LocalTime to) {
        requireAdult(caller);
        if (from.equals(to)) throw Problem.invalid("body.to", "must differ from from.");
        return DeviceStore.setQuietHours(pool, caller.subject(), from, to);
    }

    Future<Void> clearQuietHours(Caller caller) {
        requireAdult(caller);
        return DeviceStore.clearQuietHours(pool, caller.subject());
    }

    /**
     * Quiet hours belong to adults' accounts. A pupil's own device registers for pushes too, but it is
     * only ever told that a question from school is waiting (no name, no content).
     */
    private static void requireAdult(Caller caller) {
        if (caller.kind() == Caller.Kind.PUPIL)
            throw new Problem(ProblemType.FORBIDDEN, "Pupils' devices do not receive notifications.");
    }
}
