package dev.tollgate.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.tollgate.testing.FreePorts;
import dev.tollgate.testing.TemporaryServers;

/**
 * The packaged service started the way Kubernetes starts it (k8s/base/services/ledger.yaml): an init step
 * migrates as the database's owner and exits ({@code quarkus.init-and-exit}, the owner's credentials only
 * there), then the service runs as the application role with migrations off. The init step needs neither
 * Kafka nor the Kafka credentials the service's configuration refers to.
 */
class MigrateThenRunIT {

    private static final Duration WAIT = Duration.ofSeconds(120);

    @RegisterExtension
    static final TemporaryServers SERVERS = new TemporaryServers();

    @Test
    void theOwnerMigratesInAnInitStepThenTheServiceRunsAsTheApplicationRole() throws Exception {
        Process migrate = startLedger("migrate", FreePorts.pick(), List.of(
                "-Dquarkus.init-and-exit=true",
                "-Dquarkus.flyway.migrate-at-start=true",
                // nothing of Kafka is used: no broker, and credentials that are not there (as in the init container)
                "-Dkafka.bootstrap.servers=127.0.0.1:1",
                "-Dkafka.security.protocol=SASL_SSL",
                "-Dkafka.sasl.jaas.config=${KAFKA_SASL_JAAS_CONFIG}"));
        assertThat(migrate.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).as("the init step exits (target/migrate-then-run-migrate.log)").isTrue();
        assertThat(migrate.exitValue()).as("and succeeds").isZero();
        long migrations = count("select count(*) from flyway_schema_history where success and installed_by = 'ledger'");
        assertThat(migrations).isPositive();
        assertThat(count("select count(*) from flyway_schema_history where not success or installed_by <> 'ledger'")).isZero();
        assertThat(privileges("ledger_app", "ledger_event")).containsExactlyInAnyOrder("INSERT", "SELECT");
        assertThat(privileges("ledger_app", "account_hold")).containsExactlyInAnyOrder("INSERT", "SELECT", "UPDATE");
        assertThat(privileges("ledger_publisher", "ledger_event")).containsExactly("SELECT");
        assertThat(count("select count(*) from pg_publication_tables where pubname = 'tollgate_ledger_log' and tablename = 'ledger_event'"))
                .isEqualTo(1);

        int port = FreePorts.pick();
        Process service = startLedger("run", port, List.of(
                "-Dquarkus.flyway.migrate-at-start=false",
                "-Dkafka.bootstrap.servers=" + SERVERS.kafka().bootstrapServers()));
        try {
            HttpClient http = HttpClient.newHttpClient();
            assertThat(awaitStatus(http, service, "http://127.0.0.1:" + port + "/q/health/ready")).isEqualTo(200);
            assertThat(awaitStatus(http, service, "http://127.0.0.1:" + port + "/accounts/acct_nobody/balance"))
                    .as("it reads its tables as the application role").isEqualTo(404);
            assertThat(count("select count(*) from flyway_schema_history")).as("and migrates nothing").isEqualTo(migrations);
            assertThat(count("select count(*) from pg_stat_activity where datname = 'ledger' and usename = 'ledger_app'")).isPositive();
        } finally {
            service.destroy();
            service.waitFor(20, TimeUnit.SECONDS);
        }
    }

    private Process startLedger(String step, int port, List<String> properties) throws Exception {
        Path jar = Path.of(System.getProperty("ledger.jar", "target/quarkus-app/quarkus-run.jar"));
        assertThat(jar).as("the packaged service (run through ./mvnw verify)").exists();
        Path log = Path.of("target", "migrate-then-run-" + step + ".log");
        Files.createDirectories(log.getParent());
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), "-Xmx256m",
                "-XX:TieredStopAtLevel=1",
                "-Dquarkus.http.port=" + port,
                "-Dtollgate.postgres.host=" + SERVERS.postgres().host(),
                "-Dtollgate.postgres.port=" + SERVERS.postgres().port(),
                "-Dtollgate.ledger.publisher.enabled=false"));
        command.addAll(properties);
        command.addAll(List.of("-jar", jar.toString()));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static int awaitStatus(HttpClient http, Process service, String url) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            assertThat(service.isAlive()).as("service alive (target/migrate-then-run-run.log)").isTrue();
            try {
                HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() != 503) {
                    return response.statusCode();
                }
            } catch (java.io.IOException notYetListening) {
                // starting
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no answer from " + url + " within " + WAIT);
    }

    private static List<String> privileges(String role, String table) throws SQLException {
        List<String> granted = new ArrayList<>();
        try (Connection connection = connect(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("select privilege_type from information_schema.role_table_grants "
                     + "where grantee = '" + role + "' and table_name = '" + table + "'")) {
            while (rows.next()) {
                granted.add(rows.getString(1));
            }
        }
        return granted;
    }

    private static long count(String query) throws SQLException {
        try (Connection connection = connect(); Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(query)) {
            result.next();
            return result.getLong(1);
        }
    }

    private static Connection connect() throws SQLException {
        return DriverManager.getConnection(SERVERS.postgres().jdbcUrl("ledger"), "ledger", "ledger");
    }
}
