package dev.tollgate.ledger;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.util.HashMap;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.tollgate.contracts.Topics;
import dev.tollgate.testing.TollgateServersResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * Grants through the internal API, against the real PostgreSQL and Kafka: a hold leased to a router instance
 * for one account, drawn down by every charge that names it, settled with what the router used.
 */
@QuarkusTest
@WithTestResource(TollgateServersResource.class)
class GrantsTest {

    @Inject
    TestLedger ledger;

    @Test
    void chargesNamingAnOpenGrantDrawItDownAndLeaveTheAvailableBalanceWhereItWas() throws Exception {
        String account = TestLedger.newAccount("acct_grant");
        ledger.fund(account, 1_000_000);
        String grant = "grant_r1_" + account + "_1";

        placeGrant(account, grant, 300_000, 600).then().statusCode(201)
                .body("kind", equalTo("grant"))
                .body("requestId", equalTo(grant))
                .body("status", equalTo("open"))
                .body("reservedMicros", equalTo(300_000))
                .body("availableMicros", equalTo(700_000));

        // requests paid from the grant are charged one by one, each naming the grant
        charge(account, grant, "req_a_" + account, 40_000);
        charge(account, grant, "req_b_" + account, 25_000);
        ledger.awaitBalance(account, 1_000_000 - 65_000);
        given().get("/internal/holds/" + grant).then().statusCode(200)
                .body("status", equalTo("open"))
                .body("chargedMicros", equalTo(65_000))
                .body("reservedMicros", equalTo(300_000 - 65_000))
                .body("availableMicros", equalTo(700_000)); // the charges came out of the grant, not out of what is left

        // a charge without the grant's id (an older router) does not touch it
        ledger.send(Topics.USAGE_PRICED, TestLedger.envelope(account, TestLedger.usagePriced("req_c_" + account, 5_000)));
        ledger.awaitBalance(account, 1_000_000 - 70_000);
        given().get("/internal/holds/" + grant).then().body("reservedMicros", equalTo(235_000)).body("availableMicros", equalTo(695_000));
    }

    @Test
    void settlingKeepsWhatWasUsedButNotChargedUntilTheChargesArriveAndGivesTheRestBackAtOnce() throws Exception {
        String account = TestLedger.newAccount("acct_settle");
        ledger.fund(account, 1_000_000);
        String grant = "grant_r1_" + account + "_1";
        placeGrant(account, grant, 300_000, 600).then().statusCode(201);
        charge(account, grant, "req_a_" + account, 40_000);
        ledger.awaitBalance(account, 960_000);

        // the router used 100,000 on it (three requests: 40,000 charged, 35,000 and 25,000 still on their way)
        capture(grant, 100_000).then().statusCode(200)
                .body("status", equalTo("captured"))
                .body("capturedMicros", equalTo(100_000))
                .body("reservedMicros", equalTo(60_000))
                .body("availableMicros", equalTo(960_000 - 60_000));
        capture(grant, 100_000).then().statusCode(200).body("reservedMicros", equalTo(60_000)); // repeated: no-op
        capture(grant, 90_000).then().statusCode(409).contentType("application/problem+json");
        given().post("/internal/holds/" + grant + "/release").then().statusCode(409);

        charge(account, grant, "req_b_" + account, 35_000);
        ledger.awaitBalance(account, 925_000);
        given().get("/internal/holds/" + grant).then().body("reservedMicros", equalTo(25_000)).body("availableMicros", equalTo(900_000));
        // the last charge is a little more than the router thought: the reservation stops at zero
        charge(account, grant, "req_c_" + account, 26_000);
        ledger.awaitBalance(account, 899_000);
        given().get("/internal/holds/" + grant).then()
                .body("reservedMicros", equalTo(0))
                .body("chargedMicros", equalTo(101_000))
                .body("availableMicros", equalTo(899_000));

        HoldLog log = HoldLog.of(ledger, account);
        assertThat(log.types()).containsExactly("AccountOpened", "PurchaseCredited", "HoldPlaced", "UsageCharged", "HoldCaptured",
                "UsageCharged", "UsageCharged");
        assertThat(log.replayNeverBelowZero()).as("the log alone gives the grant's reservation").containsEntry(grant, 0L);
        assertThat(ledger.count("select coalesce(sum(amount_micros), 0) from ledger_event where account_id = '" + account
                + "' and type like 'Hold%'")).as("grants move no money").isZero();
    }

    @Test
    void aChargeDeliveredTwiceDrawsTheGrantDownOnce() throws Exception {
        String account = TestLedger.newAccount("acct_twice");
        ledger.fund(account, 500_000);
        String grant = "grant_r1_" + account + "_1";
        placeGrant(account, grant, 100_000, 600).then().statusCode(201);

        var priced = TestLedger.envelope(account, TestLedger.usagePricedBy(grant, "req_" + account, 30_000));
        ledger.send(Topics.USAGE_PRICED, priced);
        ledger.send(Topics.USAGE_PRICED, priced);
        ledger.awaitBalance(account, 470_000);
        // a later charge proves the duplicate was consumed before it
        charge(account, grant, "req_2_" + account, 1_000);
        ledger.awaitBalance(account, 469_000);

        given().get("/internal/holds/" + grant).then().body("chargedMicros", equalTo(31_000)).body("reservedMicros", equalTo(69_000));
    }

