package app.tandem.platform;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import io.vertx.openapi.validation.ValidatorException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place failures become responses: every error a client sees is RFC 9457 problem+json. The
 * cause of an unexpected failure is logged with the request id and never sent to the client.
 */
public final class ProblemResponder implements Handler<RoutingContext> {
    private static final Logger log = LoggerFactory.getLogger(ProblemResponder.class);
    public static final String CONTENT_TYPE = "application/problem+json";

    private final ContractSchemas schemas;

    /** @param schemas what the contract allows, to say it in validation messages */
    public ProblemResponder(ContractSchemas schemas) {
        this.schemas = schemas;
    }

    @Override
    public void handle(RoutingContext ctx) {
        if (ctx.response().ended() || ctx.response().closed()) return;
        // An error is an answer too: it waits for the request's audit event like any other.
        Future<?> gate = AnswerGate.pending(ctx);
        if (gate != null && !gate.isComplete()) {
            gate.onComplete(held -> handle(ctx));
            return;
        }
        Problem problem = gate != null ? AnswerGate.unavailable() : toProblem(ctx);
        if (problem.type == ProblemType.INTERNAL) {
            log.atError()
                    .addKeyValue("requestId", RequestLog.requestId(ctx))
                    .setCause(ctx.failure())
                    .log(
                            "request failed: {} {}",
                            ctx.request().method(),
                            ctx.request().path());
        }
        JsonObject body = new JsonObject()
                .put("type", problem.type.uri)
                .put("title", problem.type.title)
                .put("status", problem.type.status)
                .put("instance", ctx.request().path());
        if (problem.detail != null) body.put("detail", problem.detail);
        String requestId = RequestLog.requestId(ctx);
        if (requestId != null) body.put("requestId", requestId);
        if (!problem.errors.isEmpty()) {
            JsonArray errors = new JsonArray();
            problem.errors.forEach(e -> errors.add(e.toJson()));
            body.put("errors", errors);
        }
        var response = ctx.response().setStatusCode(problem.type.status).putHeader("Content-Type", CONTENT_TYPE);
        problem.headers.forEach(response::putHeader);
        response.end(body.encode());
    }

    /**
     * Answers a request that never reached a router because HTTP itself could not read it (a request
     * line or headers too long, a malformed request line), as problem+json like every other error.
     */
    public static void invalidRequest(HttpServerRequest request) {
        Throwable cause = request.decoderResult().cause();
        ProblemType type = cause instanceof io.netty.handler.codec.TooLongFrameException tooLong
                ? (String.valueOf(tooLong.getMessage())
                                .toLowerCase(java.util.Locale.ROOT)
                                .contains("header")
                        ? ProblemType.HEADERS_TOO_LARGE
                        : ProblemType.URI_TOO_LONG)
                : ProblemType.BAD_REQUEST;
        JsonObject body =
                new JsonObject().put("type", type.uri).put("title", type.title).put("status", type.status);
        request.response()
                .setStatusCode(type.status)
                .putHeader("Content-Type", CONTENT_TYPE)
                .putHeader("Connection", "close")
                .end(body.encode())
                .onComplete(done -> request.connection().close());
    }

    private Problem toProblem(RoutingContext ctx) {
        Throwable failure = ctx.failure();
        if (failure instanceof Problem p) return p;
        if (failure instanceof ValidatorException v)
            return RequestValidationProblems.from(v, schemas, operationId(ctx));
        // The contract router reports validation failures as a 400 HttpException around the validator's.
        if (failure instanceof HttpException http && http.getCause() instanceof ValidatorException v) {
            return RequestValidationProblems.from(v, schemas, operationId(ctx));
        }
        if (failure instanceof DecodeException) {
            return new Problem(ProblemType.MALFORMED_JSON, "The request body could not be read as JSON.");
        }
        int status = ctx.statusCode();
        if (failure instanceof HttpException http) status = http.getStatusCode();
        if (failure != null && status < 400) status = 500;
        if (status == 413) {
            return new Problem(ProblemType.PAYLOAD_TOO_LARGE, "The request body is larger than this server accepts.");
        }
        if (status == 404) return new Problem(ProblemType.NOT_FOUND, "There is nothing at this address.");
        if (status == 405)
            return new Problem(
                    ProblemType.METHOD_NOT_ALLOWED,
                    "This address does not take " + ctx.request().method() + ".");
        ProblemType type = ProblemType.forStatus(status);
        return new Problem(type, null);
    }

    /** The contract operation the failing request was routed to, when it reached one. */
    private static String operationId(RoutingContext ctx) {
        Object operation = ctx.currentRoute() == null
                ? null
                : ctx.currentRoute().getMetadata(io.vertx.ext.web.openapi.router.RouterBuilder.KEY_META_DATA_OPERATION);
        return operation instanceof io.vertx.openapi.contract.Operation op ? op.getOperationId() : null;
    }
}
