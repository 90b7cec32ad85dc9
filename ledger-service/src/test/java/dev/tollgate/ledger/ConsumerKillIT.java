package dev.tollgate.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.tollgate.contracts.CreditsPurchased;
import dev.tollgate.contracts.EventCodec;
import dev.tollgate.contracts.EventEnvelope;
import dev.tollgate.contracts.Money;
import dev.tollgate.contracts.PriceBreakdown;
import dev.tollgate.contracts.RoutingMode;
import dev.tollgate.contracts.Topics;
import dev.tollgate.contracts.UsagePriced;
import dev.tollgate.testing.FreePorts;
import dev.tollgate.testing.KafkaTestClient;
import dev.tollgate.testing.TemporaryServers;
import dev.tollgate.testing.ServiceJarProcess;

/**
 * The packaged ledger-service, killed with SIGKILL (kill -9) twice while it consumes priced usage:
 * after the last restart every usage is charged exactly once, in order per account, and the
 * balances are exact. Kafka redelivers what was not committed; the inbox makes those no-ops.
 */
class ConsumerKillIT {

    private static final int USAGES_PER_ACCOUNT = 1_500;
    private static final long INITIAL_MICROS = 100_000_000;
    private static final Duration WAIT = Duration.ofSeconds(180);

    @RegisterExtension
    static final TemporaryServers SERVERS = new TemporaryServers();

    @Test
    void usageIsChargedExactlyOnceInOrderAcrossKill9() throws Exception {
        List<String> accounts = List.of("acct_kill_a", "acct_kill_b");
        try (KafkaTestClient kafka = new KafkaTestClient(SERVERS.kafka().bootstrapServers())) {
            for (String account : accounts) {
                send(kafka, Topics.PAYMENTS_EVENTS, account, new CreditsPurchased("pay_" + account, "stripe", "pi_" + account,
                        eur(INITIAL_MICROS), eur(0), eur(0), eur(INITIAL_MICROS), null));
            }
            for (int i = 0; i < USAGES_PER_ACCOUNT; i++) {
                for (String account : accounts) {
                    send(kafka, Topics.USAGE_PRICED, account, usage(account, i));
                }
            }
        }
        int total = USAGES_PER_ACCOUNT * accounts.size();

        ServiceJarProcess first = startLedger("first");
        long chargedAtFirstKill = awaitCharges(first, 200);
        first.kill(); // SIGKILL: no shutdown hook, no offset commit
        ServiceJarProcess second = startLedger("second");
        long chargedAtSecondKill = awaitCharges(second, chargedAtFirstKill + 300);
        second.kill();
        assertThat(chargedAtSecondKill).as("killed while work was left").isLessThan(total);

        ServiceJarProcess third = startLedger("third");
        try {
            awaitCharges(third, total);
            Thread.sleep(2_000); // anything still redelivered would show up now
            assertThat(count("select count(*) from ledger_event where type = 'UsageCharged'")).as("charged once each").isEqualTo(total);
            assertThat(count("select count(distinct envelope->'payload'->>'requestId') from ledger_event where type = 'UsageCharged'"))
                    .isEqualTo(total);
            assertThat(count("select count(*) from ledger_inbox where consumer = 'usage-priced'")).isEqualTo(total);
            for (String account : accounts) {
                assertChargedInOrderWithExactBalance(account);
            }
        } finally {
            third.close();
        }
        System.out.printf("kill -9 test: first kill after %d charges, second after %d, %d charged exactly once%n",
                chargedAtFirstKill, chargedAtSecondKill, total);
    }

