package app.tandem.identity;

import app.tandem.platform.Answer;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * What identity's services hand back, typed: codes to join, pair a pupil's device or finish setting
 * up two-step sign-in. Each is its JSON, field by field, so the wire names live here and nowhere in
 * the services.
 */
final class IdentityAnswers {
    private IdentityAnswers() {}

    /** An invitation made: its code, until when, and whether it went by email. */
    record Invitation(UUID id, String code, Instant expiresAt, boolean emailed) implements Answer {}

    /** One imported parent invited by `inviteImportedParents`. */
    record InvitedParent(
            UUID parentId, String displayName, String email, String code, Instant expiresAt, boolean emailed)
            implements Answer {}

    /** The parents invited now, and how many already had a code that still works. */
    record InvitedParents(List<InvitedParent> items, int alreadyInvited) implements Answer {}

    /** A code to pair a pupil's device, shown as text and as a QR code. */
    record PairingCode(String code, Instant expiresAt) implements Answer {
        @JsonProperty
        String qrPayload() {
            return "tandem://pair?code=" + code;
        }
    }

    /** Two-step sign-in begun: the secret for the authenticator app, also as an otpauth:// link. */
    record TotpEnrolment(String secret, String otpauthUri) implements Answer {}

    /** Two-step sign-in set up: the recovery codes, shown once. */
    record RecoveryCodes(List<String> recoveryCodes) implements Answer {}
}
