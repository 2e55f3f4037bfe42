package app.tandem.identity;

import io.vertx.core.json.JsonObject;

/** What a sign-in returns: a short-lived access token and the refresh token that renews it. */
record TokenPair(String accessToken, String refreshToken, long expiresInSeconds) {
    JsonObject toJson() {
        return new JsonObject()
                .put("accessToken", accessToken)
                .put("refreshToken", refreshToken)
                .put("expiresIn", expiresInSeconds)
                .put("tokenType", "Bearer");
    }
}