    /** The account's charges follow the order they were produced in, gap-free, and the balance is exact. */
    private void assertChargedInOrderWithExactBalance(String account) throws SQLException {
        List<Integer> usageOrder = new ArrayList<>();
        long lastSequence = 0;
        try (Connection connection = connect(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("select sequence, type, envelope->'payload'->>'requestId' from ledger_event "
                     + "where account_id = '" + account + "' order by sequence")) {
            while (rows.next()) {
                assertThat(rows.getLong(1)).as("gap-free sequence of " + account).isEqualTo(lastSequence + 1);
                lastSequence = rows.getLong(1);
                if (rows.getString(2).equals("UsageCharged")) {
                    usageOrder.add(Integer.parseInt(rows.getString(3).substring(rows.getString(3).lastIndexOf('_') + 1)));
                }
            }
        }
        assertThat(usageOrder).as("charges of " + account + " in the order they were produced").isSorted().hasSize(USAGES_PER_ACCOUNT);
        long charged = (long) USAGES_PER_ACCOUNT * (USAGES_PER_ACCOUNT + 1) / 2; // usage i costs i + 1 micro-units
        assertThat(count("select balance_micros from account_balance where account_id = '" + account + "'"))
                .isEqualTo(INITIAL_MICROS - charged);
        assertThat(count("select sum(amount_micros) from ledger_event where account_id = '" + account + "'"))
                .isEqualTo(INITIAL_MICROS - charged);
    }

    private ServiceJarProcess startLedger(String run) {
        Path jar = Path.of(System.getProperty("ledger.jar", "target/quarkus-app/quarkus-run.jar"));
        return ServiceJarProcess.start("ledger-" + run, jar, FreePorts.pick(), Map.of(
                "kafka.bootstrap.servers", SERVERS.kafka().bootstrapServers(),
                "tollgate.postgres.host", SERVERS.postgres().host(),
                "tollgate.postgres.port", Integer.toString(SERVERS.postgres().port()),
                "tollgate.ledger.publisher.enabled", "false",
                // a killed consumer leaves the group only when its session times out: keep that short
                "mp.messaging.incoming.usage-priced.session.timeout.ms", "6000",
                "mp.messaging.incoming.payments-events.session.timeout.ms", "6000"),
                Path.of("target", "kill-test-" + run + ".log"));
    }

    /** Waits until at least {@code atLeast} charges are on the log; returns how many there were. */
    private long awaitCharges(ServiceJarProcess ledger, long atLeast) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        long charged = 0;
        while (System.nanoTime() < deadline) {
            assertThat(ledger.isAlive()).as("ledger process alive (see target/kill-test-*.log)").isTrue();
            charged = chargesSoFar();
            if (charged >= atLeast) {
                return charged;
            }
            Thread.sleep(20);
        }
        assertThat(charged).as("charges on the log").isGreaterThanOrEqualTo(atLeast);
        return charged;
    }

    private long chargesSoFar() {
        try {
            return count("select count(*) from ledger_event where type = 'UsageCharged'");
        } catch (SQLException e) {
            return 0; // the first start has not created the table yet
        }
    }

    private long count(String query) throws SQLException {
        try (Connection connection = connect(); Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(query)) {
            result.next();
            return result.getLong(1);
        }
    }

    private static Connection connect() throws SQLException {
        return DriverManager.getConnection(SERVERS.postgres().jdbcUrl("ledger"), "ledger", "ledger");
    }

    private static void send(KafkaTestClient kafka, String topic, String account, dev.tollgate.contracts.EventPayload payload) {
        EventEnvelope<?> envelope = EventEnvelope.wrap(UUID.randomUUID(), account, Instant.now(), null, null, payload);
        kafka.send(topic, account, EventCodec.encode(envelope));
    }

    private static UsagePriced usage(String account, int index) {
        PriceBreakdown breakdown = new PriceBreakdown("sim-budget@2026-01-01", List.of(), BigDecimal.ZERO, BigDecimal.ZERO,
                BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, eur(index + 1));
        return new UsagePriced("req_" + account + "_" + index, Instant.now(), "sim-budget", "simulator", RoutingMode.AUTO, breakdown);
    }

    private static Money eur(long micros) {
        return Money.ofMicros(micros, "EUR");
    }
}
