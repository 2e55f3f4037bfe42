package app.tandem.documents;

import app.tandem.access.Access;
import app.tandem.mail.MailOutbox;
import app.tandem.platform.Answer;
import app.tandem.platform.Caller;
import app.tandem.platform.Caller.Role;
import app.tandem.platform.Problem;
import app.tandem.platform.ProblemType;
import app.tandem.platform.SchoolTime;
import app.tandem.platform.SqlJson;
import app.tandem.push.Outbox;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The school's side of sharing chosen document versions with someone outside the school: only on a
 * live consent that covers the purpose, the recipient and every kind, or on a recorded statutory
 * basis. The link and its access code travel in two emails (or are handed to the SENCO to pass on);
 * only their hashes are kept. The recipient's side is {@link SharedLinks}.
 */
record Shares(
        Pool pool,
        Access access,
        ShareStore store,
        ConsentStore consents,
        java.util.function.BiFunction<Caller, UUID, Future<Void>> follower,
        boolean emailOn,
        URI publicUrl,
        Clock clock) {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] CODE_LETTERS = "ABCDEFGHJKMNPQRSTUVWXYZ23456789".toCharArray();

    Future<Made> create(Caller caller, UUID pupilId, ShareStore.Request body) {
        String basis = body.statutoryBasis();
        String reference = body.basisReference();
        boolean tell = body.parentsMayBeTold();
        if (basis != null && body.consentId() != null)
            throw Problem.invalid("body.statutoryBasis", "Share on a consent or on a statutory basis, not both.");
        if ((basis == null) != (reference == null))
            throw Problem.invalid(
                    "body.basisReference", "goes with a statutory basis, and a statutory basis needs one.");
        if (basis == null && !tell)
            throw Problem.invalid(
                    "body.parentsMayBeTold", "A share resting on the family's consent is always shown to them.");
        List<UUID> versions = body.versionIds();
        Instant now = clock.instant();
        return access.require(caller, pupilId, Access.Action.MANAGE_DOCUMENTS)
                .compose(p -> store.kindsOfPupilsVersions(pool, pupilId, versions))
                .compose(kinds -> {
                    if (kinds == null)
                        return Future.failedFuture(
                                Problem.invalid("body.versionIds", "includes a version that is not this pupil's."));
                    return basis != null
                            ? Future.succeededFuture((UUID) null)
                            : coveringConsent(pupilId, body, kinds, now);
                })
                .compose(consentId -> {
                    String token = SharedLinks.random(32);
                    String code = code();
                    Instant expires = now.plus(Duration.ofDays(body.expiresInDays()));
                    ShareStore.NewShare share = new ShareStore.NewShare(
                            caller.schoolId(),
                            pupilId,
                            consentId,
                            basis,
                            reference,
                            tell,
                            body,
                            versions,
                            SharedLinks.tokenHash(token),
                            SharedLinks.codeHash(token, code),
                            expires,
                            caller.subject());
                    String email = body.recipientEmail();
                    boolean emailed = emailOn && email != null;
                    return pool.withTransaction(tx -> store.insert(tx, share, now)
                                    .compose(id -> body.acceptsAdvice()
                                            ? store.adviceRequested(tx, pupilId, now)
                                                    .map(id)
                                            : Future.succeededFuture(id))
                                    .compose(id -> (emailed
                                                    ? email(tx, caller.schoolId(), body, token, code, expires)
                                                    : Future.succeededFuture())
                                            .compose(v -> tell
                                                    ? Outbox.toParentsNow(
                                                            tx,
                                                            caller.schoolId(),
                                                            Outbox.Notification.of("document-shared", id, "document"),
                                                            Access.Action.READ_DOCUMENTS,
                                                            pupilId,
                                                            now)
                                                    : Future.succeededFuture(0))
                                            .map(id)))
                            .compose(id -> store.one(pool, id, now))
                            .map(made -> new Made(made, emailed ? null : link(token), emailed ? null : code));
                });
    }

    /**
     * A share made: emailed to the recipient, or (email off) its link and code for the SENCO to pass
     * on by hand, shown once.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Made(JsonObject share, String link, String code) implements Answer {
        @JsonProperty
        String delivery() {
            return link == null ? "emailed" : "pass-on";
        }
    }

    /**
     * A share on a statutory basis that another capability makes inside its own transaction (the
     * annual review's circulation), emailed to the recipient as any share is when email is on. The
     * family may be told of it. Its id.
     */
    Future<UUID> onStatute(
            SqlClient tx, UUID schoolId, UUID pupilId, ShareStore.Request recipient, UUID by, Instant now) {
        String token = SharedLinks.random(32);
        String code = code();
        Instant expires = now.plus(Duration.ofDays(recipient.expiresInDays()));
        ShareStore.NewShare share = new ShareStore.NewShare(
                schoolId,
                pupilId,
                null,
                recipient.statutoryBasis(),
                recipient.basisReference(),
                true,
                recipient,
                recipient.versionIds(),
                SharedLinks.tokenHash(token),
                SharedLinks.codeHash(token, code),
                expires,
                by);
        return store.insert(tx, share, now).compose(id -> (emailOn && recipient.recipientEmail() != null
                        ? email(tx, schoolId, recipient, token, code, expires)
                        : Future.<Void>succeededFuture())
                .map(id));
    }

    /** The consent named, or the newest live one, that covers this purpose, recipient and every kind; 409 naming what is missing. */
    private Future<UUID> coveringConsent(UUID pupilId, ShareStore.Request body, List<String> kinds, Instant now) {
        String purpose = body.purpose();
        String organisation = body.recipientOrganisation();
        String name = body.recipientName();
        if (body.consentId() != null) {
            return consents.live(pool, body.consentId(), pupilId, now).compose(c -> {
                if (c == null) return conflict("That consent is withdrawn, expired, or not this pupil's.");
                String missing = missing(c, purpose, organisation, name, kinds);
                return missing == null
                        ? Future.succeededFuture(c.getUUID("id"))
                        : conflict("The consent does not cover " + missing + ".");
            });
        }
        return consents.liveFor(pool, pupilId, purpose, organisation, now).compose(rows -> {
            String nearest = null;
            for (Row c : rows) {
                String missing = missing(c, purpose, organisation, name, kinds);
                if (missing == null) return Future.succeededFuture(c.getUUID("id"));
                if (nearest == null) nearest = missing;
            }
            return conflict(
                    nearest != null
                            ? "The family's consent for " + organisation + " does not cover " + nearest
                                    + ". Ask the parents for consent, or record a statutory basis."
                            : "No live consent covers sharing " + String.join(", ", Set.copyOf(kinds)) + " with "
                                    + name + " (" + organisation + ") for " + purpose
                                    + ". Ask the parents for consent, or record a statutory basis.");
        });
    }

    /** What the consent does not cover, in words; null when it covers everything. */
    private static String missing(Row c, String purpose, String organisation, String name, List<String> kinds) {
        if (!c.getString("purpose").equals(purpose))
            return "the purpose " + purpose + " (it is for " + c.getString("purpose") + ")";
        if (!c.getString("recipient_organisation").equalsIgnoreCase(organisation))
            return organisation + " (it names " + c.getString("recipient_organisation") + ")";
        if (c.getString("recipient_name") != null
                && !c.getString("recipient_name").equalsIgnoreCase(name))
            return name + " (it names " + c.getString("recipient_name") + ")";
        List<String> covered = List.of(c.getArrayOfStrings("document_kinds"));
        List<String> uncovered =
                kinds.stream().filter(k -> !covered.contains(k)).distinct().toList();
        return uncovered.isEmpty() ? null : "these kinds of document: " + String.join(", ", uncovered);
    }

    /**
     * Two emails: the link, then (a minute later, so it arrives second) the code, which says which
     * link it opens by the school and the day it was shared. Nothing about the pupil in either.
     */
    private Future<Void> email(
            SqlClient tx, UUID schoolId, ShareStore.Request body, String token, String code, Instant expires) {
        Instant now = clock.instant();
        return ShareStore.school(tx, schoolId).compose(row -> {
            String school = row.getString("name");
            ZoneId zone = ZoneId.of(row.getString("time_zone"));
            String sharedOn = SchoolTime.day(now.atZone(zone));
            String to = body.recipientEmail();
            String linkBody = "Hello " + body.recipientName() + ",\n\n" + school
                    + " has shared documents with you. To read them, open this link and enter the access"
                    + " code we send you in a separate email:\n\n" + link(token)
                    + "\n\nThe link works until " + SchoolTime.when(expires, zone) + " and for "
                    + body.maxDownloads() + " downloads."
                    + (body.acceptsAdvice()
                            ? " You can send your advice back to the school through the same link."
                            : "")
                    + "\n\nPlease do not forward this email. If you were not expecting it, you can ignore it.\n";
            String codeBody = "Hello " + body.recipientName() + ",\n\n"
                    + "This is the access code for the documents shared with you by " + school + " on "
                    + sharedOn + ":\n\n" + code
                    + "\n\nEnter it on the page the link in our other email opens. After five wrong codes the"
                    + " link locks, and the school will need to send a new one.\n";
            return MailOutbox.enqueue(tx, schoolId, to, school + " has shared documents with you", linkBody, now, 0)
                    .compose(id -> MailOutbox.enqueue(
                            tx, schoolId, to, "Your access code for the documents from " + school, codeBody, now, 60))
                    .mapEmpty();
        });
    }

    Future<SqlJson> list(Caller caller, UUID pupilId) {
        return access.require(caller, pupilId, Access.Action.MANAGE_DOCUMENTS)
                .compose(p -> store.list(pool, pupilId, clock.instant()))
                .map(SqlJson::items);
    }

    Future<SqlJson> revoke(Caller caller, UUID shareId) {
        Instant now = clock.instant();
        return store.owner(pool, shareId, caller.schoolId())
                .compose(s -> s == null
                        ? Future.failedFuture(Problem.notFound())
                        : access.require(caller, s.getUUID("pupil_id"), Access.Action.MANAGE_DOCUMENTS))
                .compose(p -> store.revoke(pool, shareId, now))
                .compose(v -> store.one(pool, shareId, now))
                .map(SqlJson::new);
    }

    Future<SqlJson> disclosures(Caller caller, UUID pupilId) {
        return follower.apply(caller, pupilId)
                .compose(p -> store.disclosures(
                        pool,
                        new ShareStore.DisclosureFilter(
                                caller.schoolId(), pupilId, caller.kind() != Caller.Kind.STAFF, false, null, null)))
                .map(SqlJson::items);
    }

    /** The school's disclosures for the data protection officer, including those not to be told. */
    Future<SqlJson> schoolDisclosures(Caller caller, UUID pupilId, boolean notToBeTold, LocalDate from, LocalDate to) {
        caller.requireStaff(Role.DPO);
        return store.disclosures(
                        pool, new ShareStore.DisclosureFilter(caller.schoolId(), pupilId, false, notToBeTold, from, to))
                .map(SqlJson::items);
    }

    private String link(String token) {
        String base = publicUrl.toString();
        return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/s/" + token;
    }

    /** Eight letters and digits that cannot be mistaken for each other, read over the phone if need be. */
    static String code() {
        StringBuilder code = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == 4) code.append('-');
            code.append(CODE_LETTERS[RANDOM.nextInt(CODE_LETTERS.length)]);
        }
        return code.toString();
    }

    private static <T> Future<T> conflict(String detail) {
        return Future.failedFuture(new Problem(ProblemType.CONFLICT, detail));
    }
}
