package app.tandem.mail;

import app.tandem.platform.AppConfig.MailSettings;
import app.tandem.platform.Capability;
import app.tandem.platform.Housekeeping;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.mail.LoginOption;
import io.vertx.ext.mail.MailAttachment;
import io.vertx.ext.mail.MailClient;
import io.vertx.ext.mail.MailConfig;
import io.vertx.ext.mail.MailMessage;
import io.vertx.ext.mail.StartTLSOptions;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the mail outbox through SMTP (Vert.x's mail client, so no thread blocks). Every replica
 * claims due rows under a lease, sends each, and marks it sent only when the server accepted it;
 * a failure is retried with exponential backoff and jitter, and given up after the configured
 * number of attempts with the reason kept. With no SMTP host nothing is sent: the capabilities that
 * would email say so to the person who asked, and pass the link or code to them instead.
 */
public final class Mail implements Capability {
    private static final Logger log = LoggerFactory.getLogger(Mail.class);
    private static final Duration TICK = Duration.ofSeconds(1);
    private static final Duration LEASE = Duration.ofSeconds(120);
    private static final Duration MAX_BACKOFF = Duration.ofHours(1);
    private static final int CLAIM = 50;

    private final Vertx vertx;
    private final Pool pool;
    private final MailSettings settings;
    private final Clock clock;
    private final MailStore store = new MailStore();
    private MailClient client;
    private long timer = -1;
    private boolean busy;

    private final io.micrometer.core.instrument.Counter sentCount;
    private final io.micrometer.core.instrument.Counter failedCount;
    private final io.micrometer.core.instrument.Counter retriedCount;

    public Mail(
            Vertx vertx,
            Pool pool,
            MailSettings settings,
            Clock clock,
            io.micrometer.core.instrument.MeterRegistry registry) {
        this.vertx = vertx;
        this.pool = pool;
        this.settings = settings;
        this.clock = clock;
        // As push counts its sends: what went, what was given up, what waits for a retry.
        this.sentCount = counter(registry, "tandem_mail_sent", "Emails the SMTP server accepted");
        this.failedCount = counter(registry, "tandem_mail_failed", "Emails given up after the last attempt");
        this.retriedCount = counter(registry, "tandem_mail_retried", "Emails put back for a retry");
    }

    private static io.micrometer.core.instrument.Counter counter(
            io.micrometer.core.instrument.MeterRegistry registry, String name, String description) {
        return io.micrometer.core.instrument.Counter.builder(name)
                .description(description)
                .register(registry);
    }

    /** Whether emails are sent; without SMTP, links and codes are handed to the person who asked. */
    public boolean enabled() {
        return settings.enabled();
    }

    /**
     * Sent and given-up emails are kept 90 days (their bodies already erased), to answer "was the
     * link sent?", then deleted.
     */
    @Override
    public List<Housekeeping.Chore> chores() {
        return List.of(new Housekeeping.Chore("settled-emails", Duration.ofDays(90), MailStore.SETTLED));
    }

    @Override
    public Future<Void> start() {
        if (!settings.enabled()) {
            log.warn("email is off: set TANDEM_SMTP_HOST to send share links and invitations; until then they are"
                    + " handed to the staff who make them, to pass on");
            return Future.succeededFuture();
        }
        MailConfig config = new MailConfig()
                .setHostname(settings.host().orElseThrow())
                .setPort(settings.port())
                .setSsl(settings.tls().equals("tls"))
                .setStarttls(settings.tls().equals("starttls") ? StartTLSOptions.REQUIRED : StartTLSOptions.DISABLED)
                .setLogin(settings.username().isPresent() ? LoginOption.REQUIRED : LoginOption.DISABLED)
                .setKeepAlive(true);
        // EHLO and the Message-ID's domain name the server people know, not the container's own name.
        settings.publicUrl().map(java.net.URI::getHost).ifPresent(config::setOwnHostname);
        settings.username().ifPresent(config::setUsername);
        settings.password().ifPresent(config::setPassword);
        client = MailClient.createShared(vertx, config, "tandem-mail");
        timer = vertx.setPeriodic(TICK.toMillis(), id -> tick());
        log.atInfo().addKeyValue("host", config.getHostname()).log("email is on");
        return Future.succeededFuture();
    }

    private void tick() {
        if (busy) return;
        busy = true;
        sendOnce().onComplete(done -> {
            busy = false;
            if (done.failed()) log.warn("sending email failed: {}", done.cause().toString());
        });
    }

    /** Claims and sends one round of due emails; how many it claimed. */
    Future<Integer> sendOnce() {
        Instant now = clock.instant();
        return store.claim(pool, now, CLAIM, now.plus(LEASE)).compose(claimed -> {
            Future<Void> all = Future.succeededFuture();
            for (MailStore.Claimed row : claimed) all = all.compose(v -> send(row));
            return all.map(claimed.size());
        });
    }

    private Future<Void> send(MailStore.Claimed row) {
        MailMessage message = new MailMessage()
                .setFrom(settings.from())
                .setTo(row.to())
                .setSubject(row.subject())
                .setText(row.body())
                // One Message-ID per outbox row, the same on every attempt: an email sent again
                // because its replica died before recording the send (the lease lapsed) reads as
                // the same email, and mail programs show it once.
                .setHeaders(io.vertx.core.MultiMap.caseInsensitiveMultiMap().add("Message-ID", messageId(row.id())));
        if (row.calendar() != null) message.setAttachment(List.of(invitation(row.calendar())));
        return client.sendMail(message)
                .compose(
                        sent -> {
                            sentCount.increment();
                            return store.sent(pool, row.id(), clock.instant());
                        },
                        failure -> {
                            String reason = failure.getClass().getSimpleName() + ": " + failure.getMessage();
                            Instant now = clock.instant();
                            if (row.attempts() >= settings.maxAttempts()) {
                                log.atWarn().addKeyValue("mailId", row.id()).log("email given up: " + reason);
                                failedCount.increment();
                                return store.giveUp(pool, row.id(), now, reason);
                            }
                            retriedCount.increment();
                            return store.retry(pool, row.id(), now.plus(backoff(row.attempts())), reason);
                        });
    }

    /** `<outbox row id@the public host>` (`tandem.invalid` when no public URL is set). */
    String messageId(java.util.UUID rowId) {
        String host = settings.publicUrl().map(java.net.URI::getHost).orElse("tandem.invalid");
        return "<" + rowId + "@" + host + ">";
    }

    /** The address of a sender written "Name <address>" (or the bare address). */
    public static String address(String from) {
        int open = from.lastIndexOf('<');
        int close = from.lastIndexOf('>');
        return open >= 0 && close > open ? from.substring(open + 1, close).strip() : from.strip();
    }

    /** The calendar part, its METHOD repeated in the content type as RFC 6047 asks. */
    static MailAttachment invitation(String calendar) {
        String method =
                calendar.contains("\r\nMETHOD:CANCEL") || calendar.startsWith("METHOD:CANCEL") ? "CANCEL" : "REQUEST";
        return MailAttachment.create()
                .setData(Buffer.buffer(calendar, "UTF-8"))
                .setContentType("text/calendar; charset=UTF-8; method=" + method)
                .setName("invite.ics")
                .setDisposition("inline");
    }

    /** 2^attempts seconds, at most an hour, with up to half again of jitter. */
    static Duration backoff(int attempts) {
        long seconds = Math.min(MAX_BACKOFF.toSeconds(), 1L << Math.min(attempts, 20));
        return Duration.ofMillis(seconds * 1000 + ThreadLocalRandom.current().nextLong(seconds * 500 + 1));
    }

    @Override
    public Future<Void> stop() {
        if (timer >= 0) vertx.cancelTimer(timer);
        return client == null ? Future.succeededFuture() : client.close();
    }
}
