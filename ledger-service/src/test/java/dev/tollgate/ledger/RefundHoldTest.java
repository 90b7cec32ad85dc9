package dev.tollgate.ledger;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.tollgate.contracts.CreditsRefunded;
import dev.tollgate.contracts.Topics;
import dev.tollgate.testing.TollgateServersResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * A refund holds the credits first (request id = refund id), captures what Stripe refunded, and its
 * {@code RefundDebited} settles the hold like a usage charge does: the credits count once, not twice.
 */
@QuarkusTest
@WithTestResource(TollgateServersResource.class)
class RefundHoldTest {

    @Inject
    TestLedger ledger;

    @Test
    void refundDebitSettlesTheHoldWhoseRequestIsTheRefund() throws Exception {
        String account = TestLedger.newAccount("acct_refund");
        String refundId = "ref_" + account;
        ledger.fund(account, 1_000_000);

        given().contentType(ContentType.JSON).body(Map.of("accountId", account, "holdId", refundId, "requestId", refundId,
                "amountMicros", 600_000)).post("/internal/holds").then().statusCode(201);
        given().contentType(ContentType.JSON).body(Map.of("amountMicros", 400_000))
                .post("/internal/holds/" + refundId + "/capture").then().statusCode(200)
                .body("reservedMicros", equalTo(400_000))
                .body("availableMicros", equalTo(600_000));

        ledger.send(Topics.PAYMENTS_EVENTS, TestLedger.envelope(account, new CreditsRefunded(refundId, "pay_1", "re_1",
                TestLedger.eur(400_000), TestLedger.eur(400_000))));
        ledger.awaitBalance(account, 600_000);

        given().get("/internal/holds/" + refundId).then().statusCode(200)
                .body("reservedMicros", equalTo(0))
                .body("balanceMicros", equalTo(600_000))
                .body("availableMicros", equalTo(600_000));
    }
}
