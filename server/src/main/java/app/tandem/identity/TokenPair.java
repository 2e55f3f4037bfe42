package app.tandem.identity;

import app.tandem.platform.Answer;
import io.vertx.core.json.JsonObject;

/** What a sign-in returns: a short-lived access token and the refresh token that renews it. */
record TokenPair(String accessToken, String refreshToken, long expiresInSeconds) implements Answer {
    @Override
    public JsonObject toJson() {
        return new JsonObject()
                .put("accessToken", accessToken)
                .put("refreshToken", refreshToken)
                .put("expiresIn", expiresInSeconds)
                .put("tokenType", "Bearer");
    }
}
