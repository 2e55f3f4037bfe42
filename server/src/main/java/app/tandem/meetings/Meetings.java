package app.tandem.meetings;

import app.tandem.access.Access;
import app.tandem.platform.Operation;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.util.Map;

/** Review meetings and the EHC annual review, wired. */
public final class Meetings {
  private final MeetingRoutes routes;

  public Meetings(Vertx vertx, Pool pool, Access access, Clock clock) {
    this.routes = new MeetingRoutes(new MeetingService(vertx, pool, access, clock), new RoundService(pool, access, clock),
        new AnnualReviews(pool, access, clock));
  }

  public Map<String, Operation> operations() {
    return routes.operations();
  }

  /** A meeting built as JSON by PostgreSQL, its timestamps in UTC with a `Z` as the API speaks. */
  static JsonObject utc(Object value) {
    return app.tandem.platform.Json.utcTimes(value instanceof JsonObject j ? j : new JsonObject(String.valueOf(value)));
  }
}
