package app.tandem.platform;

import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Function;

/**
 * The handler of one contract operation. It ends the response itself; its future fails with a
 * {@link Problem} (or anything else, which becomes a 500) when it cannot.
 */
@FunctionalInterface
public interface Operation extends Function<RoutingContext, Future<Void>> {}
