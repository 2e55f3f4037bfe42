package app.tandem.documents;

import app.tandem.platform.Caller;
import app.tandem.platform.ClientAddress;
import app.tandem.platform.Downloads;
import app.tandem.platform.Operation;
import app.tandem.platform.Requests;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Row;
import java.util.Map;

/** Documents, consent, shares and disclosures: operationId → handler. */
record DocumentRoutes(
        DocumentService documents,
        Consents consents,
        Shares shares,
        SharedLinks links,
        CapacityAssessments capacity,
        ParentsReading parentsReading) {
    static final String ACCESS_CODE = "Tandem-Access-Code";

    Map<String, Operation> operations() {
        return Map.ofEntries(
                Map.entry(
                        "listPupilDocuments",
                        Operation.ok(ctx -> documents.list(Caller.of(ctx), Requests.pathId(ctx, "pupilId")))),
                Map.entry(
                        "uploadDocument",
                        Operation.created(ctx -> documents.upload(
                                Caller.of(ctx),
                                Requests.pathId(ctx, "pupilId"),
                                DocumentKind.of(ctx.queryParams().get("kind")),
                                ctx.queryParams().get("title"),
                                Boolean.parseBoolean(ctx.queryParams().get("sendToParents")),
                                ctx.queryParams().get("fileName"),
                                ctx.body().buffer()))),
                Map.entry(
                        "addDocumentVersion",
                        Operation.created(ctx -> documents.addVersion(
                                Caller.of(ctx),
                                Requests.pathId(ctx, "documentId"),
                                ctx.queryParams().get("fileName"),
                                ctx.body().buffer()))),
                Map.entry("getDocumentVersion", ctx -> documents
                        .download(Caller.of(ctx), Requests.pathId(ctx, "documentId"), Requests.pathId(ctx, "versionId"))
                        .compose(file -> file(ctx, file))),
                Map.entry(
                        "listCapacityAssessments",
                        Operation.ok(ctx -> capacity.list(Caller.of(ctx), Requests.pathId(ctx, "pupilId")))),
                Map.entry(
                        "recordCapacityAssessment",
                        Operation.created(ctx -> capacity.record(
                                Caller.of(ctx),
                                Requests.pathId(ctx, "pupilId"),
                                CapacityStore.Assessment.from(ctx.body().asJsonObject())))),
                Map.entry(
                        "listConsents",
                        Operation.ok(ctx -> consents.list(Caller.of(ctx), Requests.pathId(ctx, "pupilId")))),
                Map.entry(
                        "grantConsent",
                        Operation.created(ctx -> consents.grant(
                                Caller.of(ctx),
                                Requests.pathId(ctx, "pupilId"),
                                ConsentStore.Grant.from(ctx.body().asJsonObject())))),
                Map.entry(
                        "withdrawConsent",
                        Operation.ok(ctx -> consents.withdraw(Caller.of(ctx), Requests.pathId(ctx, "consentId")))),
                Map.entry(
                        "listShares",
                        Operation.ok(ctx -> shares.list(Caller.of(ctx), Requests.pathId(ctx, "pupilId")))),
                Map.entry(
                        "createShare",
                        Operation.created(ctx -> shares.create(
                                Caller.of(ctx),
                                Requests.pathId(ctx, "pupilId"),
                                ShareStore.Request.from(ctx.body().asJsonObject())))),
                Map.entry(
                        "revokeShare",
                        Operation.ok(ctx -> shares.revoke(Caller.of(ctx), Requests.pathId(ctx, "shareId")))),
                Map.entry(
                        "listDisclosures",
                        Operation.ok(ctx -> shares.disclosures(Caller.of(ctx), Requests.pathId(ctx, "pupilId")))),
                Map.entry(
                        "listSchoolDisclosures",
                        Operation.ok(ctx -> shares.schoolDisclosures(
                                Caller.of(ctx),
                                Requests.queryId(ctx, "pupilId"),
                                Boolean.parseBoolean(ctx.queryParams().get("notToBeTold")),
                                Requests.queryDate(ctx, "from"),
                                Requests.queryDate(ctx, "to")))),
                Map.entry(
                        "getParentsReading",
                        Operation.ok(ctx -> parentsReading.get(Caller.of(ctx), Requests.pathId(ctx, "pupilId")))),
                Map.entry(
                        "recordParentsReading",
                        Operation.ok(ctx -> parentsReading.record(
                                Caller.of(ctx),
                                Requests.pathId(ctx, "pupilId"),
                                ParentsReading.Choice.from(ctx.body().asJsonObject())))),
                Map.entry(
                        "openSharedDocuments", Operation.ok(ctx -> links.viewJson(byCode(ctx), ClientAddress.of(ctx)))),
                Map.entry("downloadSharedVersion", ctx -> links.downloadJson(
                                byCode(ctx), Requests.pathId(ctx, "versionId"), ClientAddress.of(ctx))
                        .compose(file -> file(ctx, file))),
                Map.entry(
                        "uploadSharedAdvice",
                        Operation.created(ctx -> links.uploadAdviceJson(
                                byCode(ctx),
                                ctx.queryParams().get("fileName"),
                                ctx.body().buffer(),
                                ClientAddress.of(ctx)))));
    }

    private static SharedLinks.Key byCode(RoutingContext ctx) {
        return new SharedLinks.ByCode(ctx.pathParam("token"), ctx.request().getHeader(ACCESS_CODE));
    }

    static Future<Void> file(RoutingContext ctx, Row file) {
        return Downloads.send(
                ctx, file.getString("media_type"), file.getString("file_name"), file.getBuffer("content"));
    }
}
