package app.tandem.platform;

import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.function.Function;

/**
 * The handler of one contract operation. It ends the response itself; its future fails with a
 * {@link Problem} (or anything else, which becomes a 500) when it cannot. The usual answers have
 * their own shapes, each named by its operationId for a capability's table: {@link #ok},
 * {@link #created} and {@link #noContent}.
 */
@FunctionalInterface
public interface Operation extends Function<RoutingContext, Future<Void>> {
    /** Answers 200 with what the handler gives, turned into JSON here. */
    static Map.Entry<String, Operation> ok(String operationId, Function<Call, Future<? extends Answer>> handler) {
        return Map.entry(operationId, ctx -> handler.apply(new Call(ctx)).compose(answer -> Json.ok(ctx, answer)));
    }

    /** Answers 201 with what was made, turned into JSON here. */
    static Map.Entry<String, Operation> created(String operationId, Function<Call, Future<? extends Answer>> handler) {
        return Map.entry(operationId, ctx -> handler.apply(new Call(ctx)).compose(answer -> Json.created(ctx, answer)));
    }

    /** Answers 204 once the handler is done. */
    static Map.Entry<String, Operation> noContent(String operationId, Function<Call, Future<?>> handler) {
        return Map.entry(operationId, ctx -> handler.apply(new Call(ctx)).compose(done -> Json.noContent(ctx)));
    }

    /** An operation that writes its own answer (a file, a page, a status of its choosing). */
    static Map.Entry<String, Operation> answers(String operationId, Operation handler) {
        return Map.entry(operationId, handler);
    }
}
