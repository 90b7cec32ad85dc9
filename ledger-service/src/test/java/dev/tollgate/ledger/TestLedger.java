package dev.tollgate.ledger;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.tollgate.contracts.CreditsPurchased;
import dev.tollgate.contracts.EventCodec;
import dev.tollgate.contracts.EventEnvelope;
import dev.tollgate.contracts.EventPayload;
import dev.tollgate.contracts.Money;
import dev.tollgate.contracts.PriceBreakdown;
import dev.tollgate.contracts.RoutingMode;
import dev.tollgate.contracts.Topics;
import dev.tollgate.contracts.UsagePriced;
import dev.tollgate.testing.KafkaTestClient;

/**
 * What the ledger's tests do again and again: fund an account through Kafka, wait for a balance, count rows.
 * A bean of the test application: tests inject it, and its Kafka client lives as long as the application.
 */
@Singleton
public class TestLedger {

    public static final Duration WAIT = Duration.ofSeconds(60);

    private final KafkaTestClient kafka;
    private final String jdbcUrl;

    @Inject
    public TestLedger(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
                      @ConfigProperty(name = "quarkus.datasource.jdbc.url") String jdbcUrl) {
        this.kafka = new KafkaTestClient(bootstrapServers);
        this.jdbcUrl = jdbcUrl;
    }

    public static String newAccount(String prefix) {
        return prefix + "_" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Credits the account through the payments topic, as payments-service would, and waits for the balance. */
    public void fund(String account, long micros) throws InterruptedException {
        send(Topics.PAYMENTS_EVENTS, envelope(account, new CreditsPurchased("pay_" + UUID.randomUUID(), "stripe", "pi_1",
                eur(micros), eur(0), eur(0), eur(micros), null)));
        awaitBalance(account, micros);
    }

    public String jdbcUrl() {
        return jdbcUrl;
    }

    /** The Kafka client, for tests that read what the ledger publishes. */
    public KafkaTestClient kafka() {
        return kafka;
    }

    public void send(String topic, EventEnvelope<?> envelope) {
        kafka.send(topic, envelope.accountId(), EventCodec.encode(envelope));
    }

    public void awaitBalance(String account, long expectedMicros) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        Long seen = null;
        while (System.nanoTime() < deadline) {
            var response = given().get("/accounts/" + account + "/balance");
            if (response.statusCode() == 200) {
                seen = ((Number) response.path("balanceMicros")).longValue();
                if (seen == expectedMicros) {
                    return;
                }
            }
            Thread.sleep(50);
        }
        assertThat(seen).as("balance of " + account).isEqualTo(expectedMicros);
    }

    public long count(String query) throws SQLException {
        try (Connection connection = DriverManager.getConnection(jdbcUrl, "ledger", "ledger");
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(query)) {
            result.next();
            return result.getLong(1);
        }
    }

    public static <P extends EventPayload> EventEnvelope<P> envelope(String account, P payload) {
        return EventEnvelope.wrap(UUID.randomUUID(), account, Instant.now(), null, "corr", payload);
    }

    public static UsagePriced usagePriced(String requestId, long totalMicros) {
        PriceBreakdown breakdown = new PriceBreakdown("sim-budget@2026-01-01", List.of(), BigDecimal.ZERO, BigDecimal.ZERO,
                BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, eur(totalMicros));
        return new UsagePriced(requestId, Instant.now(), "sim-budget", "simulator", RoutingMode.AUTO, breakdown);
    }

    /** A priced usage paid for by the hold or grant {@code holdId} (the router names it in the usage). */
    public static UsagePriced usagePricedBy(String holdId, String requestId, long totalMicros) {
        UsagePriced priced = usagePriced(requestId, totalMicros);
        return new UsagePriced(priced.requestId(), priced.requestedAt(), priced.model(), priced.provider(), priced.routingMode(),
                priced.breakdown(), null, holdId);
    }

    public static Money eur(long micros) {
        return Money.ofMicros(micros, "EUR");
    }

    @PreDestroy
    void close() {
        kafka.close();
    }
}
