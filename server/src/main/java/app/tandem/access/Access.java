package app.tandem.access;

import app.tandem.platform.Caller;
import app.tandem.platform.Caller.Role;
import app.tandem.platform.Problem;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The one answer to "may this caller do this to this pupil?". How a person stands to a pupil is
 * the database view {@code pupil_relationship} (migration V13); what each relationship allows is
 * the table in {@link Action}. Every pupil-scoped operation asks {@link #require} first, and every
 * query that picks people by relationship reads the view, filtered with {@link #grants} where it
 * needs an action. No relationship means 404, the same as a pupil that does not exist, so ids
 * cannot be probed. Relationships are cached briefly and dropped whenever the directory changes.
 */
public final class Access {

    /** How a person stands to a pupil: the values of {@code pupil_relationship.relationship}. */
    public enum Relationship {
        SELF("self"),
        PARENT("parent"),
        CLASS_TEACHER("class-teacher"),
        SCHOOL_STAFF("school-staff"),
        /** A trust's SEND lead, to the pupils of the trust's other schools: only what an action names it for. */
        TRUST_LEAD("trust-lead");

        private final String sql;

        Relationship(String sql) {
            this.sql = sql;
        }

        /** The value as the view writes it, for queries. */
        public String sql() {
            return sql;
        }

        /** Staff of the pupil's school, whose roles count (a trust lead's roles are their own school's). */
        boolean staff() {
            return this == CLASS_TEACHER || this == SCHOOL_STAFF;
        }

        static Relationship of(String sql) {
            for (Relationship r : values()) if (r.sql.equals(sql)) return r;
            throw new IllegalArgumentException("unknown relationship " + sql);
        }
    }

    /**
     * What a caller wants to do with a pupil: the relationships that allow it, and the staff roles
     * that allow it to any member of staff of the pupil's school.
     */
    public enum Action {
        /** See the SEND record: needs, outcomes, provision, progress. */
        READ_RECORD(EnumSet.of(Relationship.PARENT, Relationship.CLASS_TEACHER), Role.SENCO),
        /** Record progress, write outcomes and provision. */
        WRITE_RECORD(EnumSet.of(Relationship.CLASS_TEACHER), Role.SENCO),
        /** Message the school or the family about the pupil. */
        MESSAGE(EnumSet.of(Relationship.PARENT, Relationship.CLASS_TEACHER), Role.SENCO),
        /** Book, move or cancel review meetings. */
        BOOK(EnumSet.of(Relationship.PARENT, Relationship.CLASS_TEACHER), Role.SENCO),
        /** Arrange the EHC annual review: the SENCO, or an admin acting for the school. */
        ARRANGE_ANNUAL_REVIEW(EnumSet.noneOf(Relationship.class), Role.SENCO, Role.ADMIN),
        /** Be told an EHC plan's review is coming due with none arranged: the SENCO. */
        CHASE_ANNUAL_REVIEW(EnumSet.noneOf(Relationship.class), Role.SENCO),
        /** Be told a SEN support cycle's review is a week away, and due: the class teacher. */
        CHASE_CYCLE_REVIEW(EnumSet.of(Relationship.CLASS_TEACHER)),
        /** Decide a pupil's SEN status (a class teacher proposes it): the SENCO, or an admin. */
        DECIDE_SEN_STATUS(EnumSet.noneOf(Relationship.class), Role.SENCO, Role.ADMIN),
        /** Post the formal notices about the pupil that no one received on the app: the SENCO, or an admin. */
        SEND_PAPER_NOTICES(EnumSet.noneOf(Relationship.class), Role.SENCO, Role.ADMIN),
        /** Follow the annual review's timeline: the class teacher, the SENCO, or an admin acting for the school. */
        FOLLOW_ANNUAL_REVIEW(EnumSet.of(Relationship.CLASS_TEACHER), Role.SENCO, Role.ADMIN),
        /**
         * Give or withdraw consent to share documents: the parents, or the pupil once a young
         * person (the documents capability checks which, by the pupil's date).
         */
        CONSENT(EnumSet.of(Relationship.PARENT, Relationship.SELF)),
        /**
         * Read the pupil's documents: parents some kinds, and the pupil the same kinds once a young
         * person (the documents capability filters the kinds and checks the pupil's date).
         */
        READ_DOCUMENTS(EnumSet.of(Relationship.PARENT, Relationship.SELF, Relationship.CLASS_TEACHER), Role.SENCO),
        /** Keep documents, record paper consent, share outside the school, see every disclosure. */
        MANAGE_DOCUMENTS(EnumSet.noneOf(Relationship.class), Role.SENCO),
        /** The pupil's own simplified view and their views; staff may preview it. */
        PUPIL_VIEW(EnumSet.of(Relationship.SELF, Relationship.CLASS_TEACHER), Role.SENCO),
        /** Pair and revoke the pupil's devices. */
        MANAGE_DEVICES(EnumSet.of(Relationship.CLASS_TEACHER), Role.SENCO, Role.ADMIN),
        /** Find the pupil in staff lists: a class teacher their classes, the SENCO and admins the school. */
        LIST(EnumSet.of(Relationship.CLASS_TEACHER), Role.SENCO, Role.ADMIN),
        /** Change the pupil's directory entry and parent links. */
        MANAGE_DIRECTORY(EnumSet.noneOf(Relationship.class), Role.SENCO, Role.ADMIN),
        /** Ask for the pupil's views, read every view, share them, raise one as a concern, gather them for a review. */
        ASK_VIEWS(EnumSet.of(Relationship.CLASS_TEACHER), Role.SENCO),
        /** Answer a views request (the pupil; a parent their own view) and see the views shared with you. */
        GIVE_VIEWS(EnumSet.of(Relationship.SELF, Relationship.PARENT)),
        /**
         * See the young person's choices about their record (whether their parents read it): the
         * young person, their class teacher (so they know what not to tell the parents) and the SENCO.
         */
        SEE_CHOICES(EnumSet.of(Relationship.SELF, Relationship.CLASS_TEACHER), Role.SENCO),
        /** Record a young person's choice that their parents stop (or start again) reading their record. */
        RECORD_CHOICES(EnumSet.noneOf(Relationship.class), Role.SENCO),
        /**
         * Prepare and follow a request for an EHC needs assessment, give the school's views on a
         * draft plan: the SENCO.
         */
        REQUEST_ASSESSMENT(EnumSet.noneOf(Relationship.class), Role.SENCO),
        /**
         * Give the family's views on a draft plan, or tell the school they disagree: the parents, or
         * the pupil once a young person (the capability checks the pupil's date).
         */
        SPEAK_FOR_FAMILY(EnumSet.of(Relationship.PARENT, Relationship.SELF)),
        /** Answer a family's disagreement: the SENCO and the headteacher (the complaints procedure). */
        HANDLE_DISAGREEMENT(EnumSet.noneOf(Relationship.class), Role.SENCO, Role.HEADTEACHER),
        /**
         * Read the SEN register with its reviews due and meetings held: the SENCO and admins of the
         * school, and the trust's SEND lead for each of the trust's schools (and nothing else).
         */
        READ_REGISTER(EnumSet.of(Relationship.TRUST_LEAD), Role.SENCO, Role.ADMIN, Role.TRUST_SEND_LEAD),
        /** Be told of a safeguarding concern about the pupil. */
        SAFEGUARD(EnumSet.noneOf(Relationship.class), Role.DSL),
        /**
         * Receive the child's data on a subject access request: a parent with parental responsibility
         * who still reads the record (asked for by the data protection officer for staff).
         */
        SUBJECT_ACCESS(EnumSet.of(Relationship.PARENT));

        private final Set<Relationship> relationships;
        private final Set<Role> staffRoles;

        Action(Set<Relationship> relationships, Role... staffRoles) {
            this.relationships = relationships;
            this.staffRoles = Set.of(staffRoles);
        }

        /**
         * Whether the action reads the SEND record, so parents lose it when a young person asks
         * (pupil_relationship.reads_record).
         */
        boolean readsRecord() {
            return this == READ_RECORD
                    || this == READ_DOCUMENTS
                    || this == GIVE_VIEWS
                    || this == CONSENT
                    || this == SPEAK_FOR_FAMILY
                    || this == SUBJECT_ACCESS;
        }

        /**
         * Whether a parent needs parental responsibility for it (pupil_relationship.responsibility):
         * deciding for the child and receiving the child's data are theirs alone.
         */
        boolean needsResponsibility() {
            return this == CONSENT || this == SUBJECT_ACCESS;
        }

        boolean allows(Relationship relationship, boolean parentReads, boolean responsible, Set<Role> roles) {
            if (relationship == Relationship.PARENT && !parentReads && readsRecord()) return false;
            if (relationship == Relationship.PARENT && !responsible && needsResponsibility()) return false;
            if (relationships.contains(relationship)) return true;
            return relationship.staff() && roles.stream().anyMatch(staffRoles::contains);
        }
    }

    /** A pupil the caller may act on, with what the services need to know of it. */
    public record PupilRef(UUID pupilId, UUID schoolId, UUID classId) {}

    private record Key(UUID caller, UUID pupil) {}

    /** The caller's standing with the pupil; relationship null when there is none. */
    private record Found(
            Relationship relationship, boolean readsRecord, boolean responsible, Set<Role> roles, PupilRef pupil) {}

    private static final Found NONE = new Found(null, false, false, Set.of(), null);

    private final Pool pool;
    private final Cache<Key, Found> cache = Caffeine.newBuilder()
            .expireAfterWrite(Duration.ofSeconds(30))
            .maximumSize(200_000)
            .build();

    public Access(Pool pool) {
        this.pool = pool;
    }

    /** The pupil, if the caller may do this; otherwise a failed future with a 404 problem. */
    public Future<PupilRef> require(Caller caller, UUID pupilId, Action action) {
        return find(caller, pupilId)
                .compose(found -> found.relationship() != null
                                && action.allows(
                                        found.relationship(), found.readsRecord(), found.responsible(), found.roles())
                        ? Future.succeededFuture(found.pupil())
                        : Future.failedFuture(Problem.notFound()));
    }

    /**
     * A FROM item: the {@code pupil_relationship} rows, aliased {@code alias}, of one person to one
     * pupil, named by columns of the tables before it. Joined plainly, PostgreSQL builds the whole
     * view (every family and member of staff) and hashes it; kept apart (OFFSET 0) it looks up the
     * pair by index in each kind of relationship. Use it with {@link #grants} when the pair comes
     * from another table.
     */
    public static String relationshipOf(String personColumn, String pupilColumn, String alias) {
        return "LATERAL (SELECT * FROM pupil_relationship WHERE person_id = " + personColumn + " AND pupil_id = "
                + pupilColumn + " OFFSET 0) " + alias;
    }

    /**
     * A SQL condition on a {@code pupil_relationship} row aliased {@code alias}: the person it names
     * may do this to its pupil. For queries that pick the people an action reaches (participants,
     * recipients, lists), so they and {@link #require} never disagree.
     */
    public static String grants(Action action, String alias) {
        String direct =
                action.relationships.stream().map(r -> "'" + r.sql() + "'").collect(Collectors.joining(", "));
        String byRole = action.staffRoles.stream().map(Role::wire).sorted().collect(Collectors.joining(","));
        String staff = "(" + alias + ".relationship IN ('class-teacher', 'school-staff') AND " + alias + ".roles && '{"
                + byRole + "}'::text[])";
        boolean parents = action.relationships.contains(Relationship.PARENT);
        String narrowed = (action.readsRecord() && parents
                        ? " AND (" + alias + ".relationship <> 'parent' OR " + alias + ".reads_record)"
                        : "")
                + (action.needsResponsibility() && parents
                        ? " AND (" + alias + ".relationship <> 'parent' OR " + alias + ".responsibility)"
                        : "");
        if (direct.isEmpty()) return staff;
        if (byRole.isEmpty()) return "(" + alias + ".relationship IN (" + direct + ")" + narrowed + ")";
        return "((" + alias + ".relationship IN (" + direct + ")" + narrowed + ") OR " + staff + ")";
    }

    private Future<Found> find(Caller caller, UUID pupilId) {
        Key key = new Key(caller.subject(), pupilId);
        Found cached = cache.getIfPresent(key);
        if (cached != null) return Future.succeededFuture(cached);
        return RelationshipStore.find(pool, pupilId, caller.subject(), caller.schoolIds())
                .map(row -> {
                    Found found = row == null ? NONE : standing(caller, row);
                    cache.put(key, found);
                    return found;
                });
    }

    /** A pupil speaks for themselves only on a pupil session; an adult only on an adult one. */
    private static Found standing(Caller caller, Row row) {
        Relationship relationship = Relationship.of(row.getString("relationship"));
        boolean fits =
                switch (caller.kind()) {
                    case PUPIL -> relationship == Relationship.SELF;
                    case PARENT -> relationship == Relationship.PARENT;
                    case STAFF -> relationship.staff() || relationship == Relationship.TRUST_LEAD;
                };
        if (!fits) return NONE;
        Set<Role> roles = Arrays.stream(row.getArrayOfStrings("roles"))
                .map(r -> Role.of(r))
                .collect(Collectors.toUnmodifiableSet());
        return new Found(
                relationship,
                row.getBoolean("reads_record"),
                row.getBoolean("responsibility"),
                roles,
                new PupilRef(row.getUUID("pupil_id"), row.getUUID("school_id"), row.getUUID("class_id")));
    }

    /** A link, class, role or pupil changed: forget every cached relationship. */
    public void forgetAll() {
        cache.invalidateAll();
    }
}
