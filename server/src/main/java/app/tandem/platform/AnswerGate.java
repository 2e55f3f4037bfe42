package app.tandem.platform;

import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Supplier;

/**
 * Holds a request's answer until something it depends on has happened. A read of special category
 * data runs while its audit event is being written, and its answer (data or error) leaves only once
 * the event is durable; if the event cannot be written, the answer is a 503 instead. Every answer
 * an audited operation can give goes through here: {@link Json}, {@link Downloads} and
 * {@link ProblemResponder}.
 */
public final class AnswerGate {
    private static final String KEY = "tandem.answerGate";

    private AnswerGate() {}

    /** Answers to this request wait for {@code gate}; a failed gate turns the answer into a 503. */
    public static void hold(RoutingContext ctx, Future<?> gate) {
        ctx.put(KEY, gate);
    }

    /** The gate this request's answer still waits for, or null when it may go now. */
    static Future<?> pending(RoutingContext ctx) {
        Future<?> gate = ctx.get(KEY);
        return gate == null || gate.isComplete() && gate.succeeded() ? null : gate;
    }

    /** Sends the answer once the gate is open; fails the request (503) if the gate failed. */
    public static Future<Void> release(RoutingContext ctx, Supplier<Future<Void>> answer) {
        Future<?> gate = pending(ctx);
        if (gate == null) return answer.get();
        return gate.transform(held -> held.succeeded() ? answer.get() : Future.failedFuture(unavailable()));
    }

    /** The answer to a request whose audit event could not be written. */
    public static Problem unavailable() {
        return new Problem(ProblemType.UNAVAILABLE, "This cannot be done just now; try again shortly.");
    }
}
