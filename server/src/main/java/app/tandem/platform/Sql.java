package app.tandem.platform;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.UUID;

/** Small pieces every store uses: JSON built by a query, new ids, and the database's refusals as answers. */
public final class Sql {
    private Sql() {}

    /** Each row's JSON, its first column, as the API speaks it (see {@link Json#object}). */
    public static Future<JsonArray> jsonList(SqlClient sql, String query, Tuple args) {
        return sql.preparedQuery(query).execute(args).map(rows -> {
            JsonArray items = new JsonArray();
            for (Row r : rows) items.add(Json.object(r.getValue(0)));
            return items;
        });
    }

    /** The first row's JSON, its first column, or null when there is no row. */
    public static Future<JsonObject> jsonOne(SqlClient sql, String query, Tuple args) {
        return sql.preparedQuery(query)
                .execute(args)
                .map(rows -> rows.size() == 0
                        ? null
                        : Json.object(rows.iterator().next().getValue(0)));
    }

    /** Each row, as a record. */
    public static <T> java.util.List<T> list(RowSet<Row> rows, java.util.function.Function<Row, T> each) {
        java.util.List<T> items = new java.util.ArrayList<>(rows.size());
        for (Row r : rows) items.add(each.apply(r));
        return items;
    }

    /**
     * Claims up to $2 due rows of an outbox no live lease holds, leased until $3 (another replica
     * takes them over after), counting the attempt: the one way the mail and push outboxes are
     * worked by several replicas at once. `alsoSet` adds assignments (from $4 on); `returning`
     * names the columns after `o.id`.
     */
    public static String claimDue(String outbox, String alsoSet, String returning) {
        return """
            WITH due AS (
              SELECT id FROM %1$s
              WHERE sent_at IS NULL AND given_up_at IS NULL AND due_at <= $1 AND (lease_until IS NULL OR lease_until < $1)
              ORDER BY due_at LIMIT $2 FOR UPDATE SKIP LOCKED)
            UPDATE %1$s o SET lease_until = $3, attempts = o.attempts + 1%2$s
            FROM due WHERE o.id = due.id
            RETURNING o.id, %3$s"""
                .formatted(outbox, alsoSet.isEmpty() ? "" : ", " + alsoSet, returning);
    }

    /** The `id` an INSERT ... RETURNING id gave back. */
    /** A `timestamptz` column as an instant; null stays null. */
    public static java.time.Instant instant(java.time.OffsetDateTime at) {
        return at == null ? null : at.toInstant();
    }

    public static UUID id(RowSet<Row> rows) {
        return rows.iterator().next().getUUID("id");
    }

    /** Runs a statement whose rows nobody reads. */
    public static Future<Void> run(SqlClient sql, String statement, Tuple args) {
        return sql.preparedQuery(statement).execute(args).mapEmpty();
    }

    /** Whether the query finds any row. */
    public static Future<Boolean> exists(SqlClient sql, String query, Tuple args) {
        return sql.preparedQuery(query).execute(args).map(rows -> rows.size() > 0);
    }

    /** The first row, or null when there is none. */
    /** The first row as a record; null when there is none. */
    public static <T> T one(RowSet<Row> rows, java.util.function.Function<Row, T> each) {
        return rows.size() == 0 ? null : each.apply(rows.iterator().next());
    }

    public static Row first(RowSet<Row> rows) {
        return rows.size() == 0 ? null : rows.iterator().next();
    }

    /** A unique constraint said no: the thing already exists. */
    public static <T> Future<T> conflictOnDuplicate(Future<T> work, String detail) {
        return work.recover(ex -> ex instanceof PgException pg && "23505".equals(pg.getSqlState())
                ? Future.failedFuture(Problem.conflict(detail))
                : Future.failedFuture(ex));
    }
}
