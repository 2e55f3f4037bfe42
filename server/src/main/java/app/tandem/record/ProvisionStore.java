package app.tandem.record;

import app.tandem.platform.Requests;
import app.tandem.platform.Sql;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** Provision (the support in place), the outcomes it serves and the log of its sessions, in PostgreSQL. */
final class ProvisionStore {
    private static final String PROVISION_JSON =
            """
      json_strip_nulls(json_build_object('id', v.id, 'name', v.name, 'description', v.description,
        'pupilDescription', v.pupil_description, 'frequency', v.frequency, 'deliveredBy', v.delivered_by,
        'startsOn', v.starts_on, 'endsOn', v.ends_on, 'sessionsPerWeek', v.sessions_per_week,
        'sessionsPlanned', provision_planned(v.starts_on, v.ends_on, v.sessions_per_week, v.sessions_planned, $%d),
        'sessionsDelivered', v.sessions_delivered,
        'outcomeIds', (SELECT coalesce(json_agg(po.outcome_id ORDER BY po.outcome_id), '[]'::json)
                       FROM provision_outcome po WHERE po.provision_id = v.id))) AS provision""";

    /** New support: what it is, for the family and for the pupil, how often, by whom, and when. */
    record NewProvision(
            String name,
            String description,
            String pupilDescription,
            String frequency,
            String deliveredBy,
            LocalDate startsOn,
            LocalDate endsOn,
            List<UUID> outcomeIds,
            Double sessionsPerWeek) {}

    /** One session of support, held or missed. */
    record Session(LocalDate heldOn, boolean delivered, String note) {}

    /** The pupil's support, planned sessions counted up to `today`. */
    Future<JsonArray> provision(SqlClient sql, UUID pupilId, LocalDate today) {
        return Sql.jsonList(
                sql,
                "SELECT " + PROVISION_JSON.formatted(2)
                        + " FROM provision v WHERE v.pupil_id = $1 ORDER BY v.starts_on DESC, v.created_at",
                Tuple.of(pupilId, today));
    }

    Future<JsonObject> one(SqlClient sql, UUID pupilId, UUID provisionId, LocalDate today) {
        return Sql.jsonOne(
                sql,
                "SELECT " + PROVISION_JSON.formatted(3) + " FROM provision v WHERE v.pupil_id = $1 AND v.id = $2",
                Tuple.of(pupilId, provisionId, today));
    }

    Future<UUID> insert(SqlClient tx, UUID schoolId, UUID pupilId, NewProvision p, UUID by, Instant now) {
        return tx.preparedQuery(
                        """
            INSERT INTO provision (school_id, pupil_id, name, description, pupil_description, frequency, delivered_by, starts_on, ends_on,
                                   created_by, created_at, sessions_per_week)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12::numeric) RETURNING id""")
                .execute(Tuple.from(new Object[] {
                    schoolId,
                    pupilId,
                    p.name(),
                    p.description(),
                    p.pupilDescription(),
                    p.frequency(),
                    p.deliveredBy(),
                    p.startsOn(),
                    p.endsOn(),
                    by,
                    Requests.utc(now),
                    p.sessionsPerWeek()
                }))
                .map(Sql::id)
                .compose(id -> tx.preparedQuery(
                                "INSERT INTO provision_outcome (provision_id, outcome_id) SELECT $1, unnest($2::uuid[])")
                        .execute(Tuple.tuple()
                                .addUUID(id)
                                .addArrayOfUUID(p.outcomeIds().toArray(UUID[]::new)))
                        .map(id));
    }

    /** How many of these ids are support of the pupil. */
    Future<Integer> countOwned(SqlClient sql, UUID pupilId, List<UUID> ids) {
        return sql.preparedQuery("SELECT count(*) FROM provision WHERE id = ANY($1) AND pupil_id = $2")
                .execute(Tuple.tuple().addArrayOfUUID(ids.toArray(UUID[]::new)).addUUID(pupilId))
                .map(rows -> rows.iterator().next().getInteger(0));
    }

    /** Counts one more session (delivered or not); the support's start date, or null when it is not the pupil's. */
    Future<LocalDate> countSession(SqlClient tx, UUID pupilId, UUID provisionId, boolean delivered) {
        return tx.preparedQuery(
                        """
            UPDATE provision SET sessions_planned = sessions_planned + 1, sessions_delivered = sessions_delivered + $3::int
            WHERE id = $1 AND pupil_id = $2 RETURNING starts_on""")
                .execute(Tuple.of(provisionId, pupilId, delivered ? 1 : 0))
                .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getLocalDate("starts_on"));
    }

    /** Logs the session; null when one is already logged that day. */
    Future<UUID> insertSession(SqlClient tx, UUID provisionId, Session s, UUID by, Instant now) {
        return tx.preparedQuery(
                        """
            INSERT INTO provision_session (provision_id, held_on, delivered, note, recorded_by, created_at)
            VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (provision_id, held_on) DO NOTHING RETURNING id""")
                .execute(Tuple.from(
                        new Object[] {provisionId, s.heldOn(), s.delivered(), s.note(), by, Requests.utc(now)}))
                .map(rows -> rows.size() == 0 ? null : Sql.id(rows));
    }
}