    @Test
    void anUnsettledGrantExpiresAndLaterChargesNamingItStillCountOnce() throws Exception {
        String account = TestLedger.newAccount("acct_gexp");
        ledger.fund(account, 500_000);
        String grant = "grant_r1_" + account + "_1";
        placeGrant(account, grant, 200_000, 1).then().statusCode(201);

        awaitStatus(grant, "expired");
        given().get("/internal/holds/" + grant).then().body("reservedMicros", equalTo(0)).body("availableMicros", equalTo(500_000));
        capture(grant, 10_000).then().statusCode(409);

        // a request the crashed router had served is still charged (once): the grant reserves nothing any more
        charge(account, grant, "req_" + account, 10_000);
        ledger.awaitBalance(account, 490_000);
        given().get("/internal/holds/" + grant).then().body("reservedMicros", equalTo(0)).body("chargedMicros", equalTo(10_000))
                .body("availableMicros", equalTo(490_000));
        assertThat(ledger.count("select count(*) from ledger_event where account_id = '" + account + "' and type = 'HoldExpired'"))
                .isEqualTo(1);
    }

    @Test
    void aGrantTheAvailableBalanceCannotCoverIsRefusedAndPerRequestHoldsStillWork() throws Exception {
        String account = TestLedger.newAccount("acct_gpoor");
        ledger.fund(account, 100_000);
        placeGrant(account, "grant_r1_" + account + "_1", 60_000, 600).then().statusCode(201);
        placeGrant(account, "grant_r2_" + account + "_1", 50_000, 600).then().statusCode(402)
                .contentType("application/problem+json").body("availableMicros", equalTo(40_000));

        // a per-request hold (a refund's, say) next to the grant, settled by its own charge as before
        HoldsTest.place(account, "hold_" + account, "req_" + account, 30_000).then().statusCode(201)
                .body("kind", equalTo("request")).body("availableMicros", equalTo(10_000));
        ledger.send(Topics.USAGE_PRICED, TestLedger.envelope(account, TestLedger.usagePriced("req_" + account, 20_000)));
        ledger.awaitBalance(account, 80_000);
        given().get("/internal/holds/hold_" + account).then().body("reservedMicros", equalTo(0)).body("availableMicros", equalTo(20_000));
        given().get("/internal/holds/grant_r1_" + account + "_1").then().body("reservedMicros", equalTo(60_000));
    }

    @Test
    void theSameGrantIdAsARequestHoldOrAnUnknownKindIsRefused() throws Exception {
        String account = TestLedger.newAccount("acct_gkind");
        ledger.fund(account, 100_000);
        String grant = "grant_r1_" + account + "_1";
        placeGrant(account, grant, 10_000, 600).then().statusCode(201);
        placeGrant(account, grant, 10_000, 600).then().statusCode(200); // placed again: no-op
        HoldsTest.place(account, grant, grant, 10_000).then().statusCode(409);

        Map<String, Object> body = new HashMap<>(Map.of("accountId", account, "holdId", "grant_x_" + account, "amountMicros", 10,
                "kind", "loan"));
        given().contentType(ContentType.JSON).body(body).post("/internal/holds").then().statusCode(400)
                .contentType("application/problem+json");
        assertThat(ledger.count("select count(*) from account_hold where account_id = '" + account + "'")).isEqualTo(1);
    }

    static Response placeGrant(String account, String grantId, long amountMicros, long expiresInSeconds) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("accountId", account, "holdId", grantId, "amountMicros", amountMicros, "currency", "EUR",
                        "expiresInSeconds", expiresInSeconds, "kind", "grant"))
                .post("/internal/holds");
    }

    private static Response capture(String holdId, long amountMicros) {
        return given().contentType(ContentType.JSON).body(Map.of("amountMicros", amountMicros))
                .post("/internal/holds/" + holdId + "/capture");
    }

    private void charge(String account, String holdId, String requestId, long micros) {
        ledger.send(Topics.USAGE_PRICED, TestLedger.envelope(account, TestLedger.usagePricedBy(holdId, requestId, micros)));
    }

    private static void awaitStatus(String holdId, String wanted) throws InterruptedException {
        long deadline = System.nanoTime() + TestLedger.WAIT.toNanos();
        String status = given().get("/internal/holds/" + holdId).path("status");
        while (!wanted.equals(status) && System.nanoTime() < deadline) {
            Thread.sleep(200);
            status = given().get("/internal/holds/" + holdId).path("status");
        }
        assertThat(status).isEqualTo(wanted);
    }
}
