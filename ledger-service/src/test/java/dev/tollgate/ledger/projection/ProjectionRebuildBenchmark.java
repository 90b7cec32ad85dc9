package dev.tollgate.ledger.projection;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import dev.tollgate.testing.EmbeddedPostgresServer;
import dev.tollgate.testing.LocalServers;

/**
 * Rebuild speed on one million log entries (not part of the normal build: its name does not end
 * in Test). Run it with
 * <pre>../mvnw -pl ledger-service test -Dtest=ProjectionRebuildBenchmark</pre>
 * It starts a real PostgreSQL 17, applies the service's migrations (in version order, as Flyway
 * would; Flyway's PostgreSQL support comes with Quarkus, not on its own), generates the entries with
 * one {@code insert ... select generate_series} (inserts are what the append-only log allows),
 * seeds the projection as the appender would have left it, then rebuilds it several times and
 * prints events per second. Environment variables {@code BENCH_ACCOUNTS} and
 * {@code BENCH_ENTRIES_PER_ACCOUNT} change the shape (default 10,000 x 100).
 */
class ProjectionRebuildBenchmark {

    private static final int ROUNDS = 3;

    @Test
    void rebuildOneMillionEvents() throws Exception {
        int accounts = Integer.parseInt(System.getenv().getOrDefault("BENCH_ACCOUNTS", "10000"));
        int perAccount = Integer.parseInt(System.getenv().getOrDefault("BENCH_ENTRIES_PER_ACCOUNT", "100"));
        try (EmbeddedPostgresServer postgres = EmbeddedPostgresServer.startTemporary()) {
            postgres.createServiceDatabases(List.of("ledger"));
            postgres.createRoles(LocalServers.SERVICE_ROLES);
            String url = postgres.jdbcUrl("ledger");
            applyMigrations(url);
            try (Connection connection = DriverManager.getConnection(url, "ledger", "ledger");
                 Statement sql = connection.createStatement()) {
                long generating = System.nanoTime();
                // entry 1 opens the account, entry 2 credits 100 EUR, every further entry charges 0.001 EUR
                sql.execute("""
                        insert into ledger_event (event_id, account_id, sequence, type, schema_version, amount_micros,
                                                  balance_after_micros, currency, occurred_at, causation_id, envelope)
                        select md5('bench:' || a || ':' || s)::uuid, 'acct_bench_' || a, s,
                               case when s = 1 then 'AccountOpened' when s = 2 then 'PurchaseCredited' else 'UsageCharged' end, 1,
                               case when s = 1 then 0 when s = 2 then 100000000 else -1000 end,
                               case when s = 1 then 0 else 100000000 - (s - 2) * 1000 end,
                               'EUR', timestamptz '2026-01-01 00:00Z' + s * interval '1 minute', 'bench:' || a || ':' || s,
                               jsonb_build_object('accountId', 'acct_bench_' || a, 'sequence', s)
                        from generate_series(1, %d) a, generate_series(1, %d) s""".formatted(accounts, perAccount));
                sql.execute("""
                        insert into account_balance (account_id, currency, balance_micros, last_sequence, updated_at)
                        select account_id, 'EUR', sum(amount_micros), max(sequence), now() from ledger_event group by account_id""");
                sql.execute("analyze ledger_event");
                System.out.printf("generated %,d entries for %,d accounts in %,d ms%n", (long) accounts * perAccount, accounts,
                        (System.nanoTime() - generating) / 1_000_000);

                for (int round = 1; round <= ROUNDS; round++) {
                    RebuildReport report = ProjectionRebuild.rebuild(connection);
                    System.out.printf("rebuild round %d: %,d events, %,d accounts in %,d ms = %,d events/s; identical: %s (%s)%n",
                            round, report.events(), report.accounts(), report.elapsedMillis(), report.eventsPerSecond(),
                            report.matches(), report.checksumAfter());
                    assertThat(report.matches()).isTrue();
                    assertThat(report.events()).isEqualTo((long) accounts * perAccount);
                    assertThat(report.logInconsistencies()).isEmpty();
                }
            }
        }
    }

    private static void applyMigrations(String url) throws Exception {
        Path folder = Path.of(ProjectionRebuildBenchmark.class.getResource("/db/migration").toURI());
        List<Path> scripts;
        try (Stream<Path> files = Files.list(folder)) {
            scripts = files.filter(file -> file.getFileName().toString().matches("V\\d+__.*\\.sql"))
                    .sorted(Comparator.comparingInt(ProjectionRebuildBenchmark::version)).toList();
        }
        try (Connection connection = DriverManager.getConnection(url, "ledger", "ledger");
             Statement sql = connection.createStatement()) {
            for (Path script : scripts) {
                // the placeholders Flyway fills in from application.properties
                sql.execute(Files.readString(script).replace("${app_role}", "ledger_app")
                        .replace("${publisher_role}", "ledger_publisher").replace("${publication}", "tollgate_ledger_log"));
            }
        }
    }

    private static int version(Path script) {
        String name = script.getFileName().toString();
        return Integer.parseInt(name.substring(1, name.indexOf("__")));
    }
}
