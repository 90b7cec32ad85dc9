package dev.tollgate.ledger.finance;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.tollgate.contracts.CreditsPurchased;
import dev.tollgate.contracts.EventCodec;
import dev.tollgate.contracts.EventEnvelope;
import dev.tollgate.contracts.Money;
import dev.tollgate.contracts.Topics;
import dev.tollgate.testing.KafkaTestClient;
import dev.tollgate.testing.TollgateServersResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Manual adjustments by finance: applied once per adjustment id, with reason and author, finance only. */
@QuarkusTest
@WithTestResource(TollgateServersResource.class)
class AdjustmentFlowTest {

    private static final String FINANCE = "Bearer finance-test-token";
    private static final String CUSTOMER = "Bearer customer-test-token";
    private static final Duration WAIT = Duration.ofSeconds(30);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;

    private KafkaTestClient kafka;

    @BeforeEach
    void connect() {
        kafka = new KafkaTestClient(bootstrapServers);
    }

    @AfterEach
    void disconnect() {
        kafka.close();
    }

    @Test
    void financeAdjustsABalanceOnceWithReasonAndAuthor() throws Exception {
        String account = "acct_adj_" + UUID.randomUUID().toString().substring(0, 8);
        send(Topics.PAYMENTS_EVENTS, EventEnvelope.wrap(UUID.randomUUID(), account, Instant.now(), null, "corr",
                new CreditsPurchased("pay_" + account, "stripe", "pi_2", eur(1_000_000), eur(0), eur(0), eur(1_000_000), null)));
        awaitBalance(account, 1_000_000);
        String body = "{\"adjustmentId\":\"adj-1\",\"amountMicros\":250000,\"reason\":\"goodwill for an outage\"}";

        given().header("Authorization", FINANCE).contentType("application/json").body(body)
                .post("/finance/accounts/{id}/adjustments", account).then().statusCode(201)
                .body("applied", equalTo(true)).body("balanceAfterMicros", equalTo(1_250_000)).body("author", equalTo("finance@test"));
        given().header("Authorization", FINANCE).contentType("application/json").body(body)
                .post("/finance/accounts/{id}/adjustments", account).then().statusCode(200).body("applied", equalTo(false));
        given().header("Authorization", CUSTOMER).contentType("application/json").body(body.replace("adj-1", "adj-2"))
                .post("/finance/accounts/{id}/adjustments", account).then().statusCode(403);
        given().header("Authorization", FINANCE).contentType("application/json").body("{\"adjustmentId\":\"adj-3\",\"amountMicros\":0,\"reason\":\"x\"}")
                .post("/finance/accounts/{id}/adjustments", account).then().statusCode(400).contentType("application/problem+json");

        assertThat(balanceOf(account)).isEqualTo(1_250_000);
        assertThat(queryLong("select count(*) from ledger_event where type = 'BalanceAdjusted' and account_id = '" + account + "'"
                + " and envelope->'payload'->>'author' = 'finance@test' and envelope->'payload'->>'reason' = 'goodwill for an outage'")).isEqualTo(1);
    }

    @Test
    void unknownAccountCannotBeAdjusted() {
        given().header("Authorization", FINANCE).contentType("application/json")
                .body("{\"adjustmentId\":\"adj-x\",\"amountMicros\":1,\"reason\":\"typo\"}")
                .post("/finance/accounts/acct_nobody/adjustments").then().statusCode(404).contentType("application/problem+json");
        assertThat(balanceOf("acct_nobody")).isNull();
    }

    private void awaitBalance(String account, long expectedMicros) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        Long seen = null;
        while (System.nanoTime() < deadline) {
            seen = balanceOf(account);
            if (seen != null && seen == expectedMicros) {
                return;
            }
            Thread.sleep(100);
        }
        assertThat(seen).as("balance of " + account).isEqualTo(expectedMicros);
    }

    private Long balanceOf(String account) {
        var response = given().get("/accounts/" + account + "/balance");
        return response.statusCode() == 200 ? ((Number) response.path("balanceMicros")).longValue() : null;
    }

    private void send(String topic, EventEnvelope<?> envelope) {
        kafka.send(topic, envelope.accountId(), EventCodec.encode(envelope));
    }

    private long queryLong(String query) throws SQLException {
        try (Connection connection = DriverManager.getConnection(jdbcUrl, "ledger", "ledger");
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(query)) {
            result.next();
            return result.getLong(1);
        }
    }

    private static Money eur(long micros) {
        return Money.ofMicros(micros, "EUR");
    }
}
