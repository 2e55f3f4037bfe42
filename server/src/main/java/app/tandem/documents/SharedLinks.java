package app.tandem.documents;

import app.tandem.platform.Answer;
import app.tandem.platform.Digests;
import app.tandem.platform.Problem;
import app.tandem.platform.ProblemType;
import app.tandem.platform.SqlJson;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * The recipient's side of a shared link: no account, the link's token and its access code (or, in
 * the browser, a short visit begun with the code). Every use checks the link's state and its
 * consent, and every view, download and upload is a disclosure. The JSON API and the web page both
 * come through here, so the two can never disagree about who may see what.
 */
record SharedLinks(Pool pool, ShareStore store, DocumentService documents, DocumentStore documentStore, Clock clock) {
    static final int WRONG_CODES_TO_LOCK = 5;

    /** How long a browser visit lasts after the code: long enough to read and download, short on a shared computer. */
    static final Duration VISIT = Duration.ofMinutes(20);

    private static final SecureRandom RANDOM = new SecureRandom();

    /** What opens a link: the access code, or a visit cookie the code began. */
    sealed interface Key {
        String token();
    }

    record ByCode(String token, String code) implements Key {}

    record ByVisit(String token, String cookie) implements Key {}

    /** Why a link does or does not open now. */
    enum State {
        LIVE,
        WRONG_CODE,
        NO_VISIT,
        LOCKED,
        REVOKED,
        CONSENT_WITHDRAWN,
        EXPIRED,
        USED_UP,
        NOT_FOUND;

        static State of(String sqlState) {
            return switch (sqlState) {
                case "live" -> LIVE;
                case "locked" -> LOCKED;
                case "revoked" -> REVOKED;
                case "consent-withdrawn" -> CONSENT_WITHDRAWN;
                case "expired" -> EXPIRED;
                default -> USED_UP;
            };
        }
    }

    /** One try of a link: its state, the share (null when there is none), and codes left before it locks. */
    record Opened(State state, Row share, String formToken) {
        Opened(State state, Row share) {
            this(state, share, null);
        }

        boolean live() {
            return state == State.LIVE;
        }

        /** Codes left before the link locks, counting a wrong one just made (the row is as it was before it). */
        int codesLeft() {
            if (share == null) return 0;
            int wrong = share.getInteger("wrong_codes") + (state == State.WRONG_CODE ? 1 : 0);
            return Math.max(0, WRONG_CODES_TO_LOCK - wrong);
        }
    }

    /** A visit begun: the cookie's value and the form token its pages carry. */
    record Visit(String cookie, String formToken, Instant endsAt) {}

    /** The link before any code: which school, until when, whether it is locked. Not a disclosure: nothing about the pupil. */
    Future<Opened> peek(String token) {
        return store.byToken(pool, tokenHash(token), clock.instant())
                .map(share -> share == null
                        ? new Opened(State.NOT_FOUND, null)
                        : new Opened(State.of(share.getString("state")), share));
    }

    /**
     * Opens a link. A wrong code is counted and checked in one transaction under the share's row
     * lock: codes sent together are counted one after another, and the fifth locks the link. A
     * link that asks for advice takes it while it is live, even with its downloads used up:
     * sending advice back is not a download.
     */
    Future<Opened> open(Key key, boolean forAdvice) {
        Instant now = clock.instant();
        byte[] tokenHash = tokenHash(key.token());
        return pool.withTransaction(
                        tx -> store.byTokenLocked(tx, tokenHash, now).compose(share -> {
                            if (share == null) return Future.succeededFuture(new Opened(State.NOT_FOUND, null));
                            if (share.getString("state").equals("locked"))
                                return Future.succeededFuture(new Opened(State.LOCKED, share));
                            if (key instanceof ByVisit v)
                                return store.visitFormToken(tx, share.getUUID("id"), visitHash(v.cookie()), now)
                                        .map(form ->
                                                new Opened(form != null ? State.LIVE : State.NO_VISIT, share, form));
                            ByCode c = (ByCode) key;
                            return MessageDigest.isEqual(
                                            share.getBuffer("code_hash").getBytes(), codeHash(c.token(), c.code()))
                                    ? Future.succeededFuture(new Opened(State.LIVE, share))
                                    : store.wrongCode(tx, share.getUUID("id"), now)
                                            .map(v -> new Opened(State.WRONG_CODE, share));
                        }))
                .map(opened -> {
                    if (opened.state() != State.LIVE) return opened;
                    State state = State.of(opened.share().getString("state"));
                    boolean adviceStillWelcome = state == State.USED_UP
                            && forAdvice
                            && opened.share().getBoolean("accepts_advice");
                    return adviceStillWelcome ? opened : new Opened(state, opened.share(), opened.formToken());
                });
    }

    /** Opens a link or fails with the problem the JSON API answers. */
    Future<Row> openOrFail(Key key, boolean forAdvice) {
        return open(key, forAdvice)
                .compose(opened -> opened.live()
                        ? Future.succeededFuture(opened.share())
                        : Future.failedFuture(problem(opened.state())));
    }

    static Problem problem(State state) {
        return switch (state) {
            case NOT_FOUND -> Problem.notFound();
            case WRONG_CODE, NO_VISIT -> new Problem(
                    ProblemType.ACCESS_CODE,
                    "The access code is not right. After " + WRONG_CODES_TO_LOCK + " wrong codes the link locks.");
            case LOCKED -> gone("locked after " + WRONG_CODES_TO_LOCK + " wrong access codes");
            case REVOKED -> gone("stopped by the school");
            case CONSENT_WITHDRAWN -> gone("no longer shared: the family's consent was withdrawn or has ended");
            case EXPIRED -> gone("past the date it worked until");
            case USED_UP, LIVE -> gone("used for every download it allowed");
        };
    }

