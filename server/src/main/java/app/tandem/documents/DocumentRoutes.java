package app.tandem.documents;

import static app.tandem.platform.Operation.answers;
import static app.tandem.platform.Operation.created;
import static app.tandem.platform.Operation.ok;

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
                ok("listPupilDocuments", c -> documents.list(c.caller(), c.id("pupilId"))),
                created(
                        "uploadDocument",
                        c -> documents.upload(
                                c.caller(),
                                c.id("pupilId"),
                                DocumentKind.of(c.query("kind")),
                                c.query("title"),
                                Boolean.parseBoolean(c.query("sendToParents")),
                                c.query("fileName"),
                                c.ctx().body().buffer())),
                created(
                        "addDocumentVersion",
                        c -> documents.addVersion(
                                c.caller(),
                                c.id("documentId"),
                                c.query("fileName"),
                                c.ctx().body().buffer())),
                answers("getDocumentVersion", ctx -> documents
                        .download(Caller.of(ctx), Requests.pathId(ctx, "documentId"), Requests.pathId(ctx, "versionId"))
                        .compose(file -> file(ctx, file))),
                ok("listCapacityAssessments", c -> capacity.list(c.caller(), c.id("pupilId"))),
                created(
                        "recordCapacityAssessment",
                        c -> capacity.record(c.caller(), c.id("pupilId"), CapacityStore.Assessment.from(c.body()))),
                ok("listConsents", c -> consents.list(c.caller(), c.id("pupilId"))),
                created(
                        "grantConsent",
                        c -> consents.grant(c.caller(), c.id("pupilId"), ConsentStore.Grant.from(c.body()))),
                ok("withdrawConsent", c -> consents.withdraw(c.caller(), c.id("consentId"))),
                ok("listShares", c -> shares.list(c.caller(), c.id("pupilId"))),
                created(
                        "createShare",
                        c -> shares.create(c.caller(), c.id("pupilId"), ShareStore.Request.from(c.body()))),
                ok("revokeShare", c -> shares.revoke(c.caller(), c.id("shareId"))),
                ok("listDisclosures", c -> shares.disclosures(c.caller(), c.id("pupilId"))),
                ok(
                        "listSchoolDisclosures",
                        c -> shares.schoolDisclosures(
                                c.caller(),
                                c.queryId("pupilId"),
                                Boolean.parseBoolean(c.query("notToBeTold")),
                                c.queryDate("from"),
                                c.queryDate("to"))),
                ok("getParentsReading", c -> parentsReading.get(c.caller(), c.id("pupilId"))),
                ok(
                        "recordParentsReading",
                        c -> parentsReading.record(c.caller(), c.id("pupilId"), ParentsReading.Choice.from(c.body()))),
                ok("openSharedDocuments", c -> links.viewJson(byCode(c.ctx()), ClientAddress.of(c.ctx()))),
                answers("downloadSharedVersion", ctx -> links.downloadJson(
                                byCode(ctx), Requests.pathId(ctx, "versionId"), ClientAddress.of(ctx))
                        .compose(file -> file(ctx, file))),
                created(
                        "uploadSharedAdvice",
                        c -> links.uploadAdviceJson(
                                byCode(c.ctx()),
                                c.query("fileName"),
                                c.ctx().body().buffer(),
                                ClientAddress.of(c.ctx()))));
    }

    private static SharedLinks.Key byCode(RoutingContext ctx) {
        return new SharedLinks.ByCode(ctx.pathParam("token"), ctx.request().getHeader(ACCESS_CODE));
    }

    static Future<Void> file(RoutingContext ctx, Row file) {
        return Downloads.send(
                ctx, file.getString("media_type"), file.getString("file_name"), file.getBuffer("content"));
    }
}
