package app.tandem.platform;

import io.vertx.core.Future;
import io.vertx.pgclient.PgException;

/** Turning the database's refusals into answers a person can act on. */
public final class Sql {
  private Sql() {}

  /** A unique constraint said no: the thing already exists. */
  public static <T> Future<T> conflictOnDuplicate(Future<T> work, String detail) {
    return work.recover(ex -> ex instanceof PgException pg && "23505".equals(pg.getSqlState())
        ? Future.failedFuture(Problem.conflict(detail)) : Future.failedFuture(ex));
  }
}
