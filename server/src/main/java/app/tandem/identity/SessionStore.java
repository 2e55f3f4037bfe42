package app.tandem.identity;

import app.tandem.platform.Caller;
import app.tandem.platform.Requests;
import app.tandem.platform.Sql;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** SQL for sessions, refresh tokens and security events. Takes any SqlClient: pool or transaction. */
final class SessionStore {

    Future<UUID> createSession(
            SqlClient sql,
            UUID schoolId,
            UUID userId,
            UUID pupilId,
            String deviceName,
            boolean fullScope,
            Instant now,
            Instant expiresAt) {
        return sql.preparedQuery(
                        """
            INSERT INTO session (school_id, user_id, pupil_id, device_name, scope, created_at, last_used_at, expires_at)
            VALUES ($1, $2, $3, $4, $5, $6, $6, $7) RETURNING id""")
                .execute(Tuple.of(
                        schoolId,
                        userId,
                        pupilId,
                        deviceName,
                        fullScope ? "full" : "mfa-enrolment",
                        Requests.utc(now),
                        Requests.utc(expiresAt)))
                .map(rows -> rows.iterator().next().getUUID("id"));
    }

    Future<Void> addRefreshToken(SqlClient sql, UUID sessionId, byte[] tokenHash, Instant now) {
        return sql.preparedQuery("INSERT INTO refresh_token (token_hash, session_id, created_at) VALUES ($1, $2, $3)")
                .execute(Tuple.of(Buffer.buffer(tokenHash), sessionId, Requests.utc(now)))
                .mapEmpty();
    }

    /** Marks the token used, atomically: of two racing refreshes with one token, only one wins. */
    Future<Optional<UUID>> useRefreshToken(SqlClient sql, byte[] tokenHash, Instant now) {
        return sql.preparedQuery(
                        "UPDATE refresh_token SET used_at = $2 WHERE token_hash = $1 AND used_at IS NULL RETURNING session_id")
                .execute(Tuple.of(Buffer.buffer(tokenHash), Requests.utc(now)))
                .map(rows -> rows.size() == 0
                        ? Optional.empty()
                        : Optional.of(rows.iterator().next().getUUID("session_id")));
    }

    /** The session of a token that was already used: presenting it again means it was copied. */
    Future<Optional<UUID>> sessionOfUsedToken(SqlClient sql, byte[] tokenHash) {
        return sql.preparedQuery("SELECT session_id FROM refresh_token WHERE token_hash = $1 AND used_at IS NOT NULL")
                .execute(Tuple.of(Buffer.buffer(tokenHash)))
                .map(rows -> rows.size() == 0
                        ? Optional.empty()
                        : Optional.of(rows.iterator().next().getUUID("session_id")));
    }

    Future<Optional<SessionState>> state(SqlClient sql, UUID sessionId, Instant now) {
        return sql.preparedQuery(
                        """
            SELECT s.id, s.school_id, s.user_id, s.pupil_id, s.scope,
                   (s.revoked_at IS NULL AND s.expires_at > $2
                    AND coalesce(u.active, true) AND coalesce(p.active, true)) AS open,
                   u.kind, u.roles,
                   -- A parent's schools: every school where they have a child and have joined (the
                   -- relationship rule); the session's own school for everyone else, with the trust's
                   -- schools for its SEND lead.
                   CASE WHEN u.kind = 'parent' THEN ARRAY(SELECT DISTINCT r.school_id FROM pupil_relationship r
                                                          WHERE r.person_id = u.id AND r.relationship = 'parent')
                        -- A trust's SEND lead reads the register of each of the trust's schools.
                        WHEN 'trust-send-lead' = ANY (u.roles) THEN ARRAY(
                          SELECT t.id FROM school_profile t JOIN school_profile h ON h.trust_id = t.trust_id
                          WHERE h.id = u.school_id) END
                     AS schools
            FROM session s
            LEFT JOIN app_user u ON u.id = s.user_id
            LEFT JOIN pupil_profile p ON p.id = s.pupil_id
            WHERE s.id = $1""")
                .execute(Tuple.of(sessionId, Requests.utc(now)))
                .map(rows -> rows.size() == 0
                        ? Optional.empty()
                        : Optional.of(toState(rows.iterator().next())));
    }

