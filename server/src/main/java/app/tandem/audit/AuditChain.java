package app.tandem.audit;

import io.vertx.sqlclient.Row;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The chain: an event's seal is HMAC-SHA256, under the audit key, of the previous seal and the
 * event's fields in a fixed order. Changing, removing or reordering an event changes every seal
 * after it, and without the key nobody can compute new ones. Outcomes (how each request ended)
 * are chained the same way, in the order they were written.
 */
final class AuditChain {
    static final byte[] GENESIS = new byte[32];

    private final SecretKeySpec key;

    AuditChain(AuditKey key) {
        this.key = new SecretKeySpec(key.bytes(), "HmacSHA256");
    }

    byte[] seal(byte[] previous, Row event) {
        return mac(previous, canonical(event));
    }

    /** An outcome's seal, in the outcomes' own chain: its order, its event, the status and when. */
    byte[] sealOutcome(byte[] previous, Row outcome) {
        return mac(
                previous,
                String.join(
                        "\u001f",
                        String.valueOf(outcome.getLong("oseq")),
                        String.valueOf(outcome.getLong("seq")),
                        String.valueOf(outcome.getInteger("status")),
                        outcome.getOffsetDateTime("at").toInstant().toString()));
    }

    private byte[] mac(byte[] previous, String fields) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            mac.update(previous);
            mac.update(fields.getBytes(StandardCharsets.UTF_8));
            return mac.doFinal();
        } catch (NoSuchAlgorithmException | InvalidKeyException ex) {
            throw new IllegalStateException("HmacSHA256 with a 32-byte key", ex);
        }
    }

    /** The event's fields, each separated by a unit separator; nulls written as an empty field. */
    static String canonical(Row e) {
        String roles = Arrays.stream(e.getArrayOfStrings("actor_roles")).collect(Collectors.joining(","));
        return String.join(
                "\u001f",
                String.valueOf(e.getLong("seq")),
                e.getOffsetDateTime("at").toInstant().toString(),
                String.valueOf(e.getUUID("school_id")),
                String.valueOf(e.getUUID("actor_id")),
                e.getString("actor_kind"),
                roles,
                String.valueOf(e.getUUID("on_behalf_of")),
                e.getString("operation"),
                e.getString("action"),
                e.getString("subject_kind"),
                String.valueOf(e.getUUID("subject_id")),
                String.valueOf(e.getUUID("pupil_id")),
                e.getString("request_id"),
                e.getString("address"));
    }

    static String hex(byte[] hash) {
        return HexFormat.of().formatHex(hash);
    }
}
