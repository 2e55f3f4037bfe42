package app.tandem.identity;

import static app.tandem.platform.Operation.answers;
import static app.tandem.platform.Operation.created;
import static app.tandem.platform.Operation.noContent;
import static app.tandem.platform.Operation.ok;

import app.tandem.platform.Caller;
import app.tandem.platform.ClientAddress;
import app.tandem.platform.Json;
import app.tandem.platform.Operation;
import app.tandem.platform.Problem;
import app.tandem.platform.ProblemType;
import app.tandem.platform.Requests;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/** Sign-in, sessions, invitations, pupil pairing and MFA: operationId → handler. */
record IdentityRoutes(
        IdentityService identity,
        InvitationService invitations,
        PairingService pairing,
        MfaService mfa,
        IdentityStore accounts,
        SigningKeys keys,
        Pool pool) {
    Map<String, Operation> operations() {
        return Map.ofEntries(
                answers("login", ctx -> {
                    JsonObject body = ctx.body().asJsonObject();
                    return identity.login(
                                    body.getString("email"),
                                    body.getString("password"),
                                    body.getString("totp"),
                                    body.getString("deviceName"),
                                    ClientAddress.of(ctx))
                            .compose(tokens -> Json.ok(ctx, tokens));
                }),
                answers("refreshSession", ctx -> identity.refresh(
                                ctx.body().asJsonObject().getString("refreshToken"))
                        .compose(tokens -> Json.ok(ctx, tokens))),
                noContent("logout", c -> identity.logout(c.caller())),
                answers("getMe", this::me),
                answers("updateMe", ctx -> {
                    Caller caller = Caller.of(ctx);
                    if (caller.kind() == Caller.Kind.PUPIL) {
                        return Future.failedFuture(
                                new Problem(ProblemType.FORBIDDEN, "Pupils have no preferences to change here."));
                    }
                    String language = ctx.body().asJsonObject().getString("preferredLanguage");
                    Locale locale = Locale.forLanguageTag(language);
                    if (locale.getLanguage().isEmpty()) {
                        return Future.failedFuture(
                                Problem.invalid("body.preferredLanguage", "is not a BCP 47 language tag."));
                    }
                    return accounts.setLanguage(pool, caller.subject(), locale.toLanguageTag())
                            .compose(v -> me(ctx));
                }),
                answers("listSessions", ctx -> identity.listSessions(Caller.of(ctx))
                        .compose(items -> Json.ok(ctx, page(items)))),
                noContent("revokeSession", c -> identity.revokeSession(c.caller(), c.id("sessionId"))),
                answers("createInvitation", ctx -> {
                    JsonObject body = ctx.body().asJsonObject();
                    List<InvitationService.InvitedPupil> pupils = new ArrayList<>();
                    for (Object o : body.getJsonArray("pupils")) {
                        JsonObject p = (JsonObject) o;
                        pupils.add(new InvitationService.InvitedPupil(
                                UUID.fromString(p.getString("pupilId")),
                                p.getString("relationship"),
                                p.getBoolean("parentalResponsibility", true)));
                    }
                    return invitations
                            .create(Caller.of(ctx), body.getString("displayName"), body.getString("email"), pupils)
                            .compose(invitation -> Json.created(ctx, invitation));
                }),
                answers("inviteImportedParents", ctx -> {
                    JsonObject body = ctx.body() == null || ctx.body().isEmpty()
                            ? new JsonObject()
                            : ctx.body().asJsonObject();
                    UUID classId =
                            body.getString("classId") == null ? null : UUID.fromString(body.getString("classId"));
                    return invitations
                            .inviteNotYetJoined(Caller.of(ctx), classId)
                            .compose(invited -> Json.created(ctx, invited));
                }),
                created(
                        "inviteYoungPerson",
                        c -> invitations.inviteYoungPerson(c.caller(), c.id("pupilId"), c.text("email"))),
                answers("redeemInvitation", ctx -> {
                    JsonObject body = ctx.body().asJsonObject();
                    return invitations
                            .redeem(
                                    body.getString("code"),
                                    body.getString("email"),
                                    body.getString("password"),
                                    ClientAddress.of(ctx))
                            .compose(tokens -> Json.created(ctx, tokens));
                }),
                created("createPupilPairingCode", c -> pairing.create(c.caller(), c.id("pupilId"))),
                answers("redeemPupilPairingCode", ctx -> {
                    JsonObject body = ctx.body().asJsonObject();
                    return pairing.redeem(body.getString("code"), body.getString("deviceName"), ClientAddress.of(ctx))
                            .compose(tokens -> Json.ok(ctx, tokens));
                }),
                answers("listPupilDevices", ctx -> pairing.devices(Caller.of(ctx), Requests.pathId(ctx, "pupilId"))
                        .compose(items -> Json.ok(ctx, page(items)))),
                noContent("revokePupilDevice", c -> pairing.revoke(c.caller(), c.id("pupilId"), c.id("deviceId"))),
                created("startTotpEnrolment", c -> mfa.start(c.caller())),
                ok("confirmTotpEnrolment", c -> mfa.confirm(c.caller(), c.text("code"))),
                answers("getJwks", ctx -> ctx.response()
                        .putHeader("Content-Type", "application/json")
                        .putHeader("Cache-Control", "public, max-age=300")
                        .end(keys.publicKeys().toString(true))));
    }

    private Future<Void> me(RoutingContext ctx) {
        Caller caller = Caller.of(ctx);
        if (caller.kind() == Caller.Kind.PUPIL) {
            return accounts.pupilMe(pool, caller.subject()).compose(rows -> {
                Row r = rows.iterator().next();
                String name = r.getString("preferred_name") != null
                        ? r.getString("preferred_name")
                        : r.getString("first_name");
                return Json.ok(
                        ctx,
                        new JsonObject()
                                .put("id", caller.subject().toString())
                                .put("kind", "pupil")
                                .put("displayName", name)
                                .put("roles", new JsonArray())
                                .put("school", school(r)));
            });
        }
        return accounts.me(pool, caller.subject()).compose(rows -> {
            Row u = rows.iterator().next();
            JsonObject me = new JsonObject()
                    .put("id", caller.subject().toString())
                    .put("kind", u.getString("kind"))
                    .put("displayName", u.getString("display_name"))
                    .put("email", u.getString("email"))
                    .put("roles", new JsonArray(SessionStore.wireRoles(caller.roles())))
                    .put("preferredLanguage", u.getString("preferred_language"))
                    .put("school", school(u));
            if (caller.isStaff()) {
                me.put(
                        "mfa",
                        new JsonObject()
                                .put("enrolled", u.getBoolean("mfa_enrolled"))
                                .put("required", u.getBoolean("require_staff_mfa")));
                return accounts.staffClasses(pool, caller.subject()).compose(classes -> {
                    JsonArray list = new JsonArray();
                    classes.forEach(c -> list.add(new JsonObject()
                            .put("id", c.getUUID("id").toString())
                            .put("name", c.getString("name"))
                            .put("yearGroup", c.getInteger("year_group"))));
                    return Json.ok(ctx, me.put("classes", list));
                });
            }
            return accounts.parentPupils(pool, caller.subject()).compose(pupils -> {
                JsonArray list = new JsonArray();
                pupils.forEach(p -> {
                    JsonObject pupil = new JsonObject()
                            .put("id", p.getUUID("id").toString())
                            .put("firstName", p.getString("first_name"))
                            .put("lastName", p.getString("last_name"))
                            .put("yearGroup", p.getInteger("year_group"))
                            .put("relationship", p.getString("relationship"))
                            .put("parentalResponsibility", p.getBoolean("parental_responsibility"))
                            .put("school", Json.named(p.getUUID("school_id"), p.getString("school_name")));
                    if (p.getString("preferred_name") != null)
                        pupil.put("preferredName", p.getString("preferred_name"));
                    if (p.getString("class_name") != null) pupil.put("className", p.getString("class_name"));
                    list.add(pupil);
                });
                return Json.ok(ctx, me.put("pupils", list));
            });
        });
    }

    private static JsonObject school(Row row) {
        return new JsonObject()
                .put("id", row.getUUID("school_id").toString())
                .put("name", row.getString("school_name"))
                .put("timeZone", row.getString("time_zone"));
    }

    static JsonObject page(List<JsonObject> items) {
        return new JsonObject().put("items", new JsonArray(new ArrayList<Object>(items)));
    }
}