    /** Begins a browser visit on an opened link: a random cookie (only its hash kept) and a form token. */
    Future<Visit> startVisit(Row share) {
        Instant now = clock.instant();
        String cookie = random(32);
        String formToken = random(24);
        Instant ends = now.plus(VISIT);
        return store.startVisit(pool, share.getUUID("id"), visitHash(cookie), formToken, now, ends)
                .map(v -> new Visit(cookie, formToken, ends));
    }

    /** The statutory basis on which a link carries the views kept with a draft plan it shares. */
    static final String LA_REQUEST = "local-authority-request";

    /** What a link shows: the versions, and the views kept with a shared draft (null when it carries none). */
    record Shown(JsonArray versions, JsonArray draftViews) {}

    /** What the share holds, recorded as a view. */
    Future<Shown> view(Row share, String address) {
        Instant now = clock.instant();
        List<UUID> versions = versionIds(share);
        return pool.withTransaction(tx -> store.disclose(tx, share, null, "viewed", address, now))
                .compose(v -> store.sharedVersions(pool, versions))
                .compose(shared -> LA_REQUEST.equals(share.getString("statutory_basis"))
                        ? store.draftViews(pool, versions).map(views -> new Shown(shared, views))
                        : Future.succeededFuture(new Shown(shared, null)));
    }

    /** What the professional sees of a share opened with its code: who it is for, what it holds, how long it lasts. */
    record Seen(
            String school,
            String recipient,
            Instant expiresAt,
            int downloadsLeft,
            boolean acceptsAdvice,
            JsonArray versions,
            @JsonInclude(JsonInclude.Include.NON_NULL) JsonArray draftViews)
            implements Answer {}

    /** The JSON API's answer for a link opened with its code. */
    Future<Seen> viewJson(Key key, String address) {
        return openOrFail(key, false).compose(share -> view(share, address)
                .map(shown -> new Seen(
                        share.getString("school_name"),
                        share.getString("recipient_name") + ", " + share.getString("recipient_organisation"),
                        share.getOffsetDateTime("expires_at").toInstant(),
                        share.getInteger("max_downloads") - share.getInteger("downloads"),
                        share.getBoolean("accepts_advice"),
                        shown.versions(),
                        shown.draftViews())));
    }

    Future<Row> downloadJson(Key key, UUID versionId, String address) {
        return openOrFail(key, false).compose(share -> download(share, versionId, address));
    }

    /** One shared version's file, taking one of the link's downloads; 404 for a version it does not share. */
    Future<Row> download(Row share, UUID versionId, String address) {
        Instant now = clock.instant();
        if (!versionIds(share).contains(versionId)) return Future.failedFuture(Problem.notFound());
        return pool.withTransaction(tx -> store.takeDownload(tx, share.getUUID("id"))
                        .compose(took -> took
                                ? store.disclose(tx, share, versionId, "downloaded", address, now)
                                : Future.failedFuture(problem(State.USED_UP))))
                .compose(v -> store.sharedFile(pool, versionId));
    }

    Future<SqlJson> uploadAdviceJson(Key key, String fileName, Buffer body, String address) {
        return openOrFail(key, true).compose(share -> uploadAdvice(share, fileName, body, address));
    }

    /** Advice sent back through a link that asks for it: a new "professional advice" document for the SENCO. */
    Future<SqlJson> uploadAdvice(Row share, String fileName, Buffer body, String address) {
        Instant now = clock.instant();
        if (!share.getBoolean("accepts_advice"))
            return Future.failedFuture(
                    new Problem(ProblemType.CONFLICT, "This link does not ask for advice to be sent back."));
        String title =
                "Advice from " + share.getString("recipient_name") + ", " + share.getString("recipient_organisation");
        UUID school = share.getUUID("school_id");
        return documents
                .check(fileName, body)
                .compose(file -> pool.withTransaction(tx -> documentStore
                        .insert(
                                tx,
                                school,
                                share.getUUID("pupil_id"),
                                DocumentKind.PROFESSIONAL_ADVICE,
                                title.substring(0, Math.min(200, title.length())),
                                null,
                                now,
                                null)
                        .compose(docId -> documentStore
                                .addVersion(tx, docId, school, file, null, share.getUUID("id"), now)
                                .compose(versionId -> store.disclose(tx, share, versionId, "uploaded", address, now))
                                .map(docId))))
                .compose(docId -> documentStore.one(pool, docId))
                .map(doc -> doc.getJsonArray("versions").getJsonObject(0))
                .map(SqlJson::new);
    }

    /** The advice most recently received through this link, for the confirmation page; null when none. */
    Future<Row> lastAdvice(Row share) {
        return store.lastAdvice(pool, share.getUUID("id"));
    }

    private static List<UUID> versionIds(Row share) {
        return List.of(share.getArrayOfUUIDs("version_ids"));
    }

    static byte[] tokenHash(String token) {
        return Digests.sha256(token.getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] visitHash(String cookie) {
        return Digests.sha256(("visit:" + cookie).getBytes(StandardCharsets.US_ASCII));
    }

    /** The code's hash, salted with the link's token, case and spaces forgiven. */
    static byte[] codeHash(String token, String code) {
        String normal = code.toUpperCase(Locale.ROOT).replace("-", "").strip();
        return Digests.sha256((token + ":" + normal).getBytes(StandardCharsets.US_ASCII));
    }

    /** Random bytes, URL-safe. */
    static String random(int bytes) {
        byte[] value = new byte[bytes];
        RANDOM.nextBytes(value);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(value);
    }

    private static Problem gone(String why) {
        return new Problem(ProblemType.GONE, "This link no longer works: " + why + ".");
    }
}
