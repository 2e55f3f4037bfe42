package app.tandem.platform;

import java.util.List;
import java.util.Map;

/**
 * A failure meant for the client, turned into RFC 9457 problem+json by {@link ProblemResponder}.
 * Its detail is written for the person using the app: never SQL, stack traces or internal ids.
 */
public final class Problem extends RuntimeException {
    public final ProblemType type;
    public final String detail;
    public final List<FieldError> errors;
    public final Map<String, String> headers;

    public Problem(ProblemType type, String detail, List<FieldError> errors, Map<String, String> headers) {
        super(type.uri + (detail == null ? "" : ": " + detail), null, false, false);
        this.type = type;
        this.detail = detail;
        this.errors = List.copyOf(errors);
        this.headers = Map.copyOf(headers);
    }

    public Problem(ProblemType type, String detail) {
        this(type, detail, List.of(), Map.of());
    }

    public static Problem notFound() {
        return new Problem(ProblemType.NOT_FOUND, null);
    }

    public static Problem invalid(String field, String message) {
        return new Problem(ProblemType.VALIDATION, message, List.of(new FieldError(field, message)), Map.of());
    }

    public static Problem invalid(List<FieldError> errors) {
        return new Problem(ProblemType.VALIDATION, "Some fields are not valid", errors, Map.of());
    }

    public static Problem forbidden(String detail) {
        return new Problem(ProblemType.FORBIDDEN, detail);
    }

    public static Problem conflict(String detail) {
        return new Problem(ProblemType.CONFLICT, detail);
    }

    public static Problem tooManyRequests(long retryAfterSeconds) {
        return new Problem(
                ProblemType.TOO_MANY_REQUESTS,
                "Too many attempts. Try again in a little while.",
                List.of(),
                Map.of("Retry-After", Long.toString(Math.max(1, retryAfterSeconds))));
    }
}
