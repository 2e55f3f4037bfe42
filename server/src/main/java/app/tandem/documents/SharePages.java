package app.tandem.documents;

import app.tandem.documents.SharedLinks.ByCode;
import app.tandem.documents.SharedLinks.ByVisit;
import app.tandem.documents.SharedLinks.Opened;
import app.tandem.documents.SharedLinks.State;
import app.tandem.platform.ClientAddress;
import app.tandem.platform.Problem;
import app.tandem.platform.ProblemType;
import app.tandem.platform.SchoolTime;
import app.tandem.platform.WebPages;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.FileUpload;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Row;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The page a shared link opens, for a professional with an ordinary browser: the school and the
 * date it works until, then the access code (posted in a form, never in an address), then the
 * documents to download and, where the school asked, a form to send advice back. After the code a
 * short visit is kept by an HttpOnly, SameSite=Strict cookie that works for this one link only.
 */
record SharePages(Vertx vertx, SharedLinks links, WebPages pages) {
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{43}");
    private static final String COOKIE = "tandem_visit";

    void route(Router router) {
        WebPages.get(router, "/s/:token", this::landing);
        router.route(HttpMethod.POST, "/s/:token").handler(this::enterCode);
        WebPages.get(router, "/s/:token/documents", this::documents);
        router.route(HttpMethod.GET, "/s/:token/files/:versionId").handler(this::download);
        router.route(HttpMethod.POST, "/s/:token/advice").handler(this::sendAdvice);
        WebPages.get(router, "/s/:token/received", this::received);
    }

    /** Before the code: the school and the date, or why the link no longer works when anyone may know it. */
    private void landing(RoutingContext ctx) {
        String token = token(ctx);
        if (token == null) return;
        links.peek(token)
                .onSuccess(opened -> {
                    switch (opened.state()) {
                        case NOT_FOUND -> notFound(ctx);
                        case LOCKED, EXPIRED -> ended(ctx, opened);
                        default -> codeForm(ctx, 200, opened, null, false);
                    }
                })
                .onFailure(ctx::fail);
    }

    private void enterCode(RoutingContext ctx) {
        String token = token(ctx);
        if (token == null) return;
        String code = ctx.request().getFormAttribute("code");
        String normal = code == null ? "" : code.strip();
        if (normal.isEmpty() || normal.length() > 20) {
            links.peek(token)
                    .onSuccess(opened -> {
                        if (opened.state() == State.NOT_FOUND) notFound(ctx);
                        else
                            codeForm(
                                    ctx,
                                    400,
                                    opened,
                                    normal.isEmpty()
                                            ? "Enter the access code from our second email."
                                            : "The access code is 8 letters and numbers, like ABCD-2345.",
                                    false);
                    })
                    .onFailure(ctx::fail);
            return;
        }
        links.open(new ByCode(token, normal), true)
                .compose(opened -> switch (opened.state()) {
                    case LIVE -> links.startVisit(opened.share()).map(visit -> {
                        ctx.response()
                                .addCookie(Cookie.cookie(COOKIE, visit.cookie())
                                        .setPath("/s/" + token)
                                        .setHttpOnly(true)
                                        .setSecure(pages.secureCookies(ctx))
                                        .setSameSite(CookieSameSite.STRICT)
                                        .setMaxAge(SharedLinks.VISIT.toSeconds()));
                        WebPages.redirect(ctx, "/s/" + token + "/documents");
                        return null;
                    });
                    case WRONG_CODE -> {
                        if (opened.codesLeft() == 0) ended(ctx, new Opened(State.LOCKED, opened.share()));
                        else
                            codeForm(
                                    ctx,
                                    400,
                                    opened,
                                    "That code is not right. Check the code in our second email and try again. You can try "
                                            + tries(opened.codesLeft()) + ".",
                                    false);
                        yield Future.succeededFuture();
                    }
                    case NOT_FOUND -> {
                        notFound(ctx);
                        yield Future.succeededFuture();
                    }
                    default -> {
                        ended(ctx, opened);
                        yield Future.succeededFuture();
                    }
                })
                .onFailure(ctx::fail);
    }

    /** The documents, each a download, and the advice form: a view, recorded as a disclosure. */
    private void documents(RoutingContext ctx) {
        String token = token(ctx);
        if (token == null) return;
        visit(ctx, token).onSuccess(opened -> {
            if (opened != null) showDocuments(ctx, 200, opened, null);
        });
    }

