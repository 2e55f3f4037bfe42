package app.tandem.push;

import com.google.firebase.messaging.FirebaseMessagingException;
import com.google.firebase.messaging.MessagingErrorCode;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What a send FCM did not accept means for its row. Only a definite answer from FCM is final: the
 * phone is gone (forget its token), or Tandem's own configuration is wrong (give up and say so).
 * Anything else, a dropped connection, a timeout, an unreadable answer, 429 or a 5xx, may not
 * have reached the phone, so the row is tried again.
 */
record SendFailure(Kind kind, String reason, Duration retryAfter) {
    enum Kind {
        RETRY,
        FORGET_TOKEN,
        MISCONFIGURED
    }

    static SendFailure of(FirebaseMessagingException ex) {
        MessagingErrorCode code = ex.getMessagingErrorCode();
        if (code == MessagingErrorCode.UNREGISTERED || code == MessagingErrorCode.INVALID_ARGUMENT) {
            return new SendFailure(Kind.FORGET_TOKEN, code.name(), Duration.ZERO);
        }
        if (code == MessagingErrorCode.SENDER_ID_MISMATCH || code == MessagingErrorCode.THIRD_PARTY_AUTH_ERROR) {
            return new SendFailure(Kind.MISCONFIGURED, code.name(), Duration.ZERO);
        }
        String reason = code != null ? code.name() : ex.getErrorCode().name();
        if (ex.getCause() != null) reason += " (" + ex.getCause().getClass().getSimpleName() + ")";
        return new SendFailure(Kind.RETRY, reason, retryAfter(ex));
    }

    /** The whole batch failed before FCM answered for any message in it. */
    static SendFailure ofBatch(Throwable failure) {
        return new SendFailure(Kind.RETRY, "batch failed: " + failure.getClass().getSimpleName(), Duration.ZERO);
    }

    private static Duration retryAfter(FirebaseMessagingException ex) {
        if (ex.getHttpResponse() == null) return Duration.ZERO;
        for (Map.Entry<String, Object> header :
                ex.getHttpResponse().getHeaders().entrySet()) {
            if (!header.getKey().equalsIgnoreCase("retry-after")) continue;
            Object value =
                    header.getValue() instanceof List<?> list && !list.isEmpty() ? list.get(0) : header.getValue();
            try {
                return Duration.ofSeconds(
                        Math.max(0, Long.parseLong(String.valueOf(value).trim())));
            } catch (NumberFormatException notSeconds) {
                return Duration.ZERO;
            }
        }
        return Duration.ZERO;
    }
}
