package app.tandem.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;

import app.tandem.testing.TestDatabases;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.flywaydb.core.api.output.MigrateResult;
import org.junit.jupiter.api.Test;

/** Replicas starting together migrate the schema exactly once. */
class MigrationsTest {

    @Test
    void concurrentReplicasMigrateOnceAndAllStart() throws Exception {
        DatabaseUrl url = TestDatabases.empty();
        ExecutorService replicas = Executors.newFixedThreadPool(4);
        try {
            List<Future<MigrateResult>> results = new ArrayList<>();
            for (int i = 0; i < 4; i++) results.add(replicas.submit(() -> Migrations.migrate(url)));
            int applied = 0;
            for (Future<MigrateResult> result : results) applied += result.get().migrationsExecuted;
            int versions = countMigrations(url);
            assertEquals(versions, applied, "each migration applied by exactly one replica");
        } finally {
            replicas.shutdownNow();
        }
    }

    private static int countMigrations(DatabaseUrl url) throws Exception {
        try (Connection c = DriverManager.getConnection(url.jdbcUrl(), url.user(), url.password());
                ResultSet rs = c.createStatement()
                        .executeQuery(
                                "SELECT count(*), count(DISTINCT version) FROM flyway_schema_history WHERE success")) {
            rs.next();
            assertEquals(rs.getInt(1), rs.getInt(2), "no version recorded twice");
            return rs.getInt(1);
        }
    }
}
