package dev.tollgate.ledger;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.tollgate.contracts.Topics;
import dev.tollgate.testing.TollgateServersResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** Holds through the internal API, against the real PostgreSQL (and Kafka for the charges). */
@QuarkusTest
@WithTestResource(TollgateServersResource.class)
class HoldsTest {

    @Inject
    TestLedger ledger;

    @Test
    void holdLowersTheAvailableBalanceAndCaptureReleasesTheRest() throws Exception {
        String account = TestLedger.newAccount("acct_hold");
        ledger.fund(account, 1_000_000);

        place(account, "hold_" + account, "req_" + account, 300_000).then().statusCode(201)
                .body("status", equalTo("open"))
                .body("reservedMicros", equalTo(300_000))
                .body("balanceMicros", equalTo(1_000_000))
                .body("availableMicros", equalTo(700_000));

        given().contentType(ContentType.JSON).body(Map.of("amountMicros", 120_000))
                .post("/internal/holds/hold_" + account + "/capture").then().statusCode(200)
                .body("status", equalTo("captured"))
                .body("capturedMicros", equalTo(120_000))
                .body("reservedMicros", equalTo(120_000)) // kept until the request's charge arrives
                .body("availableMicros", equalTo(880_000));

        // metering prices the request: the charge is the one debit, and it settles the hold
        ledger.send(Topics.USAGE_PRICED, TestLedger.envelope(account, TestLedger.usagePriced("req_" + account, 118_500)));
        ledger.awaitBalance(account, 1_000_000 - 118_500);
        given().get("/internal/holds/hold_" + account).then().statusCode(200)
                .body("reservedMicros", equalTo(0))
                .body("availableMicros", equalTo(1_000_000 - 118_500));

        assertThat(ledger.count("select count(*) from ledger_event where account_id = '" + account + "' and type like 'Hold%'"))
                .as("placed and captured are on the log").isEqualTo(2);
        assertThat(ledger.count("select coalesce(sum(amount_micros), 0) from ledger_event where account_id = '" + account
                + "' and type like 'Hold%'")).as("holds move no money").isZero();
    }

    @Test
    void holdTheAvailableBalanceCannotCoverIsRefusedWith402AndChangesNothing() throws Exception {
        String account = TestLedger.newAccount("acct_poor");
        ledger.fund(account, 100_000);
        place(account, "h1_" + account, "r1_" + account, 80_000).then().statusCode(201);

        place(account, "h2_" + account, "r2_" + account, 30_000).then().statusCode(402)
                .contentType("application/problem+json")
                .body("status", equalTo(402))
                .body("type", equalTo("urn:tollgate:problem:insufficient-credits"))
                .body("availableMicros", equalTo(20_000));

        assertThat(ledger.count("select count(*) from account_hold where account_id = '" + account + "'")).isEqualTo(1);
        assertThat(ledger.count("select count(*) from ledger_event where account_id = '" + account + "' and type = 'HoldPlaced'"))
                .isEqualTo(1);
        place(account, "h3_" + account, "r3_" + account, 20_000).then().statusCode(201).body("availableMicros", equalTo(0));
    }

    @Test
    void unknownAccountHasNothingToHold() {
        place("acct_never_funded", "hold_never", "req_never", 1).then().statusCode(402)
                .contentType("application/problem+json");
    }

    @Test
    void placingTheSameHoldAgainIsANoOpAndOtherTermsAConflict() throws Exception {
        String account = TestLedger.newAccount("acct_idem");
        ledger.fund(account, 500_000);
        place(account, "hold_" + account, "req_" + account, 100_000).then().statusCode(201);

        place(account, "hold_" + account, "req_" + account, 100_000).then().statusCode(200)
                .body("availableMicros", equalTo(400_000));
        place(account, "hold_" + account, "req_" + account, 200_000).then().statusCode(409)
                .contentType("application/problem+json");

        assertThat(ledger.count("select count(*) from ledger_event where account_id = '" + account + "' and type = 'HoldPlaced'"))
                .isEqualTo(1);
    }

