package app.tandem.platform;

import io.vertx.ext.web.RoutingContext;
import java.util.Set;
import java.util.UUID;

/**
 * Who is calling, as established from a verified access token and the session's current state:
 * a member of staff, a parent, or a pupil signed in on a paired device.
 */
public record Caller(UUID subject, Kind kind, UUID schoolId, Set<Role> roles, UUID sessionId, boolean fullScope) {
    private static final String KEY = "tandem.caller";

    public enum Kind {
        STAFF,
        PARENT,
        PUPIL
    }

    public enum Role {
        TEACHER,
        SENCO,
        ADMIN,
        DSL,
        /** The data protection officer: reads the school's audit log. */
        DPO,
        /** Answers for the school's complaints procedure: told when a family disagrees. */
        HEADTEACHER;

        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public Caller {
        roles = Set.copyOf(roles);
    }

    public boolean isStaff() {
        return kind == Kind.STAFF;
    }

    public boolean has(Role role) {
        return roles.contains(role);
    }

    /** Staff holding any of the roles; anyone else learns nothing beyond "forbidden". */
    public Caller requireStaff(Role... anyOf) {
        if (kind != Kind.STAFF) throw new Problem(ProblemType.FORBIDDEN, "Only school staff can do this.");
        for (Role role : anyOf) if (roles.contains(role)) return this;
        if (anyOf.length == 0) return this;
        throw new Problem(ProblemType.FORBIDDEN, "Your role does not allow this.");
    }

    public void attachTo(RoutingContext ctx) {
        ctx.put(KEY, this);
    }

    /** The caller of an authenticated operation; the authenticator has always run before. */
    public static Caller of(RoutingContext ctx) {
        Caller caller = ctx.get(KEY);
        if (caller == null) throw new IllegalStateException("operation has no authenticated caller");
        return caller;
    }
}
