package app.tandem.identity;

import app.tandem.platform.Answer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * What identity's services hand back, typed: codes to join, pair a pupil's device or finish setting
 * up two-step sign-in. Services make these; the routes turn them into the contract's JSON
 * (`toJson`), so the wire names live here and nowhere in the services.
 */
final class IdentityAnswers {
    private IdentityAnswers() {}

    /** An invitation made: its code, until when, and whether it went by email. */
    record Invitation(UUID id, String code, Instant expiresAt, boolean emailed) implements Answer {
        @Override
        public JsonObject toJson() {
            return new JsonObject()
                    .put("id", id.toString())
                    .put("code", code)
                    .put("expiresAt", expiresAt.toString())
                    .put("emailed", emailed);
        }
    }

    /** One imported parent invited by `inviteImportedParents`. */
    record InvitedParent(
            UUID parentId, String displayName, String email, String code, Instant expiresAt, boolean emailed)
            implements Answer {
        @Override
        public JsonObject toJson() {
            return new JsonObject()
                    .put("parentId", parentId.toString())
                    .put("displayName", displayName)
                    .put("email", email)
                    .put("code", code)
                    .put("expiresAt", expiresAt.toString())
                    .put("emailed", emailed);
        }
    }

    /** The parents invited now, and how many already had a code that still works. */
    record InvitedParents(List<InvitedParent> items, int alreadyInvited) implements Answer {
        @Override
        public JsonObject toJson() {
            JsonArray list = new JsonArray();
            items.forEach(p -> list.add(p.toJson()));
            return new JsonObject().put("items", list).put("alreadyInvited", alreadyInvited);
        }
    }

    /** A code to pair a pupil's device, shown as text and as a QR code. */
    record PairingCode(String code, Instant expiresAt) implements Answer {
        @Override
        public JsonObject toJson() {
            return new JsonObject()
                    .put("code", code)
                    .put("qrPayload", "tandem://pair?code=" + code)
                    .put("expiresAt", expiresAt.toString());
        }
    }

    /** Two-step sign-in begun: the secret for the authenticator app, also as an otpauth:// link. */
    record TotpEnrolment(String secret, String otpauthUri) implements Answer {
        @Override
        public JsonObject toJson() {
            return new JsonObject().put("secret", secret).put("otpauthUri", otpauthUri);
        }
    }

    /** Two-step sign-in set up: the recovery codes, shown once. */
    record RecoveryCodes(List<String> codes) implements Answer {
        @Override
        public JsonObject toJson() {
            return new JsonObject().put("recoveryCodes", new JsonArray(codes));
        }
    }
}