    private static SessionState toState(Row row) {
        boolean pupil = row.getUUID("pupil_id") != null;
        Caller.Kind kind = pupil
                ? Caller.Kind.PUPIL
                : Caller.Kind.valueOf(row.getString("kind").toUpperCase(Locale.ROOT));
        Set<Caller.Role> roles = EnumSet.noneOf(Caller.Role.class);
        if (!pupil) {
            for (String role : row.getArrayOfStrings("roles")) roles.add(Caller.Role.of(role));
        }
        return new SessionState(
                row.getUUID("id"),
                row.getUUID("school_id"),
                kind,
                pupil ? row.getUUID("pupil_id") : row.getUUID("user_id"),
                roles,
                row.getBoolean("open"),
                "full".equals(row.getString("scope")),
                schools(row));
    }

    private static Set<UUID> schools(Row row) {
        Set<UUID> schools = new java.util.HashSet<>();
        schools.add(row.getUUID("school_id"));
        UUID[] linked = row.getArrayOfUUIDs("schools");
        if (linked != null) schools.addAll(List.of(linked));
        return schools;
    }

    Future<Void> touch(SqlClient sql, UUID sessionId, Instant now, Instant expiresAt) {
        return sql.preparedQuery("UPDATE session SET last_used_at = $2, expires_at = $3 WHERE id = $1")
                .execute(Tuple.of(sessionId, Requests.utc(now), Requests.utc(expiresAt)))
                .mapEmpty();
    }

    Future<Void> setFullScope(SqlClient sql, UUID sessionId) {
        return sql.preparedQuery("UPDATE session SET scope = 'full' WHERE id = $1")
                .execute(Tuple.of(sessionId))
                .mapEmpty();
    }

    /** Revokes a session if it belongs to the given user or pupil; true when it did. */
    Future<Boolean> revoke(SqlClient sql, UUID sessionId, UUID ownerId, String reason, Instant now) {
        return sql.preparedQuery(
                        """
            UPDATE session SET revoked_at = $3, revoked_reason = $4
            WHERE id = $1 AND (user_id = $2 OR pupil_id = $2) AND revoked_at IS NULL""")
                .execute(Tuple.of(sessionId, ownerId, Requests.utc(now), reason))
                .map(rows -> rows.rowCount() > 0);
    }

    static Future<Void> endForPupil(SqlClient sql, UUID pupilId, String reason) {
        return sql.preparedQuery(
                        "UPDATE session SET revoked_at = now(), revoked_reason = $2 WHERE pupil_id = $1 AND revoked_at IS NULL")
                .execute(Tuple.of(pupilId, reason))
                .mapEmpty();
    }

    Future<Void> revokeAny(SqlClient sql, UUID sessionId, String reason, Instant now) {
        return sql.preparedQuery(
                        "UPDATE session SET revoked_at = $2, revoked_reason = $3 WHERE id = $1 AND revoked_at IS NULL")
                .execute(Tuple.of(sessionId, Requests.utc(now), reason))
                .mapEmpty();
    }

    /** A session still open: where it signed in from, and when it started and was last used. */
    record OpenSession(UUID id, String deviceName, Instant startedAt, Instant lastUsedAt) {
        /** As the API shows it, the start under the name the operation uses (`createdAt`, `pairedAt`). */
        JsonObject json(String startedName) {
            return new JsonObject()
                    .put("id", id.toString())
                    .put("deviceName", deviceName)
                    .put(startedName, startedAt.toString())
                    .put("lastUsedAt", lastUsedAt.toString());
        }
    }

    Future<List<OpenSession>> openSessions(SqlClient sql, String ownerColumn, UUID ownerId, Instant now) {
        return sql.preparedQuery("SELECT id, device_name, created_at, last_used_at FROM session WHERE " + ownerColumn
                        + " = $1 AND revoked_at IS NULL AND expires_at > $2 ORDER BY last_used_at DESC LIMIT 100")
                .execute(Tuple.of(ownerId, Requests.utc(now)))
                .map(rows -> Sql.list(
                        rows,
                        r -> new OpenSession(
                                r.getUUID("id"),
                                r.getString("device_name"),
                                r.getOffsetDateTime("created_at").toInstant(),
                                r.getOffsetDateTime("last_used_at").toInstant())));
    }

    static List<String> wireRoles(Set<Caller.Role> roles) {
        return roles.stream().map(Caller.Role::wire).sorted().toList();
    }

    /** A security event: a used refresh token came back, so its session was revoked. */
    static Future<Void> noteTokenReuse(SqlClient tx, UUID sessionId, Instant now) {
        return Sql.run(
                tx,
                """
            INSERT INTO security_event (school_id, user_id, pupil_id, kind, detail, at)
            SELECT school_id, user_id, pupil_id, 'refresh-token-reuse', jsonb_build_object('sessionId', id), $2
            FROM session WHERE id = $1""",
                Tuple.of(sessionId, Requests.utc(now)));
    }
}
