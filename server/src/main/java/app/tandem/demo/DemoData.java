package app.tandem.demo;

import app.tandem.identity.Identity;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Seeds the demo school (`--demo`): once, idempotently, in one transaction. Each capability adds its
 * own script to {@link #SCRIPTS}, run in order.
 */
public final class DemoData {
    private static final Logger log = LoggerFactory.getLogger(DemoData.class);
    static final List<String> SCRIPTS = List.of(
            "demo/directory.sql",
            "demo/trust.sql",
            "demo/notices.sql",
            "demo/messaging.sql",
            "demo/record.sql",
            "demo/meetings.sql",
            "demo/voice.sql",
            "demo/documents.sql",
            "demo/assessment.sql");

    private DemoData() {}

    /** Demo accounts' password; demo only, listed in the README. */
    public static final String PASSWORD = "tandem-demo-1";

    public static Future<Void> seed(Vertx vertx, Pool pool, Identity identity) {
        Future<String> sql = Future.succeededFuture("");
        for (String script : SCRIPTS) {
            sql = sql.compose(acc -> vertx.fileSystem().readFile(script).map(b -> acc + b.toString() + "\n"));
        }
        return sql.compose(all -> pool.withTransaction(conn -> conn.query(all).execute()))
                .compose(v -> identity.hashPassword(PASSWORD))
                .compose(hash -> pool.preparedQuery(
                                "UPDATE app_user SET password_hash = $1 WHERE email LIKE '%@example.org' AND password_hash IS NULL")
                        .execute(Tuple.of(hash)))
                .onSuccess(done -> log.info("demo school ready"))
                .mapEmpty();
    }
}
