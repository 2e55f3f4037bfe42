package app.tandem.access;

import app.tandem.platform.Sql;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.UUID;

/** Reads `pupil_relationship`, the one rule of who stands in what relation to a pupil. */
final class RelationshipStore {
    private RelationshipStore() {}

    /** The person's relationship to the pupil in one of these schools, or null when they have none. */
    static Future<Row> find(SqlClient sql, UUID pupilId, UUID personId, UUID[] schoolIds) {
        return sql.preparedQuery(
                        """
            SELECT r.pupil_id, r.school_id, r.class_id, r.relationship, r.roles, r.reads_record, r.responsibility
            FROM pupil_relationship r
            WHERE r.pupil_id = $1 AND r.person_id = $2 AND r.school_id = ANY ($3)""")
                .execute(Tuple.of(pupilId, personId, schoolIds))
                .map(Sql::first);
    }
}
