package app.tandem.identity;

import app.tandem.access.Access;
import app.tandem.platform.AppConfig.AuthSettings;
import app.tandem.platform.Caller;
import app.tandem.platform.Caller.Role;
import app.tandem.platform.Problem;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Parents join by invitation: staff link an invitation to pupils and hand the parent a single-use
 * code; the parent redeems it with their email and a password and is signed in. A used, expired or
 * unknown code gets the same answer, so codes cannot be probed.
 */
final class InvitationService {
  /** One pupil the invited parent will be linked to. */
  record InvitedPupil(UUID pupilId, String relationship, boolean parentalResponsibility) {}

  private final Pool pool;
  private final Access access;
  private final IdentityService identity;
  private final IdentityStore accounts;
  private final Throttle throttle;
  private final AuthSettings settings;
  private final Clock clock;

  InvitationService(Pool pool, Access access, IdentityService identity, IdentityStore accounts, Throttle throttle,
                    AuthSettings settings, Clock clock) {
    this.pool = pool;
    this.access = access;
    this.identity = identity;
    this.accounts = accounts;
    this.throttle = throttle;
    this.settings = settings;
    this.clock = clock;
  }

  Future<JsonObject> create(Caller caller, String displayName, String email, List<InvitedPupil> pupils) {
    caller.requireStaff(Role.ADMIN, Role.SENCO);
    if (pupils.stream().map(InvitedPupil::pupilId).distinct().count() != pupils.size()) {
      return Future.failedFuture(Problem.invalid("body.pupils", "lists a pupil twice."));
    }
    Future<Void> checked = Future.succeededFuture();
    for (InvitedPupil p : pupils) checked = checked.compose(v -> access.require(caller, p.pupilId(), Access.Action.MANAGE_DIRECTORY).mapEmpty());
    String code = Codes.humanCode(2);
    Instant now = clock.instant();
    Instant expires = now.plus(settings.invitationTtl());
    return checked.compose(v -> pool.withTransaction(tx -> tx.preparedQuery("""
            INSERT INTO invitation (school_id, code_hash, display_name, email, created_by, created_at, expires_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id""")
        .execute(Tuple.of(caller.schoolId(), Buffer.buffer(Codes.sha256(Codes.normalise(code))), displayName,
            email == null ? null : email.toLowerCase(Locale.ROOT), caller.subject(), SessionStore.at(now), SessionStore.at(expires)))
        .compose(rows -> {
          UUID id = rows.iterator().next().getUUID("id");
          List<Tuple> links = pupils.stream().map(p -> Tuple.of(id, p.pupilId(), p.relationship(), p.parentalResponsibility())).toList();
          return tx.preparedQuery("INSERT INTO invitation_pupil (invitation_id, pupil_id, relationship, parental_responsibility) VALUES ($1, $2, $3, $4)")
              .executeBatch(links).map(done -> new JsonObject()
                  .put("id", id.toString()).put("code", code).put("expiresAt", expires.toString()));
        })));
  }

  Future<TokenPair> redeem(String code, String rawEmail, String password, String address) {
    String email = rawEmail.toLowerCase(Locale.ROOT);
    List<Throttle.Limit> limits = List.of(new Throttle.Limit("redeem:" + address, settings.maxFailuresPerAddress()));
    Instant now = clock.instant();
    return throttle.check(pool, limits, now)
        .compose(v -> accounts.byEmail(pool, email))
        .compose(existing -> {
          if (existing.isEmpty()) PasswordPolicy.check("body.password", password, email);
          Future<Optional<String>> newHash = existing.isEmpty()
              ? identity.hashPassword(password).map(Optional::of)
              : identity.verifyPassword(existing.get().passwordHash(), password).map(ok -> ok ? Optional.<String>empty() : null);
          return newHash.compose(hash -> hash == null ? refused(limits, now)
              : pool.withTransaction(tx -> claim(tx, code, email, now).compose(invitation -> {
                if (invitation.isEmpty()) return Future.succeededFuture(Optional.<TokenPair>empty());
                Row inv = invitation.get();
                UUID schoolId = inv.getUUID("school_id");
                if (existing.isPresent() && (!existing.get().kind().equals("parent") || !existing.get().schoolId().equals(schoolId))) {
                  return Future.succeededFuture(Optional.<TokenPair>empty());
                }
                Future<UUID> parent = existing.isPresent() ? Future.succeededFuture(existing.get().id())
                    : tx.preparedQuery("""
                        INSERT INTO app_user (school_id, kind, email, display_name, password_hash)
                        VALUES ($1, 'parent', $2, $3, $4) RETURNING id""")
                        .execute(Tuple.of(schoolId, email, inv.getString("display_name"), hash.get()))
                        .map(rows -> rows.iterator().next().getUUID("id"));
                return parent.compose(parentId -> tx.preparedQuery("""
                        INSERT INTO parent_link (school_id, parent_id, pupil_id, relationship, parental_responsibility)
                        SELECT $2, $3, ip.pupil_id, ip.relationship, ip.parental_responsibility
                        FROM invitation_pupil ip WHERE ip.invitation_id = $1
                        ON CONFLICT (parent_id, pupil_id) DO NOTHING""")
                    .execute(Tuple.of(inv.getUUID("id"), schoolId, parentId))
                    .compose(v -> tx.preparedQuery("UPDATE invitation SET redeemed_at = $2, redeemed_by = $3 WHERE id = $1")
                        .execute(Tuple.of(inv.getUUID("id"), SessionStore.at(now), parentId)))
                    .compose(v -> identity.openSession(tx, schoolId, parentId, null, Caller.Kind.PARENT, Set.of(), null, true))
                    .map(Optional::of));
              })).compose(tokens -> tokens.isPresent() ? Future.succeededFuture(tokens.get()) : refused(limits, now)));
        });
  }

  /** Locks a current, unused invitation for this code (and email, when the school gave one). */
  private Future<Optional<Row>> claim(SqlClient tx, String code, String email, Instant now) {
    return tx.preparedQuery("""
            SELECT id, school_id, display_name FROM invitation
            WHERE code_hash = $1 AND redeemed_at IS NULL AND expires_at > $2 AND (email IS NULL OR email = $3)
            FOR UPDATE""")
        .execute(Tuple.of(Buffer.buffer(Codes.sha256(Codes.normalise(code))), SessionStore.at(now), email))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(rows.iterator().next()));
  }

  private <T> Future<T> refused(List<Throttle.Limit> limits, Instant now) {
    return throttle.fail(pool, limits, now).compose(v -> Future.failedFuture(
        Problem.invalid("body.code", "This code cannot be used. Ask the school for a new one.")));
  }
}