    private void showDocuments(RoutingContext ctx, int status, Opened opened, String adviceError) {
        Row share = opened.share();
        links.view(share, ClientAddress.of(ctx))
                .onSuccess(shown -> {
                    JsonArray versions = shown.versions();
                    String token = ctx.pathParam("token");
                    List<Map<String, Object>> items = new ArrayList<>();
                    for (int i = 0; i < versions.size(); i++) {
                        JsonObject v = versions.getJsonObject(i);
                        items.add(Map.of(
                                "title", v.getString("title"),
                                "kind", DocumentKind.labelOf(v.getString("kind")),
                                "version", v.getInteger("version"),
                                "date",
                                        SchoolTime.day(java.time.OffsetDateTime.parse(v.getString("uploadedAt"))
                                                .atZoneSameInstant(zone(share))),
                                "size", size(v.getLong("sizeBytes")),
                                "format", format(v.getString("mediaType")),
                                "href", "/s/" + token + "/files/" + v.getString("id")));
                    }
                    int left = share.getInteger("max_downloads") - share.getInteger("downloads");
                    Map<String, Object> model = common(share);
                    model.put("documents", items);
                    model.put("draftViews", draftViews(shown.draftViews(), zone(share)));
                    model.put("downloadsLeft", Math.max(0, left));
                    model.put("maxDownloads", share.getInteger("max_downloads"));
                    model.put("acceptsAdvice", share.getBoolean("accepts_advice"));
                    model.put("formToken", opened.formToken());
                    model.put("adviceAction", "/s/" + token + "/advice");
                    model.put("adviceError", adviceError);
                    pages.render(ctx, status, "share-documents", model);
                })
                .onFailure(ctx::fail);
    }

    /** The views kept with a shared draft, as the page shows them; null when the link carries none. */
    private static List<Map<String, Object>> draftViews(JsonArray views, java.time.ZoneId zone) {
        if (views == null) return null;
        List<Map<String, Object>> shown = new ArrayList<>();
        for (int i = 0; i < views.size(); i++) {
            JsonObject v = views.getJsonObject(i);
            Map<String, Object> item = new java.util.HashMap<>();
            item.put("draft", v.getString("draftTitle"));
            item.put(
                    "by",
                    switch (v.getString("givenAs")) {
                        case "school" -> "The school";
                        case "young-person" -> "The young person";
                        default -> "The family (a parent)";
                    });
            item.put(
                    "date",
                    SchoolTime.day(
                            java.time.Instant.parse(v.getString("givenAt")).atZone(zone)));
            item.put("views", v.getString("views"));
            item.put("preferredSchool", v.getString("preferredSchool"));
            shown.add(item);
        }
        return shown;
    }

    private void download(RoutingContext ctx) {
        String token = token(ctx);
        if (token == null) return;
        UUID versionId;
        try {
            versionId = UUID.fromString(ctx.pathParam("versionId"));
        } catch (IllegalArgumentException ex) {
            notFound(ctx);
            return;
        }
        visit(ctx, token).onSuccess(opened -> {
            if (opened == null) return;
            links.download(opened.share(), versionId, ClientAddress.of(ctx))
                    .compose(file -> {
                        WebPages.secure(ctx.response().headers());
                        return DocumentRoutes.file(ctx, file);
                    })
                    .onFailure(failure -> failed(ctx, opened, failure));
        });
    }

    /** Advice from the form: the file checked and kept as the JSON API does, then a confirmation (post, redirect, get). */
    private void sendAdvice(RoutingContext ctx) {
        String token = token(ctx);
        if (token == null) return;
        visit(ctx, token).onSuccess(opened -> {
            if (opened == null) return;
            String sent = ctx.request().getFormAttribute("formToken");
            if (sent == null
                    || !MessageDigest.isEqual(
                            sent.getBytes(StandardCharsets.UTF_8),
                            opened.formToken().getBytes(StandardCharsets.UTF_8))) {
                ctx.fail(403);
                return;
            }
            FileUpload upload = ctx.fileUploads().stream()
                    .filter(f -> f.name().equals("advice") && f.size() > 0)
                    .findFirst()
                    .orElse(null);
            if (upload == null) {
                showDocuments(ctx, 400, opened, "Choose the file with your advice: a PDF, or a JPEG or PNG scan.");
                return;
            }
            vertx.fileSystem()
                    .readFile(upload.uploadedFileName())
                    .compose(body -> links.uploadAdvice(
                            opened.share(), fileName(upload.fileName()), body, ClientAddress.of(ctx)))
                    .onSuccess(version -> WebPages.redirect(ctx, "/s/" + token + "/received"))
                    .onFailure(failure -> {
                        if (failure instanceof Problem p
                                && (p.type == ProblemType.VALIDATION || p.type == ProblemType.PAYLOAD_TOO_LARGE))
                            showDocuments(
                                    ctx,
                                    400,
                                    opened,
                                    p.type == ProblemType.PAYLOAD_TOO_LARGE
                                            ? "That file is too large. Files can be up to 20 MB."
                                            : "We can only take a PDF, or a JPEG or PNG scan. Please choose a file of one of those kinds.");
                        else failed(ctx, opened, failure);
                    });
        });
    }

