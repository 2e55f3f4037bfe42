package app.tandem.identity;

import app.tandem.access.Access;
import app.tandem.mail.MailOutbox;
import app.tandem.platform.AppConfig.AuthSettings;
import app.tandem.platform.Caller;
import app.tandem.platform.Caller.Role;
import app.tandem.platform.Problem;
import app.tandem.platform.SchoolTime;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Parents join by invitation: staff link an invitation to pupils and hand the parent a single-use
 * code; the parent redeems it with their email and a password and is signed in. A used, expired or
 * unknown code gets the same answer, so codes cannot be probed.
 */
record InvitationService(
        Pool pool,
        Access access,
        IdentityService identity,
        IdentityStore accounts,
        Throttle throttle,
        AuthSettings settings,
        boolean emailOn,
        String joinPage,
        Clock clock) {
    /** One pupil the invited parent will be linked to. */
    record InvitedPupil(UUID pupilId, String relationship, boolean parentalResponsibility) {}

    private static final String UNUSABLE = "This code cannot be used. Ask the school for a new one.";
    private static final String OTHER_EMAIL =
            "This code was sent for a different email address. Use the address you gave the school, or ask them for a new code.";

    Future<IdentityAnswers.Invitation> create(
            Caller caller, String displayName, String email, List<InvitedPupil> pupils) {
        caller.requireStaff(Role.ADMIN, Role.SENCO);
        if (pupils.stream().map(InvitedPupil::pupilId).distinct().count() != pupils.size()) {
            return Future.failedFuture(Problem.invalid("body.pupils", "lists a pupil twice."));
        }
        Future<Void> checked = Future.succeededFuture();
        for (InvitedPupil p : pupils)
            checked = checked.compose(v -> access.require(caller, p.pupilId(), Access.Action.MANAGE_DIRECTORY)
                    .mapEmpty());
        String code = Codes.humanCode(2);
        Instant now = clock.instant();
        Instant expires = now.plus(settings.invitationTtl());
        boolean emailed = emailOn && email != null;
        return checked.compose(v -> pool.withTransaction(tx -> InvitationStore.insert(
                        tx,
                        caller.schoolId(),
                        code,
                        displayName,
                        email == null ? null : email.toLowerCase(Locale.ROOT),
                        caller.subject(),
                        now,
                        expires,
                        null)
                .compose(id -> InvitationStore.addPupils(tx, id, pupils)
                        .compose(done -> emailed
                                ? emailCode(tx, caller.schoolId(), email, displayName, code, expires, now)
                                : Future.succeededFuture())
                        .map(done -> new IdentityAnswers.Invitation(id, code, expires, emailed)))));
    }

    /** The code, by email through the mail outbox, in the invitation's own transaction. */
    private Future<Void> emailCode(
            SqlClient tx, UUID schoolId, String email, String name, String code, Instant expires, Instant now) {
        return emailCode(tx, schoolId, email, name, code, expires, now, false);
    }

    private Future<Void> emailCode(
            SqlClient tx,
            UUID schoolId,
            String email,
            String name,
            String code,
            Instant expires,
            Instant now,
            boolean youngPerson) {
        return InvitationStore.school(tx, schoolId).compose(row -> {
            String school = row.getString("name");
            ZoneId zone = ZoneId.of(row.getString("time_zone"));
            String what = youngPerson
                    ? " has invited you to sign in to Tandem yourself: you can see your support plan, decide"
                            + " who your documents are shared with, and read letters about your reviews."
                    : " has invited you to Tandem, the app where you can follow your child's support, book"
                            + " review meetings and message the school.";
            String body = "Hello " + name + ",\n\n" + school + what
                    + "\n\nGet the Tandem app on your phone, choose \"I have an invitation code\" and enter this"
                    + " code with this email address:\n\n" + code
                    + "\n\nThe code works until " + SchoolTime.when(expires, zone) + "."
                    + "\n\nHow to get the app and join, step by step: " + joinPage
                    + "\n\nIf you were not expecting this, you can ignore it.\n";
            return MailOutbox.enqueue(tx, schoolId, email, "Your invitation to Tandem from " + school, body, now, 0)
                    .mapEmpty();
        });
    }

    /**
     * Redeems a code. A new parent gets an account; a parent who already has one proves it with their
     * password; an account the school created (imported parents, new staff) sets its first password.
     */
    Future<TokenPair> redeem(String code, String rawEmail, String password, String address) {
        String email = rawEmail.toLowerCase(Locale.ROOT);
        List<Throttle.Limit> limits =
                List.of(new Throttle.Limit("redeem:" + address, settings.maxFailuresPerAddress()));
        Instant now = clock.instant();
        return throttle.check(pool, limits, now)
                .compose(v -> accounts.byEmail(pool, email))
                .compose(existing -> {
                    boolean setsPassword = existing.isEmpty() || existing.get().passwordHash() == null;
                    if (setsPassword) PasswordPolicy.check("body.password", password, email);
                    Future<Optional<String>> newHash = setsPassword
                            ? identity.hashPassword(password).map(Optional::of)
                            : identity.verifyPassword(existing.get().passwordHash(), password)
                                    .map(ok -> ok ? Optional.<String>empty() : null);
                    return newHash.compose(hash -> hash == null
                            ? refused(limits, now)
                            : pool.withTransaction(tx -> InvitationStore.claim(tx, code, email, now)
                                            .compose(invitation -> invitation.isEmpty()
                                                    ? Future.succeededFuture(Optional.<TokenPair>empty())
                                                    : accept(tx, invitation.get(), existing, email, hash, now)))
                                    .compose(tokens -> tokens.isPresent()
                                            ? Future.succeededFuture(tokens.get())
                                            : InvitationStore.forAnotherEmail(pool, code, email, now)
                                                    .compose(other ->
                                                            refused(limits, now, other ? OTHER_EMAIL : UNUSABLE))));
                });
    }

    private Future<Optional<TokenPair>> accept(
            SqlClient tx,
            Row inv,
            Optional<IdentityStore.Account> existing,
            String email,
            Optional<String> newHash,
            Instant now) {
        UUID schoolId = inv.getUUID("school_id");
        UUID forUser = inv.getUUID("user_id");
        UUID youngPerson = inv.getUUID("young_person_id");
        if (youngPerson != null) {
            return existing.isPresent()
                    ? Future.succeededFuture(Optional.empty())
                    : joinAsYoungPerson(tx, inv, youngPerson, email, newHash.orElseThrow(), now)
                            .map(Optional::of);
        }
        boolean fits = forUser != null
                ? existing.isPresent() && existing.get().id().equals(forUser)
                // A parent of any school: the person is linked to this school's children too, on their
                // own password (the code proves the school invited them, the password that it is them).
                : existing.isEmpty() || existing.get().kind().equals("parent");
        if (!fits) return Future.succeededFuture(Optional.empty());
        Future<UUID> account;
        if (existing.isEmpty()) {
            account = InvitationStore.newParent(
                    tx, schoolId, email, inv.getString("display_name"), newHash.orElseThrow());
        } else {
            UUID id = existing.get().id();
            account = newHash.isEmpty()
                    ? Future.succeededFuture(id)
                    : accounts.setPassword(tx, id, newHash.get()).map(id);
        }
        return account.compose(userId -> InvitationStore.linkPupils(tx, inv.getUUID("id"), schoolId, userId)
                .compose(v -> InvitationStore.redeemed(tx, inv.getUUID("id"), userId, now))
                .compose(v -> accounts.byId(tx, userId))
                .compose(a -> identity.openSession(
                        tx,
                        schoolId,
                        userId,
                        null,
                        IdentityService.kindOf(a.orElseThrow()),
                        IdentityService.rolesOf(a.get()),
                        null,
                        !(a.get().kind().equals("staff") && a.get().schoolRequiresMfa())))
                .map(Optional::of));
    }

    /**
     * The young person's own account: its id is their pupil id, so the session it opens (and every
     * later sign-in) is the pupil's own session.
     */
    private Future<TokenPair> joinAsYoungPerson(
            SqlClient tx, Row inv, UUID pupilId, String email, String hash, Instant now) {
        UUID schoolId = inv.getUUID("school_id");
        return InvitationStore.newYoungPerson(tx, pupilId, email, inv.getString("display_name"), hash)
                .compose(v -> InvitationStore.redeemed(tx, inv.getUUID("id"), pupilId, now))
                .compose(v ->
                        identity.openSession(tx, schoolId, null, pupilId, Caller.Kind.PUPIL, Set.of(), null, true));
    }

    /**
     * An invitation for a young person (from their transfer date) to sign in with their own email
     * and password; redeemed like a parent's.
     */
    Future<IdentityAnswers.Invitation> inviteYoungPerson(Caller caller, UUID pupilId, String rawEmail) {
        String email = rawEmail.toLowerCase(Locale.ROOT);
        String code = Codes.humanCode(2);
        Instant now = clock.instant();
        Instant expires = now.plus(settings.invitationTtl());
        return access.require(caller, pupilId, Access.Action.MANAGE_DIRECTORY)
                .compose(pupil -> pool.withTransaction(tx -> InvitationStore.youngPersonToInvite(
                                tx, pupilId, now.atZone(ZoneOffset.UTC).toLocalDate(), email)
                        .compose(p -> {
                            if (!p.getBoolean("arrived"))
                                return Future.failedFuture(Problem.conflict(
                                        "A pupil signs in with their own email from their transfer date, "
                                                + p.getLocalDate("young_person_from") + "."));
                            if (p.getBoolean("joined"))
                                return Future.failedFuture(
                                        Problem.conflict("This young person already has their own sign-in."));
                            if (p.getBoolean("email_taken"))
                                return Future.failedFuture(Problem.invalid(
                                        "body.email",
                                        "already belongs to an account; the young person needs their own."));
                            String name = p.getString("name");
                            return InvitationStore.insert(
                                            tx,
                                            caller.schoolId(),
                                            code,
                                            name,
                                            email,
                                            caller.subject(),
                                            now,
                                            expires,
                                            pupilId)
                                    .compose(inserted -> (emailOn
                                                    ? emailCode(
                                                            tx,
                                                            caller.schoolId(),
                                                            email,
                                                            name,
                                                            code,
                                                            expires,
                                                            now,
                                                            true)
                                                    : Future.<Void>succeededFuture())
                                            .map(v ->
                                                    new IdentityAnswers.Invitation(inserted, code, expires, emailOn)));
                        })));
    }

    /** A setup code for an account the school created: redeemed like an invitation, it sets the password. */
    Future<SetupCodes.Issued> setupCode(
            SqlClient tx, UUID schoolId, UUID userId, String displayName, String email, UUID createdBy) {
        return SetupCodes.issue(
                tx, schoolId, userId, displayName, email, createdBy, clock.instant(), settings.invitationTtl());
    }

    /** A code for every parent of the school (or one class) who has not joined and has no valid code yet. */
    Future<IdentityAnswers.InvitedParents> inviteNotYetJoined(Caller caller, UUID classId) {
        caller.requireStaff(Role.ADMIN, Role.SENCO);
        Instant now = clock.instant();
        Instant expires = now.plus(settings.invitationTtl());
        Future<Boolean> known = classId == null
                ? Future.succeededFuture(true)
                : accounts.classInSchool(pool, classId, caller.schoolId());
        return known.compose(ok -> ok
                        ? accounts.notYetJoined(pool, caller.schoolId(), classId, now)
                        : Future.failedFuture(Problem.invalid("body.classId", "is not a class of this school.")))
                .compose(parents -> {
                    List<IdentityStore.Joining> toInvite =
                            parents.stream().filter(p -> !p.invited()).toList();
                    List<String> codes =
                            toInvite.stream().map(p -> Codes.humanCode(2)).toList();
                    List<byte[]> hashes = codes.stream()
                            .map(c -> Codes.sha256(Codes.normalise(c)))
                            .toList();
                    return pool.withTransaction(tx -> accounts.inviteAccounts(
                                            tx, caller.schoolId(), toInvite, hashes, caller.subject(), now, expires)
                                    .compose(v -> {
                                        Future<Void> sent = Future.succeededFuture();
                                        if (!emailOn) return sent;
                                        for (int i = 0; i < toInvite.size(); i++) {
                                            IdentityStore.Joining p = toInvite.get(i);
                                            String code = codes.get(i);
                                            sent = sent.compose(x -> emailCode(
                                                    tx,
                                                    caller.schoolId(),
                                                    p.email(),
                                                    p.displayName(),
                                                    code,
                                                    expires,
                                                    now));
                                        }
                                        return sent;
                                    }))
                            .map(v -> {
                                List<IdentityAnswers.InvitedParent> items = new ArrayList<>();
                                for (int i = 0; i < toInvite.size(); i++) {
                                    IdentityStore.Joining p = toInvite.get(i);
                                    items.add(new IdentityAnswers.InvitedParent(
                                            p.id(), p.displayName(), p.email(), codes.get(i), expires, emailOn));
                                }
                                return new IdentityAnswers.InvitedParents(items, parents.size() - toInvite.size());
                            });
                });
    }

    private <T> Future<T> refused(List<Throttle.Limit> limits, Instant now) {
        return refused(limits, now, UNUSABLE);
    }

    private <T> Future<T> refused(List<Throttle.Limit> limits, Instant now, String why) {
        return throttle.fail(pool, limits, now).compose(v -> Future.failedFuture(Problem.invalid("body.code", why)));
    }
}
