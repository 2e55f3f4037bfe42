package app.tandem.messaging;

import app.tandem.platform.Sql;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.UUID;

/** A school's office hours, kept on the school (directory's row, set through its `set_office_hours`). */
final class OfficeHoursStore {
    private OfficeHoursStore() {}

    /** The days' hours as stored, and the time zone they are read in. */
    record Hours(String timeZone, JsonArray days) {}

    static Future<Hours> read(SqlClient sql, UUID schoolId) {
        return sql.preparedQuery("SELECT time_zone, office_hours FROM school_profile WHERE id = $1")
                .execute(Tuple.of(schoolId))
                .map(rows -> {
                    Row r = rows.iterator().next();
                    return new Hours(r.getString("time_zone"), (JsonArray) r.getValue("office_hours"));
                });
    }

    static Future<Void> set(SqlClient sql, UUID schoolId, JsonArray days) {
        return Sql.run(sql, "SELECT set_office_hours($1, $2)", Tuple.of(schoolId, days));
    }
}
