package app.tandem.platform;

/** The kinds of problem a client can get; the `type` URIs are stable, clients switch on them. */
public enum ProblemType {
    VALIDATION(400, "validation", "The request is not valid"),
    MALFORMED_JSON(400, "malformed-json", "The request body is not valid JSON"),
    UNAUTHORIZED(401, "unauthorized", "Sign in to do this"),
    MFA_REQUIRED(401, "mfa-required", "A code from your authenticator app is needed"),
    /** A shared link's access code was wrong: said to its recipient, who has no account to sign in to. */
    ACCESS_CODE(401, "unauthorized", "The access code is not right"),
    FORBIDDEN(403, "forbidden", "You may not do this"),
    NOT_FOUND(404, "not-found", "Not found"),
    METHOD_NOT_ALLOWED(405, "method-not-allowed", "This method is not allowed here"),
    NOT_ACCEPTABLE(406, "not-acceptable", "The requested representation is not available"),
    CONFLICT(409, "conflict", "This conflicts with the current state"),
    GONE(410, "gone", "This link no longer works"),
    PAYLOAD_TOO_LARGE(413, "payload-too-large", "The request body is too large"),
    URI_TOO_LONG(414, "uri-too-long", "The address is too long"),
    UNSUPPORTED_MEDIA_TYPE(415, "unsupported-media-type", "The request body's media type is not supported"),
    TOO_MANY_REQUESTS(429, "too-many-requests", "Too many requests; try again later"),
    HEADERS_TOO_LARGE(431, "headers-too-large", "The request's headers are too large"),
    BAD_REQUEST(400, "bad-request", "The request could not be read"),
    INTERNAL(500, "internal", "Something went wrong on our side"),
    UNAVAILABLE(503, "unavailable", "The service is not available just now");

    public final int status;
    public final String uri;
    public final String title;

    ProblemType(int status, String slug, String title) {
        this.status = status;
        this.uri = "urn:tandem:problem:" + slug;
        this.title = title;
    }

    /** The type a bare HTTP status stands for, when a failure carries no problem of its own. */
    public static ProblemType forStatus(int status) {
        for (ProblemType t : values()) {
            if (t.status == status && t != MALFORMED_JSON && t != MFA_REQUIRED && t != ACCESS_CODE && t != BAD_REQUEST)
                return t;
        }
        return status >= 500 ? INTERNAL : VALIDATION;
    }
}