    /** The confirmation after advice is sent: what arrived, and when. */
    private void received(RoutingContext ctx) {
        String token = token(ctx);
        if (token == null) return;
        visit(ctx, token).onSuccess(opened -> {
            if (opened == null) return;
            links.lastAdvice(opened.share())
                    .onSuccess(advice -> {
                        if (advice == null) {
                            WebPages.redirect(ctx, "/s/" + token + "/documents");
                            return;
                        }
                        Map<String, Object> model = common(opened.share());
                        model.put(
                                "fileName",
                                advice.getString("file_name") == null ? "Your file" : advice.getString("file_name"));
                        model.put("size", size(advice.getLong("size_bytes")));
                        model.put(
                                "at",
                                SchoolTime.when(advice.getOffsetDateTime("uploaded_at")
                                        .atZoneSameInstant(zone(opened.share()))));
                        model.put("back", "/s/" + token + "/documents");
                        pages.render(ctx, 200, "share-received", model);
                    })
                    .onFailure(ctx::fail);
        });
    }

    /**
     * The link opened by this browser's visit; null (the answer already sent) when there is no
     * visit (the code form again) or the link no longer works (the page that says why).
     */
    private Future<Opened> visit(RoutingContext ctx, String token) {
        Cookie cookie = ctx.request().getCookie(COOKIE);
        Future<Opened> opened = cookie == null
                // No visit: what the landing page would say (locked, expired), or the code form again.
                ? links.peek(token).map(o -> switch (o.state()) {
                    case NOT_FOUND, LOCKED, EXPIRED -> o;
                    default -> new Opened(State.NO_VISIT, o.share());
                })
                : links.open(new ByVisit(token, cookie.getValue()), true);
        return opened.map(o -> {
                    switch (o.state()) {
                        case LIVE -> {
                            return o;
                        }
                        case NOT_FOUND -> notFound(ctx);
                        case NO_VISIT -> codeForm(ctx, 200, o, null, true);
                        default -> ended(ctx, o);
                    }
                    return null;
                })
                .onFailure(ctx::fail);
    }

    private void failed(RoutingContext ctx, Opened opened, Throwable failure) {
        if (failure instanceof Problem p && p.type == ProblemType.NOT_FOUND) notFound(ctx);
        else if (failure instanceof Problem p && p.type == ProblemType.GONE)
            ended(ctx, new Opened(State.USED_UP, opened.share()));
        else ctx.fail(failure);
    }

    private void codeForm(RoutingContext ctx, int status, Opened opened, String error, boolean again) {
        Map<String, Object> model = common(opened.share());
        model.put("action", "/s/" + ctx.pathParam("token"));
        model.put("error", error);
        model.put("again", again);
        model.put("codesLeft", opened.codesLeft());
        pages.render(ctx, status, "share-code", model);
    }

    private void ended(RoutingContext ctx, Opened opened) {
        Map<String, Object> model = common(opened.share());
        model.put(
                "reason",
                switch (opened.state()) {
                    case LOCKED -> "locked";
                    case REVOKED -> "revoked";
                    case CONSENT_WITHDRAWN -> "consent-withdrawn";
                    case EXPIRED -> "expired";
                    default -> "used-up";
                });
        model.put("maxDownloads", opened.share().getInteger("max_downloads"));
        pages.render(ctx, 410, "share-ended", model);
    }

    private void notFound(RoutingContext ctx) {
        pages.render(ctx, 404, "not-found", Map.of());
    }

    /** The school, the date the link works until, and the zone it is given in. */
    private static Map<String, Object> common(Row share) {
        Map<String, Object> model = new HashMap<>();
        ZoneId zone = zone(share);
        model.put("school", share.getString("school_name"));
        model.put("until", SchoolTime.when(share.getOffsetDateTime("expires_at").atZoneSameInstant(zone)));
        model.put("zone", SchoolTime.zoneName(zone));
        return model;
    }

    private static ZoneId zone(Row share) {
        return ZoneId.of(share.getString("school_time_zone"));
    }

    /** The token from the path, or null after answering "not found" for one that cannot be a token. */
    private String token(RoutingContext ctx) {
        String token = ctx.pathParam("token");
        if (token != null && TOKEN.matcher(token).matches()) return token;
        notFound(ctx);
        return null;
    }

    /** A file's name as the browser sent it, without any folder, at most 200 characters. */
    static String fileName(String sent) {
        if (sent == null || sent.isBlank()) return null;
        String name = sent.substring(Math.max(sent.lastIndexOf('/'), sent.lastIndexOf('\\')) + 1)
                .strip();
        name = name.replaceAll("\\p{Cntrl}", "");
        return name.isEmpty() ? null : name.substring(0, Math.min(200, name.length()));
    }

    static String size(long bytes) {
        if (bytes < 1024) return bytes + " bytes";
        if (bytes < 1024 * 1024) return Math.round(bytes / 1024.0) + " KB";
        return String.format(Locale.UK, "%.1f MB", bytes / (1024.0 * 1024.0));
    }

    private static String format(String mediaType) {
        return switch (mediaType) {
            case "application/pdf" -> "PDF";
            case "image/jpeg" -> "JPEG picture";
            case "image/png" -> "PNG picture";
            default -> "file";
        };
    }

    private static String tries(int left) {
        return left == 1 ? "once more" : left + " more times";
    }
}
