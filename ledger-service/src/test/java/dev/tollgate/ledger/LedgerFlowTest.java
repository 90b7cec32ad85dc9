package dev.tollgate.ledger;

import static dev.tollgate.ledger.TestLedger.envelope;
import static dev.tollgate.ledger.TestLedger.eur;
import static dev.tollgate.ledger.TestLedger.usagePriced;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.equalTo;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.tollgate.contracts.AccountOpened;
import dev.tollgate.contracts.CreditsPurchased;
import dev.tollgate.contracts.EventCodec;
import dev.tollgate.contracts.EventEnvelope;
import dev.tollgate.contracts.LedgerEvent;
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

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;

    private TestLedger ledger;

    @BeforeEach
    void connect() {
        ledger = new TestLedger(bootstrapServers, jdbcUrl);
    }

    @AfterEach
    void disconnect() {
        ledger.close();
    }

    @Test
    void pricedUsageIsDebitedOnceAndPublishedByDebezium() throws Exception {
        String account = TestLedger.newAccount("acct");
        ledger.send(Topics.PAYMENTS_EVENTS, envelope(account, new CreditsPurchased("pay_" + account, "stripe", "pi_1",
                eur(2_000_000), eur(0), eur(0), eur(2_000_000), null)));
        EventEnvelope<UsagePriced> usage = envelope(account, usagePriced("req_" + account, 1_234));

        ledger.send(Topics.USAGE_PRICED, usage);
        ledger.send(Topics.USAGE_PRICED, usage); // redelivery: must be a no-op

        ledger.awaitBalance(account, 2_000_000 - 1_234);
        assertThat(ledger.count("select count(*) from ledger_event where account_id = '" + account + "'"))
                .as("opened, credited, charged once").isEqualTo(3);

        List<ConsumerRecord<String, String>> published =
                ledger.kafka().awaitRecords(Topics.LEDGER_EVENTS, record -> account.equals(record.key()), 3);
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
            assertThat(ledger.count("select count(*) from ledger_event")).isPositive();
            for (String change : List.of("update ledger_event set amount_micros = 0",
                    "delete from ledger_event", "truncate ledger_event")) {
                assertThatThrownBy(() -> statement.execute(change)).as(change)
                        .isInstanceOf(SQLException.class)
                        .hasMessageContaining("append-only");
            }
        }
        assertThat(ledger.count("select count(*) from ledger_event")).isPositive();
    }
}
