package app.tandem;

import app.tandem.access.Access;
import app.tandem.assessment.Assessments;
import app.tandem.attachments.Attachments;
import app.tandem.audit.Audit;
import app.tandem.audit.AuditKey;
import app.tandem.audit.AuditRecorder;
import app.tandem.backup.NightlyBackup;
import app.tandem.directory.Directory;
import app.tandem.directory.DirectoryChanges;
import app.tandem.disagreement.Disagreements;
import app.tandem.documents.Documents;
import app.tandem.identity.Identity;
import app.tandem.identity.SigningKeys;
import app.tandem.mail.Mail;
import app.tandem.meetings.Meetings;
import app.tandem.messaging.Messaging;
import app.tandem.notices.Notices;
import app.tandem.platform.ApiDocsRoutes;
import app.tandem.platform.ApiRouter;
import app.tandem.platform.AppConfig;
import app.tandem.platform.BodyLimits;
import app.tandem.platform.BuildInfo;
import app.tandem.platform.Capability;
import app.tandem.platform.Contract;
import app.tandem.platform.ContractSchemas;
import app.tandem.platform.Database;
import app.tandem.platform.HealthRoutes;
import app.tandem.platform.Housekeeping;
import app.tandem.platform.ManagementServer;
import app.tandem.platform.Operation;
import app.tandem.platform.TextRules;
import app.tandem.platform.WebPages;
import app.tandem.push.Push;
import app.tandem.realtime.Realtime;
import app.tandem.record.SendRecord;
import app.tandem.voice.Voice;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.sqlclient.Pool;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every capability of a running server in start order (the platform's own operations first), built
 * in dependency order, started in that order and stopped in reverse; with the ones the server and
 * tests reach by name, and the routers that serve them.
 */
record Capabilities(
        List<Capability> all,
        Identity identity,
        Realtime realtime,
        WebPages pages,
        Audit audit,
        Housekeeping housekeeping) {
    private static final Logger log = LoggerFactory.getLogger(Capabilities.class);

    /** Builds every capability, in dependency order; nothing runs until {@link #startAll}. */
    static Capabilities wire(
            Vertx vertx,
            AppConfig config,
            Database database,
            Pool pool,
            SigningKeys keys,
            AtomicBoolean draining,
            PrometheusMeterRegistry registry,
            Contract contract,
            AuditKey auditKey,
            Clock clock) {
        // One access rule object: the one whose cache every directory change drops.
        Access access = new Access(pool);
        Audit audit = new Audit(vertx, pool, access, auditKey, clock);
        HealthRoutes health = new HealthRoutes(pool, draining, registry, config.managementPort() > 0);
        URI publicUrl = config.mail().publicUrl().orElse(URI.create("http://localhost:" + config.httpPort()));
        WebPages pages =
                new WebPages(vertx, publicUrl, Path.of(System.getProperty("java.io.tmpdir"), "tandem-uploads"));
        Mail mail = new Mail(vertx, pool, config.mail(), clock, registry);
        Identity identity = new Identity(vertx, pool, access, keys, config.auth(), mail.enabled(), publicUrl, clock);
        Runnable forget = () -> {
            access.forgetAll();
            identity.forgetSessions();
        };
        Attachments attachments = new Attachments(vertx, pool, clock);
        Notices notices = new Notices(vertx, pool, access, attachments, clock);
        Messaging messaging = new Messaging(pool, access, attachments, clock);
        Directory directory = new Directory(pool, access, identity, forget);
        Voice voice = new Voice(vertx, pool, access, messaging, clock);
        Documents documents = new Documents(vertx, pool, access, notices, mail.enabled(), publicUrl, clock);
        SendRecord record = new SendRecord(vertx, pool, access, notices, voice, clock);
        Push push = new Push(
                vertx, pool, database.url().connectOptions(), config.push(), registry, clock, messaging::unreadTotals);
        Realtime realtime = new Realtime(
                vertx,
                pool,
                database.url().connectOptions(),
                identity,
                messaging,
                clock,
                config.liveEventRetention(),
                config.liveMaxSockets());
        List<Capability> all = List.of(
                platform(health.operations()),
                platform(new ApiDocsRoutes(contract.yaml(), BuildInfo.property("swaggerUiVersion")).operations()),
                pages,
                new DirectoryChanges(vertx, database.url().connectOptions(), List.of(forget)),
                identity,
                directory,
                attachments,
                notices,
                messaging,
                voice,
                mail,
                documents,
                record,
                new Assessments(vertx, pool, access, notices, voice, record, documents.drafts(), attachments, clock),
                new Disagreements(pool, access, clock),
                new Meetings(
                        vertx,
                        pool,
                        access,
                        notices,
                        documents.forReviews(),
                        Mail.address(config.mail().from()),
                        mail.enabled(),
                        clock),
                push,
                realtime,
                audit,
                new NightlyBackup(vertx, database.url(), config, registry, clock),
                new ManagementServer(vertx, health, config.managementPort()));
        List<Housekeeping.Chore> chores =
                all.stream().flatMap(c -> c.chores().stream()).toList();
        audit.exportFrom(all, contract.document());
        return new Capabilities(
                all, identity, realtime, pages, audit, new Housekeeping(vertx, pool, clock, chores, registry));
    }

    /**
     * Starts every capability, then one HTTP server per event loop on the port, then housekeeping;
     * the deployment's id. If the servers cannot start, the capabilities are stopped again.
     */
    Future<String> serve(Vertx vertx, AppConfig config, Contract contract, int port) {
        Supplier<Handler<HttpServerRequest>> routers = routers(vertx, config, contract);
        return startAll(0)
                .compose(v -> vertx.deployVerticle(
                                () -> new HttpVerticle(routers, realtime, port, config.shutdownGrace()),
                                new DeploymentOptions().setInstances(config.eventLoops()))
                        .recover(failure -> stopAll(all.size()).transform(stopped -> Future.failedFuture(failure))))
                .onSuccess(deployment -> housekeeping.start());
    }

    /** The paths that take files, and how large. */
    private static Map<String, Integer> uploadLimits() {
        Map<String, Integer> limits = new HashMap<>();
        limits.put(Attachments.UPLOAD_PATH, Attachments.MAX_BYTES);
        limits.put(Voice.UPLOAD_PATH, Voice.MAX_UPLOAD_BYTES);
        for (String path : Documents.UPLOAD_PATHS) limits.put(path, Documents.MAX_UPLOAD_BYTES);
        return limits;
    }

    private static Capability platform(Map<String, Operation> operations) {
        return new Capability() {
            @Override
            public Map<String, Operation> operations() {
                return operations;
            }
        };
    }

    /**
     * A router per event loop: the contract's operations (validated, authenticated, audited) and
     * the web pages for people without the app, each request to one or the other by its path.
     */
    private Supplier<Handler<HttpServerRequest>> routers(Vertx vertx, AppConfig config, Contract contract) {
        Map<String, AuditRecorder.Marking> audited = AuditRecorder.markings(contract.document());
        Map<String, Operation> bindings = operations(all);
        Set<String> open = contract.publicOperations();
        TextRules textRules = new TextRules(new ContractSchemas(contract.document()));
        BodyLimits limits = new BodyLimits(config.bodyLimitBytes(), uploadLimits());
        return () -> {
            Router api = ApiRouter.create(
                    vertx,
                    contract.routable(),
                    bindings,
                    limits,
                    identity::authenticatorFor,
                    open,
                    textRules,
                    config.trustForwarded(),
                    id -> audited.containsKey(id) ? audit.recorder().forOperation(audited.get(id)) : null);
            Router web = pages.router(all, Documents.MAX_UPLOAD_BYTES, config.trustForwarded());
            return request -> (WebPages.isPage(request.path()) ? web : api).handle(request);
        };
    }

    /** Starts capabilities from `from` on, in order; if one fails, those already started are stopped. */
    Future<Void> startAll(int from) {
        if (from == all.size()) return Future.succeededFuture();
        return all.get(from)
                .start()
                .recover(failure -> stopAll(from).transform(stopped -> Future.failedFuture(failure)))
                .compose(v -> startAll(from + 1));
    }

    /** Stops the first `count` capabilities in reverse order; every one is stopped even if another fails. */
    Future<Void> stopAll(int count) {
        Future<Void> chain = Future.succeededFuture();
        for (int i = count - 1; i >= 0; i--) {
            Capability capability = all.get(i);
            chain = chain.eventually(() -> capability.stop().recover(ex -> {
                log.atWarn().setCause(ex).log("a capability did not stop cleanly");
                return Future.succeededFuture();
            }));
        }
        return chain;
    }

    /** Every capability's operations, keyed by operationId; the router checks them against the contract. */
    static Map<String, Operation> operations(List<Capability> capabilities) {
        Map<String, Operation> all = new HashMap<>();
        for (Capability capability : capabilities) {
            capability.operations().forEach((id, op) -> {
                if (all.putIfAbsent(id, op) != null) throw new IllegalStateException("operation bound twice: " + id);
            });
        }
        return all;
    }
}
