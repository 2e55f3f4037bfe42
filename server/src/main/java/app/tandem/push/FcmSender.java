package app.tandem.push;

import app.tandem.platform.AppConfig.PushSettings;
import com.google.api.client.http.javanet.NetHttpTransport;
import com.google.api.core.ApiFutureCallback;
import com.google.api.core.ApiFutures;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.common.util.concurrent.MoreExecutors;
import com.google.firebase.FirebaseApp;
import com.google.firebase.FirebaseOptions;
import com.google.firebase.messaging.BatchResponse;
import com.google.firebase.messaging.FirebaseMessaging;
import com.google.firebase.messaging.Message;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.util.List;
import java.util.UUID;

/**
 * Sends through the Firebase Admin SDK: its asynchronous `sendEachAsync`, bridged back onto a
 * Vert.x context so no event loop waits. With `TANDEM_FCM_ENDPOINT` set, the SDK's HTTP transport
 * sends to that base URL instead of fcm.googleapis.com (a stand-in for staging and tests). The
 * service account is always real: a stand-in's account names the stand-in as its `token_uri`, so
 * the SDK signs and trades its token exactly as in production.
 */
final class FcmSender {
    /** FCM takes at most 500 messages in one `sendEach`. */
    static final int MAX_BATCH = 500;

    private final Vertx vertx;
    private final FirebaseApp app;
    private final FirebaseMessaging messaging;

    private FcmSender(Vertx vertx, FirebaseApp app) {
        this.vertx = vertx;
        this.app = app;
        this.messaging = FirebaseMessaging.getInstance(app);
    }

    /** Reads credentials (a file) and starts the SDK: a worker's job. */
    static FcmSender start(Vertx vertx, PushSettings settings) {
        FirebaseOptions.Builder options = FirebaseOptions.builder()
                .setProjectId(settings.projectId().orElseThrow())
                .setCredentials(credentials(settings))
                .setConnectTimeout((int) Math.min(5_000, settings.timeout().toMillis()))
                .setReadTimeout((int) settings.timeout().toMillis());
        settings.endpoint().ifPresent(base -> options.setHttpTransport(redirectedTo(base)));
        // A name of its own: several servers may share one JVM (tests), and FirebaseApp names are global.
        return new FcmSender(vertx, FirebaseApp.initializeApp(options.build(), "tandem-" + UUID.randomUUID()));
    }

    private static GoogleCredentials credentials(PushSettings settings) {
        try (InputStream in = Files.newInputStream(settings.credentialsFile().get())) {
            return GoogleCredentials.fromStream(in).createScoped("https://www.googleapis.com/auth/firebase.messaging");
        } catch (IOException ex) {
            throw new UncheckedIOException(
                    "cannot read the Firebase service account file "
                            + settings.credentialsFile().get(),
                    ex);
        }
    }

    /** The SDK's own transport, with every request's host swapped for the configured base URL. */
    private static NetHttpTransport redirectedTo(URI base) {
        String prefix = base.toString().replaceAll("/+$", "");
        return new NetHttpTransport.Builder()
                .setConnectionFactory(url -> (HttpURLConnection)
                        URI.create(prefix + url.getFile()).toURL().openConnection())
                .build();
    }

    /** Sends one batch (at most 500); completes on the caller's Vert.x context. */
    Future<BatchResponse> send(List<Message> batch) {
        if (batch.size() > MAX_BATCH) throw new IllegalArgumentException("at most " + MAX_BATCH + " messages a batch");
        Context context = vertx.getOrCreateContext();
        Promise<BatchResponse> sent = Promise.promise();
        ApiFutures.addCallback(
                messaging.sendEachAsync(batch),
                new ApiFutureCallback<>() {
                    @Override
                    public void onSuccess(BatchResponse response) {
                        context.runOnContext(v -> sent.complete(response));
                    }

                    @Override
                    public void onFailure(Throwable failure) {
                        context.runOnContext(v -> sent.fail(failure));
                    }
                },
                MoreExecutors.directExecutor());
        return sent.future();
    }

    void close() {
        app.delete();
    }
}
