package app.tandem.identity;

import app.tandem.platform.Caller;
import java.util.Set;
import java.util.UUID;

/** A session as it stands now: whether it is open, and who is behind it with which roles today. */
record SessionState(
        UUID sessionId,
        UUID schoolId,
        Caller.Kind kind,
        UUID subject,
        Set<Caller.Role> roles,
        boolean open,
        boolean fullScope,
        Set<UUID> schools) {

    Caller toCaller() {
        return new Caller(subject, kind, schoolId, roles, sessionId, fullScope, schools);
    }
}
