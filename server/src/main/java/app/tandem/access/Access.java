package app.tandem.access;

import app.tandem.platform.Caller;
import app.tandem.platform.Caller.Role;
import app.tandem.platform.Problem;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.UUID;

/**
 * The one answer to "may this caller do this to this pupil?". Every pupil-scoped operation asks it
 * first. No relationship means 404, the same as a pupil that does not exist, so ids cannot be probed.
 * Relationships are cached briefly and dropped whenever the directory changes.
 */
public final class Access {

  /** What a caller wants to do with a pupil. */
  public enum Action {
    /** See the SEND record: needs, outcomes, provision, progress. */
    READ_RECORD,
    /** Record progress, write outcomes and provision. */
    WRITE_RECORD,
    /** Message the school or the family about the pupil. */
    MESSAGE,
    /** Book, move or cancel review meetings. */
    BOOK,
    /** Give or withdraw consent to share documents. */
    CONSENT,
    /** The pupil's own simplified view and their views; staff may preview it. */
    PUPIL_VIEW,
    /** Pair and revoke the pupil's devices. */
    MANAGE_DEVICES,
    /** Change the pupil's directory entry and parent links. */
    MANAGE_DIRECTORY
  }

  /** How the caller stands to the pupil. */
  enum Relationship { NONE, SELF, PARENT, CLASS_TEACHER, SCHOOL_STAFF }

  /** A pupil the caller may act on, with what the services need to know of it. */
  public record PupilRef(UUID pupilId, UUID schoolId, UUID classId) {}

  private record Key(UUID caller, UUID pupil) {}

  private record Found(Relationship relationship, PupilRef pupil) {}

  private final Pool pool;
  private final Cache<Key, Found> cache = Caffeine.newBuilder()
      .expireAfterWrite(Duration.ofSeconds(30)).maximumSize(200_000).build();

  public Access(Pool pool) {
    this.pool = pool;
  }

  /** The pupil, if the caller may do this; otherwise a failed future with a 404 problem. */
  public Future<PupilRef> require(Caller caller, UUID pupilId, Action action) {
    return find(caller, pupilId).compose(found ->
        allowed(caller, found.relationship(), action) ? Future.succeededFuture(found.pupil()) : Future.failedFuture(Problem.notFound()));
  }

  static boolean allowed(Caller caller, Relationship relationship, Action action) {
    boolean senco = caller.isStaff() && caller.has(Role.SENCO);
    boolean admin = caller.isStaff() && caller.has(Role.ADMIN);
    boolean teacher = relationship == Relationship.CLASS_TEACHER;
    boolean sameSchoolStaff = relationship == Relationship.CLASS_TEACHER || relationship == Relationship.SCHOOL_STAFF;
    return switch (action) {
      case READ_RECORD -> relationship == Relationship.PARENT || teacher || (senco && sameSchoolStaff);
      case WRITE_RECORD -> teacher || (senco && sameSchoolStaff);
      case MESSAGE, BOOK -> relationship == Relationship.PARENT || teacher || (senco && sameSchoolStaff);
      case CONSENT -> relationship == Relationship.PARENT;
      case PUPIL_VIEW -> relationship == Relationship.SELF || teacher || (senco && sameSchoolStaff);
      case MANAGE_DEVICES -> teacher || ((senco || admin) && sameSchoolStaff);
      case MANAGE_DIRECTORY -> (senco || admin) && sameSchoolStaff;
    };
  }

  private Future<Found> find(Caller caller, UUID pupilId) {
    Key key = new Key(caller.subject(), pupilId);
    Found cached = cache.getIfPresent(key);
    if (cached != null) return Future.succeededFuture(cached);
    return pool.preparedQuery("""
            SELECT p.id, p.school_id, p.class_id, p.active,
                   EXISTS (SELECT 1 FROM class_teacher t WHERE t.class_id = p.class_id AND t.staff_id = $2) AS teaches,
                   EXISTS (SELECT 1 FROM parent_link l
                           WHERE l.pupil_id = p.id AND l.parent_id = $2 AND NOT l.contact_blocked) AS linked
            FROM pupil p WHERE p.id = $1""")
        .execute(Tuple.of(pupilId, caller.subject()))
        .map(rows -> {
          Found found = rows.size() == 0 ? new Found(Relationship.NONE, null) : classify(caller, rows.iterator().next());
          cache.put(key, found);
          return found;
        });
  }

  private static Found classify(Caller caller, Row row) {
    PupilRef pupil = new PupilRef(row.getUUID("id"), row.getUUID("school_id"), row.getUUID("class_id"));
    if (!pupil.schoolId().equals(caller.schoolId()) || !row.getBoolean("active")) return new Found(Relationship.NONE, pupil);
    Relationship relationship = switch (caller.kind()) {
      case PUPIL -> caller.subject().equals(pupil.pupilId()) ? Relationship.SELF : Relationship.NONE;
      case PARENT -> row.getBoolean("linked") ? Relationship.PARENT : Relationship.NONE;
      case STAFF -> row.getBoolean("teaches") ? Relationship.CLASS_TEACHER : Relationship.SCHOOL_STAFF;
    };
    return new Found(relationship, pupil);
  }

  /** A link, class, role or pupil changed: forget every cached relationship. */
  public void forgetAll() {
    cache.invalidateAll();
  }
}
