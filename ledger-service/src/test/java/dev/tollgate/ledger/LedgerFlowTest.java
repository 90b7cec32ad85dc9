package dev.tollgate.ledger;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.equalTo;

import java.math.BigDecimal;
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
import java.util.Properties;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import dev.tollgate.contracts.AccountOpened;
import dev.tollgate.contracts.CreditsPurchased;
import dev.tollgate.contracts.LedgerEvent;
import dev.tollgate.contracts.EventCodec;
import dev.tollgate.contracts.EventEnvelope;
import dev.tollgate.contracts.EventPayload;
import dev.tollgate.contracts.Money;
import dev.tollgate.contracts.PriceBreakdown;
import dev.tollgate.contracts.RoutingMode;
import dev.tollgate.contracts.Topics;
import dev.tollgate.contracts.UsageCharged;
import dev.tollgate.contracts.UsagePriced;
import dev.tollgate.testing.TollgateServersResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** The ledger against a real Kafka broker and a real PostgreSQL, Debezium included. */
@QuarkusTest
@WithTestResource(TollgateServersResource.class)
class LedgerFlowTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;

    @Test
    void pricedUsageIsDebitedOnceAndPublishedByDebezium() throws Exception {
        String account = "acct_" + UUID.randomUUID().toString().substring(0, 8);
        send(Topics.PAYMENTS_EVENTS, envelope(account, new CreditsPurchased("pay_" + account, "stripe", "pi_1",
                eur(2_000_000), eur(0), eur(0), eur(2_000_000))));
        EventEnvelope<UsagePriced> usage = envelope(account, usagePriced("req_" + account, 1_234));

        send(Topics.USAGE_PRICED, usage);
        send(Topics.USAGE_PRICED, usage); // redelivery: must be a no-op

        awaitBalance(account, 2_000_000 - 1_234);
        assertThat(count("select count(*) from ledger_event where account_id = '" + account + "'"))
                .as("opened, credited, charged once").isEqualTo(3);

        List<ConsumerRecord<String, String>> published = readLedgerTopicFor(account, 3);
        assertThat(published).allSatisfy(record -> assertThat(record.key()).isEqualTo(account));
        List<LedgerEvent> entries = published.stream().map(record -> (LedgerEvent) EventCodec.decode(record.value()).payload()).toList();
        // payments and usage arrive on different topics, so either may be applied first; the log's order is the sequence
        assertThat(entries).extracting(LedgerEvent::sequence).as("published in sequence order").containsExactly(1L, 2L, 3L);
        assertThat(entries.get(0)).isInstanceOf(AccountOpened.class);
        assertThat(entries).filteredOn(UsageCharged.class::isInstance).singleElement()
                .satisfies(charged -> assertThat(charged.amount()).isEqualTo(eur(-1_234)));
        assertThat(entries.get(2).balanceAfter()).isEqualTo(eur(2_000_000 - 1_234));
    }

    @Test
    void demoAccountIsSeededOnceAtStartup() {
        given().get("/accounts/acct_seeded/balance").then().statusCode(200)
                .body("balanceMicros", equalTo(10_000_000))
                .body("credits", equalTo("1000.0000"));
    }

    @Test
    void unknownAccountIsAProblem() {
        given().get("/accounts/acct_nobody/balance").then().statusCode(404)
                .contentType("application/problem+json")
                .body("status", equalTo(404))
                .body("title", equalTo("Not Found"));
    }

    @Test
    void theDatabaseRefusesToChangeTheLog() throws Exception {
        try (Connection connection = DriverManager.getConnection(jdbcUrl, "ledger", "ledger");
             Statement statement = connection.createStatement()) {
            assertThat(count("select count(*) from ledger_event")).isPositive();
            for (String change : List.of("update ledger_event set amount_micros = 0",
                    "delete from ledger_event", "truncate ledger_event")) {
                assertThatThrownBy(() -> statement.execute(change)).as(change)
                        .isInstanceOf(SQLException.class)
                        .hasMessageContaining("append-only");
            }
        }
        assertThat(count("select count(*) from ledger_event")).isPositive();
    }

    private void awaitBalance(String account, long expectedMicros) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        Integer seen = null;
        while (System.nanoTime() < deadline) {
            var response = given().get("/accounts/" + account + "/balance");
            if (response.statusCode() == 200) {
                seen = response.path("balanceMicros");
                if (seen == expectedMicros) {
                    return;
                }
            }
            Thread.sleep(100);
        }
        assertThat(seen).as("balance of " + account).isEqualTo((int) expectedMicros);
    }

    private List<ConsumerRecord<String, String>> readLedgerTopicFor(String account, int expected) {
        Properties config = new Properties();
        config.putAll(Map.of("bootstrap.servers", bootstrapServers, "group.id", "ledger-test-" + UUID.randomUUID(),
                "auto.offset.reset", "earliest", "key.deserializer", StringDeserializer.class.getName(),
                "value.deserializer", StringDeserializer.class.getName()));
        List<ConsumerRecord<String, String>> found = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
            consumer.subscribe(List.of(Topics.LEDGER_EVENTS));
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (found.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    if (account.equals(record.key())) {
                        found.add(record);
                    }
                }
            }
        }
        return found;
    }

    private void send(String topic, EventEnvelope<?> envelope) throws Exception {
        Properties config = new Properties();
        config.putAll(Map.of("bootstrap.servers", bootstrapServers, "key.serializer", StringSerializer.class.getName(),
                "value.serializer", StringSerializer.class.getName()));
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config)) {
            producer.send(new ProducerRecord<>(topic, envelope.accountId(), EventCodec.encode(envelope))).get();
        }
    }

    private long count(String query) throws SQLException {
        try (Connection connection = DriverManager.getConnection(jdbcUrl, "ledger", "ledger");
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(query)) {
            result.next();
            return result.getLong(1);
        }
    }

    private static <P extends EventPayload> EventEnvelope<P> envelope(String account, P payload) {
        return EventEnvelope.wrap(UUID.randomUUID(), account, Instant.now(), null, "corr", payload);
    }

    private static UsagePriced usagePriced(String requestId, long totalMicros) {
        PriceBreakdown breakdown = new PriceBreakdown("sim-budget@2026-01-01", List.of(), BigDecimal.ZERO, BigDecimal.ZERO,
                BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, eur(totalMicros));
        return new UsagePriced(requestId, Instant.now(), "sim-budget", "simulator", RoutingMode.AUTO, breakdown);
    }

    private static Money eur(long micros) {
        return Money.ofMicros(micros, "EUR");
    }
}
