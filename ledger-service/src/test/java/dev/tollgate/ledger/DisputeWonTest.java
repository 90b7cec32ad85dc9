package dev.tollgate.ledger;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.tollgate.contracts.CreditsPurchased;
import dev.tollgate.contracts.CreditsRefunded;
import dev.tollgate.contracts.DisputeWon;
import dev.tollgate.contracts.EventEnvelope;
import dev.tollgate.contracts.Topics;
import dev.tollgate.testing.TollgateServersResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A dispute debits the credits (as a {@code CreditsRefunded}); winning it gives them back once as
 * {@code CreditsReinstated}, however often payments' {@code DisputeWon} is delivered.
 */
@QuarkusTest
@WithTestResource(TollgateServersResource.class)
class DisputeWonTest {

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
    void aWonDisputeReinstatesTheDisputedCreditsOnceEvenBelowZero() throws Exception {
        String account = TestLedger.newAccount("acct_dispute");
        ledger.fund(account, 1_000_000);
        ledger.send(Topics.USAGE_PRICED, TestLedger.envelope(account, TestLedger.usagePriced("req_" + account, 300_000)));
        ledger.awaitBalance(account, 700_000);
        // the dispute takes back all the payment's credits, some of which were spent: the balance goes below zero
        ledger.send(Topics.PAYMENTS_EVENTS, TestLedger.envelope(account, new CreditsRefunded("dispute_dp_" + account, "pay_1",
                "dp_" + account, TestLedger.eur(1_000_000), TestLedger.eur(1_000_000))));
        ledger.awaitBalance(account, -300_000);

        EventEnvelope<DisputeWon> won = TestLedger.envelope(account, new DisputeWon("dispute_dp_" + account, "pay_1",
                "dp_" + account, TestLedger.eur(1_000_000), TestLedger.eur(1_000_000)));
        ledger.send(Topics.PAYMENTS_EVENTS, won);
        ledger.send(Topics.PAYMENTS_EVENTS, won);
        // a purchase after the duplicate on the same key (so the same partition, in order): once it is
        // applied, the duplicate was handled too
        ledger.send(Topics.PAYMENTS_EVENTS, TestLedger.envelope(account, new CreditsPurchased("pay_2", "stripe", "pi_2",
                TestLedger.eur(100_000), TestLedger.eur(0), TestLedger.eur(0), TestLedger.eur(100_000), null)));
        ledger.awaitBalance(account, 800_000);

        assertThat(ledger.count("select count(*) from ledger_event where account_id = '" + account
                + "' and type = 'CreditsReinstated'")).isEqualTo(1);
        given().get("/accounts/" + account + "/balance").then().statusCode(200).body("balanceMicros", equalTo(800_000));
    }
}
