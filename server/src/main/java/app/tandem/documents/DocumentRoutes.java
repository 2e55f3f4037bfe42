package app.tandem.documents;

import app.tandem.platform.Caller;
import app.tandem.platform.ClientAddress;
import app.tandem.platform.Downloads;
import app.tandem.platform.Json;
import app.tandem.platform.Operation;
import app.tandem.platform.Requests;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Row;
import java.util.Map;

/** Documents, consent, shares and disclosures: operationId → handler. */
final class DocumentRoutes {
    static final String ACCESS_CODE = "Tandem-Access-Code";

    private final DocumentService documents;
    private final Consents consents;
    private final Shares shares;
    private final SharedLinks links;
    private final CapacityAssessments capacity;
    private final ParentsReading parentsReading;

    DocumentRoutes(
            DocumentService documents,
            Consents consents,
            Shares shares,
            SharedLinks links,
            CapacityAssessments capacity,
            ParentsReading parentsReading) {
        this.documents = documents;
        this.links = links;
        this.consents = consents;
        this.shares = shares;
        this.capacity = capacity;
        this.parentsReading = parentsReading;
    }

    Map<String, Operation> operations() {
        return Map.ofEntries(
                Map.entry("listPupilDocuments", ctx -> documents
                        .list(Caller.of(ctx), Requests.pathId(ctx, "pupilId"))
                        .compose(json -> Json.ok(ctx, json))),
                Map.entry("uploadDocument", ctx -> documents
                        .upload(
                                Caller.of(ctx),
                                Requests.pathId(ctx, "pupilId"),
                                ctx.queryParams().get("kind"),
                                ctx.queryParams().get("title"),
                                Boolean.parseBoolean(ctx.queryParams().get("sendToParents")),
                                ctx.queryParams().get("fileName"),
                                ctx.body().buffer())
                        .compose(json -> Json.created(ctx, json))),
                Map.entry("addDocumentVersion", ctx -> documents
                        .addVersion(
                                Caller.of(ctx),
                                Requests.pathId(ctx, "documentId"),
                                ctx.queryParams().get("fileName"),
                                ctx.body().buffer())
                        .compose(json -> Json.created(ctx, json))),
                Map.entry("getDocumentVersion", ctx -> documents
                        .download(Caller.of(ctx), Requests.pathId(ctx, "documentId"), Requests.pathId(ctx, "versionId"))
                        .compose(file -> file(ctx, file))),
                Map.entry(
                        "listCapacityAssessments", ctx -> capacity.list(Caller.of(ctx), Requests.pathId(ctx, "pupilId"))
                                .compose(json -> Json.ok(ctx, json))),
                Map.entry("recordCapacityAssessment", ctx -> capacity.record(
                                Caller.of(ctx),
                                Requests.pathId(ctx, "pupilId"),
                                ctx.body().asJsonObject())
                        .compose(json -> Json.created(ctx, json))),
                Map.entry("listConsents", ctx -> consents.list(Caller.of(ctx), Requests.pathId(ctx, "pupilId"))
                        .compose(json -> Json.ok(ctx, json))),
                Map.entry("grantConsent", ctx -> consents.grant(
                                Caller.of(ctx),
                                Requests.pathId(ctx, "pupilId"),
                                ctx.body().asJsonObject())
                        .compose(json -> Json.created(ctx, json))),
                Map.entry("withdrawConsent", ctx -> consents.withdraw(Caller.of(ctx), Requests.pathId(ctx, "consentId"))
                        .compose(json -> Json.ok(ctx, json))),
                Map.entry("listShares", ctx -> shares.list(Caller.of(ctx), Requests.pathId(ctx, "pupilId"))
                        .compose(json -> Json.ok(ctx, json))),
                Map.entry("createShare", ctx -> shares.create(
                                Caller.of(ctx),
                                Requests.pathId(ctx, "pupilId"),
                                ctx.body().asJsonObject())
                        .compose(json -> Json.created(ctx, json))),
                Map.entry("revokeShare", ctx -> shares.revoke(Caller.of(ctx), Requests.pathId(ctx, "shareId"))
                        .compose(json -> Json.ok(ctx, json))),
                Map.entry("listDisclosures", ctx -> shares.disclosures(Caller.of(ctx), Requests.pathId(ctx, "pupilId"))
                        .compose(json -> Json.ok(ctx, json))),
                Map.entry("listSchoolDisclosures", ctx -> shares.schoolDisclosures(
                                Caller.of(ctx),
                                Requests.queryId(ctx, "pupilId"),
                                Boolean.parseBoolean(ctx.queryParams().get("notToBeTold")),
                                Requests.queryDate(ctx, "from"),
                                Requests.queryDate(ctx, "to"))
                        .compose(json -> Json.ok(ctx, json))),
                Map.entry("getParentsReading", ctx -> parentsReading
                        .get(Caller.of(ctx), Requests.pathId(ctx, "pupilId"))
                        .compose(json -> Json.ok(ctx, json))),
                Map.entry("recordParentsReading", ctx -> parentsReading
                        .record(
                                Caller.of(ctx),
                                Requests.pathId(ctx, "pupilId"),
                                ctx.body().asJsonObject())
                        .compose(json -> Json.ok(ctx, json))),
                Map.entry("openSharedDocuments", ctx -> links.viewJson(byCode(ctx), ClientAddress.of(ctx))
                        .compose(json -> Json.ok(ctx, json))),
                Map.entry("downloadSharedVersion", ctx -> links.downloadJson(
                                byCode(ctx), Requests.pathId(ctx, "versionId"), ClientAddress.of(ctx))
                        .compose(file -> file(ctx, file))),
                Map.entry("uploadSharedAdvice", ctx -> links.uploadAdviceJson(
                                byCode(ctx),
                                ctx.queryParams().get("fileName"),
                                ctx.body().buffer(),
                                ClientAddress.of(ctx))
                        .compose(json -> Json.created(ctx, json))));
    }

    private static SharedLinks.Key byCode(RoutingContext ctx) {
        return new SharedLinks.ByCode(ctx.pathParam("token"), ctx.request().getHeader(ACCESS_CODE));
    }

    static Future<Void> file(RoutingContext ctx, Row file) {
        return Downloads.send(
                ctx, file.getString("media_type"), file.getString("file_name"), file.getBuffer("content"));
    }
}
