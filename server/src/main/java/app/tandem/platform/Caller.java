package app.tandem.platform;

import io.vertx.ext.web.RoutingContext;
import java.util.Set;
import java.util.UUID;

/**
 * Who is calling, as established from a verified access token and the session's current state:
 * a member of staff, a parent, or a pupil signed in on a paired device. `schoolId` is the school
 * the account belongs to; `schools` every school the caller stands in: for staff and pupils that
 * one, for a parent also each school where they have a child and have joined (a family may have
 * children at several schools; everything else stays per school).
 */
public record Caller(
        UUID subject, Kind kind, UUID schoolId, Set<Role> roles, UUID sessionId, boolean fullScope, Set<UUID> schools) {
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
        HEADTEACHER,
        /** A trust's SEND lead: reads the SEN register, due reviews and coverage across the trust's schools. */
        TRUST_SEND_LEAD;

        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }

        /** The role the database and the API name. */
        public static Role of(String wire) {
            return valueOf(wire.toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
        }
    }

    public Caller {
        roles = Set.copyOf(roles);
        schools = schools == null || schools.isEmpty() ? Set.of(schoolId) : Set.copyOf(schools);
    }

    /** A caller of one school. */
    public Caller(UUID subject, Kind kind, UUID schoolId, Set<Role> roles, UUID sessionId, boolean fullScope) {
        this(subject, kind, schoolId, roles, sessionId, fullScope, Set.of(schoolId));
    }

    /** Whether the caller stands in this school. */
    public boolean inSchool(UUID school) {
        return schools.contains(school);
    }

    /**
     * The school a request names (`?schoolId=`: a parent's child's school, or for a trust's SEND lead
     * one of the trust's), or the caller's own when it names none; 404 for a school the caller does
     * not stand in, as for one that does not exist.
     */
    public UUID school(UUID named) {
        if (named == null) return schoolId;
        if (!schools.contains(named)) throw Problem.notFound();
        return named;
    }

    /** The caller's schools, as a query parameter (`school_id = ANY($n)`). */
    public UUID[] schoolIds() {
        return schools.toArray(UUID[]::new);
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
