package app.tandem.identity;

import app.tandem.platform.Answer;
import com.fasterxml.jackson.annotation.JsonProperty;

/** What a sign-in returns: a short-lived access token and the refresh token that renews it. */
record TokenPair(String accessToken, String refreshToken, @JsonProperty("expiresIn") long expiresInSeconds)
        implements Answer {
    @JsonProperty
    String tokenType() {
        return "Bearer";
    }
}