    @Test
    void releaseGivesEverythingBackAndCaptureAfterwardsIsAConflict() throws Exception {
        String account = TestLedger.newAccount("acct_rel");
        ledger.fund(account, 500_000);
        String hold = "hold_" + account;
        place(account, hold, "req_" + account, 100_000).then().statusCode(201);

        given().post("/internal/holds/" + hold + "/release").then().statusCode(200)
                .body("status", equalTo("released")).body("availableMicros", equalTo(500_000));
        given().post("/internal/holds/" + hold + "/release").then().statusCode(200); // repeated: no-op
        given().contentType(ContentType.JSON).body(Map.of("amountMicros", 1)).post("/internal/holds/" + hold + "/capture")
                .then().statusCode(409).contentType("application/problem+json");

        assertThat(ledger.count("select count(*) from ledger_event where account_id = '" + account + "' and type = 'HoldReleased'"))
                .isEqualTo(1);
    }

    @Test
    void captureAboveTheHoldIsCappedAtTheHold() throws Exception {
        String account = TestLedger.newAccount("acct_cap");
        ledger.fund(account, 500_000);
        String hold = "hold_" + account;
        place(account, hold, "req_" + account, 100_000).then().statusCode(201);

        given().contentType(ContentType.JSON).body(Map.of("amountMicros", 250_000)).post("/internal/holds/" + hold + "/capture")
                .then().statusCode(200)
                .body("capturedMicros", equalTo(100_000))
                .body("availableMicros", equalTo(400_000));
    }

    @Test
    void anOpenHoldExpiresByItself() throws Exception {
        String account = TestLedger.newAccount("acct_exp");
        ledger.fund(account, 500_000);
        String hold = "hold_" + account;
        given().contentType(ContentType.JSON)
                .body(Map.of("accountId", account, "holdId", hold, "requestId", "req_" + account, "amountMicros", 100_000,
                        "currency", "EUR", "expiresInSeconds", 1))
                .post("/internal/holds").then().statusCode(201);

        long deadline = System.nanoTime() + TestLedger.WAIT.toNanos();
        String status = "open";
        while (!status.equals("expired") && System.nanoTime() < deadline) {
            Thread.sleep(200);
            status = given().get("/internal/holds/" + hold).path("status");
        }
        assertThat(status).isEqualTo("expired");
        given().get("/internal/holds/" + hold).then().body("availableMicros", equalTo(500_000)).body("capturedMicros", nullValue());
        assertThat(ledger.count("select count(*) from ledger_event where account_id = '" + account + "' and type = 'HoldExpired'"))
                .isEqualTo(1);
    }

    @Test
    void badInputIsAProblemAndChangesNothing() {
        for (Map<String, Object> body : List.<Map<String, Object>>of(
                Map.of("accountId", "acct_x", "holdId", "h_bad", "requestId", "r", "amountMicros", 0),
                Map.of("accountId", "acct_x", "holdId", "h_bad", "requestId", "r", "amountMicros", 10, "currency", "USD"),
                Map.of("accountId", "acct_x", "holdId", "h_bad", "amountMicros", 10),
                Map.of("accountId", "acct_x", "holdId", "h_bad", "requestId", "r", "amountMicros", 10, "expiresInSeconds", 0))) {
            given().contentType(ContentType.JSON).body(body).post("/internal/holds").then().statusCode(400)
                    .contentType("application/problem+json").body("status", equalTo(400));
        }
        given().contentType(ContentType.JSON).body("{not json").post("/internal/holds").then().statusCode(400)
                .contentType("application/problem+json");
        given().post("/internal/holds/h_nobody/release").then().statusCode(404).contentType("application/problem+json");
    }

    static io.restassured.response.Response place(String account, String holdId, String requestId, long amountMicros) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("accountId", account, "holdId", holdId, "requestId", requestId, "amountMicros", amountMicros, "currency", "EUR"))
                .post("/internal/holds");
    }
}
