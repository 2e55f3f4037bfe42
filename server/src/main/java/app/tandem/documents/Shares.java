package app.tandem.documents;

import app.tandem.access.Access;
import app.tandem.mail.MailOutbox;
import app.tandem.platform.Caller;
import app.tandem.platform.Caller.Role;
import app.tandem.platform.Digests;
import app.tandem.platform.Problem;
import app.tandem.platform.ProblemType;
import app.tandem.push.Outbox;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Sharing chosen document versions with someone outside the school: only on a live consent that
 * covers the purpose, the recipient and every kind, or on a recorded statutory basis. The link and
 * its access code travel in two emails (or are handed to the SENCO to pass on); only their hashes
 * are kept. Every use checks the code, the link's state and its consent, and is a disclosure.
 */
final class Shares {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] CODE_LETTERS = "ABCDEFGHJKMNPQRSTUVWXYZ23456789".toCharArray();
    static final int WRONG_CODES_TO_LOCK = 5;

    private final Pool pool;
    private final Access access;
    private final ShareStore store;
    private final ConsentStore consents;
    private final DocumentService documents;
    private final DocumentStore documentStore;
    private final java.util.function.BiFunction<Caller, UUID, Future<Void>> follower;
    private final boolean emailOn;
    private final URI publicUrl;
    private final Clock clock;

    Shares(
            Pool pool,
            Access access,
            ShareStore store,
            ConsentStore consents,
            DocumentService documents,
            DocumentStore documentStore,
            java.util.function.BiFunction<Caller, UUID, Future<Void>> follower,
            boolean emailOn,
            URI publicUrl,
            Clock clock) {
        this.pool = pool;
        this.access = access;
        this.store = store;
        this.consents = consents;
        this.documents = documents;
        this.documentStore = documentStore;
        this.follower = follower;
        this.emailOn = emailOn;
        this.publicUrl = publicUrl;
        this.clock = clock;
    }

    Future<JsonObject> create(Caller caller, UUID pupilId, JsonObject body) {
        String basis = body.getString("statutoryBasis");
        String reference = body.getString("basisReference");
        boolean tell = body.getBoolean("parentsMayBeTold", true);
        if (basis != null && body.containsKey("consentId"))
            throw Problem.invalid("body.statutoryBasis", "Share on a consent or on a statutory basis, not both.");
        if ((basis == null) != (reference == null))
            throw Problem.invalid(
                    "body.basisReference", "goes with a statutory basis, and a statutory basis needs one.");
        if (basis == null && !tell)
            throw Problem.invalid(
                    "body.parentsMayBeTold", "A share resting on the family's consent is always shown to them.");
        List<UUID> versions = body.getJsonArray("versionIds").stream()
                .map(id -> UUID.fromString((String) id))
                .toList();
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
                    String token = token();
                    String code = code();
                    Instant expires = now.plus(Duration.ofDays(body.getInteger("expiresInDays", 14)));
                    ShareStore.NewShare share = new ShareStore.NewShare(
                            caller.schoolId(),
                            pupilId,
                            consentId,
                            basis,
                            reference,
                            tell,
                            body,
                            versions,
                            Digests.sha256(token.getBytes(StandardCharsets.US_ASCII)),
                            codeHash(token, code),
                            expires,
                            caller.subject());
                    String email = body.getString("recipientEmail");
                    boolean emailed = emailOn && email != null;
                    return pool.withTransaction(
                                    tx -> store.insert(tx, share, now).compose(id -> (emailed
                                                    ? email(tx, caller.schoolId(), body, token, code, expires)
                                                    : Future.succeededFuture())
                                            .compose(v -> tell
                                                    ? Outbox.toParents(
                                                            tx,
                                                            caller.schoolId(),
                                                            Outbox.Notification.of("document-shared", id, "document"),
                                                            Access.Action.READ_DOCUMENTS,
                                                            List.of(pupilId),
                                                            List.of(now),
                                                            now)
                                                    : Future.succeededFuture(0))
                                            .map(id)))
                            .compose(id -> store.one(pool, id, now))
                            .map(json -> {
                                JsonObject created = new JsonObject()
                                        .put("share", json)
                                        .put("delivery", emailed ? "emailed" : "pass-on");
                                return emailed
                                        ? created
                                        : created.put("link", link(token)).put("code", code);
                            });
                });
    }

    /** The consent named, or the newest live one, that covers this purpose, recipient and every kind; 409 naming what is missing. */
    private Future<UUID> coveringConsent(UUID pupilId, JsonObject body, List<String> kinds, Instant now) {
        String purpose = body.getString("purpose");
        String organisation = body.getString("recipientOrganisation").strip();
        String name = body.getString("recipientName").strip();
        if (body.containsKey("consentId")) {
            return consents.live(pool, UUID.fromString(body.getString("consentId")), pupilId, now)
                    .compose(c -> {
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

    /** Two emails: the link, then (a minute later, so it arrives second) the code. Nothing about the pupil in either subject. */
    private Future<Void> email(
            SqlClient tx, UUID schoolId, JsonObject body, String token, String code, Instant expires) {
        Instant now = clock.instant();
        return tx.preparedQuery("SELECT name FROM school WHERE id = $1")
                .execute(Tuple.of(schoolId))
                .compose(rows -> {
                    String school = rows.iterator().next().getString("name");
                    String to = body.getString("recipientEmail");
                    String linkBody = "Hello " + body.getString("recipientName").strip() + ",\n\n" + school
                            + " has shared documents with you. Open them here:\n\n" + link(token)
                            + "\n\nYou also need an access code, which we send in a separate email. The link works until "
                            + expires.toString().substring(0, 10) + " and for " + body.getInteger("maxDownloads", 5)
                            + " downloads. Please do not forward it.\n";
                    String codeBody = "The access code for the documents " + school + " shared with you is:\n\n" + code
                            + "\n\nFive wrong codes lock the link.\n";
                    return MailOutbox.enqueue(
                                    tx,
                                    schoolId,
                                    to,
                                    "A document has been shared with you by " + school,
                                    linkBody,
                                    now,
                                    0)
                            .compose(id -> MailOutbox.enqueue(
                                    tx, schoolId, to, "Your access code from " + school, codeBody, now, 60))
                            .mapEmpty();
                });
    }

    Future<JsonObject> list(Caller caller, UUID pupilId) {
        return access.require(caller, pupilId, Access.Action.MANAGE_DOCUMENTS)
                .compose(p -> store.list(pool, pupilId, clock.instant()))
                .map(items -> new JsonObject().put("items", items));
    }

    Future<JsonObject> revoke(Caller caller, UUID shareId) {
        Instant now = clock.instant();
        return store.owner(pool, shareId, caller.schoolId())
                .compose(s -> s == null
                        ? Future.failedFuture(Problem.notFound())
                        : access.require(caller, s.getUUID("pupil_id"), Access.Action.MANAGE_DOCUMENTS))
                .compose(p -> store.revoke(pool, shareId, now))
                .compose(v -> store.one(pool, shareId, now));
    }

    Future<JsonObject> disclosures(Caller caller, UUID pupilId) {
        return follower.apply(caller, pupilId)
                .compose(p -> store.disclosures(
                        pool,
                        new ShareStore.DisclosureFilter(
                                caller.schoolId(), pupilId, caller.kind() != Caller.Kind.STAFF, false, null, null)))
                .map(items -> new JsonObject().put("items", items));
    }

    /** The school's disclosures for the data protection officer, including those not to be told. */
    Future<JsonObject> schoolDisclosures(
            Caller caller, UUID pupilId, boolean notToBeTold, LocalDate from, LocalDate to) {
        caller.requireStaff(Role.DPO);
        return store.disclosures(
                        pool, new ShareStore.DisclosureFilter(caller.schoolId(), pupilId, false, notToBeTold, from, to))
                .map(items -> new JsonObject().put("items", items));
    }

    // ---- the recipient's side: no account, the link's token and the access code

    /**
     * The live share the token and code open; 401 for a wrong code (the fifth locks it), 410 when it
     * no longer works. A link that asks for advice takes it while it is live, even with its downloads
     * used up: sending advice back is not a download.
     */
    Future<Row> open(String token, String code) {
        return open(token, code, false);
    }

    private Future<Row> open(String token, String code, boolean forAdvice) {
        Instant now = clock.instant();
        byte[] tokenHash = Digests.sha256(token.getBytes(StandardCharsets.US_ASCII));
        // Check and count in one transaction under the share's row lock: wrong codes sent together
        // are counted one after another, and none is checked once the link is locked.
        return pool.withTransaction(
                        tx -> store.byTokenLocked(tx, tokenHash, now).compose(share -> {
                            if (share == null || share.getString("state").equals("locked"))
                                return Future.succeededFuture(new Attempt(share, false));
                            boolean right = MessageDigest.isEqual(
                                    share.getBuffer("code_hash").getBytes(), codeHash(token, code));
                            return right
                                    ? Future.succeededFuture(new Attempt(share, true))
                                    : store.wrongCode(tx, share.getUUID("id"), now)
                                            .map(v -> new Attempt(share, false));
                        }))
                .compose(attempt -> {
                    Row share = attempt.share();
                    if (share == null) return Future.failedFuture(Problem.notFound());
                    if (share.getString("state").equals("locked"))
                        return gone("locked after " + WRONG_CODES_TO_LOCK + " wrong access codes");
                    if (!attempt.right())
                        return Future.failedFuture(new Problem(
                                ProblemType.ACCESS_CODE,
                                "The access code is not right. After " + WRONG_CODES_TO_LOCK
                                        + " wrong codes the link locks."));
                    return switch (share.getString("state")) {
                        case "live" -> Future.succeededFuture(share);
                        case "used-up" -> forAdvice && share.getBoolean("accepts_advice")
                                ? Future.succeededFuture(share)
                                : gone("used for every download it allowed");
                        case "revoked" -> gone("stopped by the school");
                        case "consent-withdrawn" -> gone(
                                "no longer shared: the family's consent was withdrawn or has ended");
                        case "expired" -> gone("past the date it worked until");
                        default -> gone("used for every download it allowed");
                    };
                });
    }

    /** One try of a link: the share it names (null: none), and whether the code was right. */
    private record Attempt(Row share, boolean right) {}

    Future<JsonObject> view(String token, String code, String address) {
        Instant now = clock.instant();
        return open(token, code).compose(share -> pool.withTransaction(
                        tx -> store.disclose(tx, share, null, "viewed", address, now))
                .compose(v -> store.sharedVersions(pool, versionIds(share)))
                .map(versions -> new JsonObject()
                        .put("school", share.getString("school_name"))
                        .put(
                                "recipient",
                                share.getString("recipient_name") + ", " + share.getString("recipient_organisation"))
                        .put(
                                "expiresAt",
                                share.getOffsetDateTime("expires_at")
                                        .toInstant()
                                        .toString())
                        .put("downloadsLeft", share.getInteger("max_downloads") - share.getInteger("downloads"))
                        .put("acceptsAdvice", share.getBoolean("accepts_advice"))
                        .put("versions", versions)));
    }

    Future<Row> download(String token, String code, UUID versionId, String address) {
        Instant now = clock.instant();
        return open(token, code).compose(share -> {
            if (!versionIds(share).contains(versionId)) return Future.failedFuture(Problem.notFound());
            return pool.withTransaction(tx -> store.takeDownload(tx, share.getUUID("id"))
                            .compose(took -> took
                                    ? store.disclose(tx, share, versionId, "downloaded", address, now)
                                    : gone("used for every download it allowed")))
                    .compose(v -> store.sharedFile(pool, versionId));
        });
    }

    /** Advice sent back through a link that asks for it: a new "professional advice" document for the SENCO. */
    Future<JsonObject> uploadAdvice(String token, String code, String fileName, Buffer body, String address) {
        Instant now = clock.instant();
        return open(token, code, true).compose(share -> {
            if (!share.getBoolean("accepts_advice"))
                return conflict("This link does not ask for advice to be sent back.");
            String from = share.getString("recipient_name") + ", " + share.getString("recipient_organisation");
            String title = ("Advice from " + from).substring(0, Math.min(200, ("Advice from " + from).length()));
            UUID school = share.getUUID("school_id");
            return documents
                    .check(fileName, body)
                    .compose(file -> pool.withTransaction(tx -> documentStore
                            .insert(
                                    tx,
                                    school,
                                    share.getUUID("pupil_id"),
                                    "professional-advice",
                                    title,
                                    null,
                                    now,
                                    null)
                            .compose(docId -> documentStore
                                    .addVersion(tx, docId, school, file, null, share.getUUID("id"), now)
                                    .compose(
                                            versionId -> store.disclose(tx, share, versionId, "uploaded", address, now))
                                    .map(docId))))
                    .compose(docId -> documentStore.one(pool, docId))
                    .map(doc -> doc.getJsonArray("versions").getJsonObject(0));
        });
    }

    private static List<UUID> versionIds(Row share) {
        return List.of(share.getArrayOfUUIDs("version_ids"));
    }

    private String link(String token) {
        String base = publicUrl.toString();
        return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/v1/shared/" + token;
    }

    /** 32 random bytes, URL-safe: the part of the link that finds the share. */
    static String token() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
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

    /** The code's hash, salted with the link's token, case and spaces forgiven. */
    static byte[] codeHash(String token, String code) {
        String normal = code.toUpperCase(java.util.Locale.ROOT).replace("-", "").strip();
        return Digests.sha256((token + ":" + normal).getBytes(StandardCharsets.US_ASCII));
    }

    private static <T> Future<T> conflict(String detail) {
        return Future.failedFuture(new Problem(ProblemType.CONFLICT, detail));
    }

    private static <T> Future<T> gone(String why) {
        return Future.failedFuture(new Problem(ProblemType.GONE, "This link no longer works: " + why + "."));
    }
}
