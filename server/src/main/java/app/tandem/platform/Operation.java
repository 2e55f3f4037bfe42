package app.tandem.platform;

import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Function;

/**
 * The handler of one contract operation. It ends the response itself; its future fails with a
 * {@link Problem} (or anything else, which becomes a 500) when it cannot. The usual answers have
 * their own shapes: {@link #ok}, {@link #created} and {@link #noContent}.
 */
@FunctionalInterface
public interface Operation extends Function<RoutingContext, Future<Void>> {
    /** Answers 200 with what the handler gives, turned into JSON here. */
    static Operation ok(Function<RoutingContext, Future<? extends Answer>> handler) {
        return ctx -> handler.apply(ctx).compose(answer -> Json.ok(ctx, answer));
    }

    /** Answers 201 with what was made, turned into JSON here. */
    static Operation created(Function<RoutingContext, Future<? extends Answer>> handler) {
        return ctx -> handler.apply(ctx).compose(answer -> Json.created(ctx, answer));
    }

    /** Answers 204 once the handler is done. */
    static Operation noContent(Function<RoutingContext, Future<?>> handler) {
        return ctx -> handler.apply(ctx).compose(done -> Json.noContent(ctx));
    }
}
