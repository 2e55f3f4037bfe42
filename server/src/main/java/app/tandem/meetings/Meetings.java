package app.tandem.meetings;

import app.tandem.access.Access;
import app.tandem.platform.Operation;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.OffsetDateTime;
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
    JsonObject json = value instanceof JsonObject j ? j : new JsonObject(String.valueOf(value));
    for (String key : new String[] {"startsAt", "endsAt", "recordedAt"}) {
      if (json.getString(key) != null) json.put(key, OffsetDateTime.parse(json.getString(key)).toInstant().toString());
    }
    return json;
  }
}
