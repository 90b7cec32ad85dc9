package dev.tollgate.ledger;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.tollgate.contracts.Topics;
import dev.tollgate.ledger.application.UnchargedCaptureSweeper;
import dev.tollgate.testing.TollgateServersResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * A captured hold whose request is never charged: after the allowed time (24 h by default) the sweeper releases
 * its reservation with a HoldExpired naming the captured cost, counts it for finance, and a charge that still
 * arrives afterwards is recorded as usual. The sweep is run here "as of" a later instant instead of waiting a day.
 */
@QuarkusTest
@WithTestResource(TollgateServersResource.class)
class UnchargedCaptureSweepTest {

    private static final Duration A_DAY_AND_A_BIT = Duration.ofHours(25);

    @Inject
    UnchargedCaptureSweeper sweeper;

    @Inject
    TestLedger ledger;

    @Test
    void aCaptureWhoseChargeNeverArrivesIsReleasedAfterADayAndFinanceIsTold() throws Throwable {
        String account = TestLedger.newAccount("acct_lost");
        String hold = "hold_" + account;
        ledger.fund(account, 1_000_000);
        HoldsTest.place(account, hold, "req_" + account, 300_000).then().statusCode(201);
        capture(hold, 120_000).then().body("reservedMicros", equalTo(120_000)).body("availableMicros", equalTo(880_000));
        double countedBefore = metric("tollgate_ledger_holds_uncharged_captures_total");

        assertThat(sweeper.releaseLapsed(Instant.now())).as("not before its time")
                .noneMatch(released -> released.entry().holdId().equals(hold));
        List<UnchargedCaptureSweeper.Released> released = sweeper.releaseLapsed(Instant.now().plus(A_DAY_AND_A_BIT));

        assertThat(released).filteredOn(release -> release.entry().holdId().equals(hold)).singleElement()
                .satisfies(release -> {
                    assertThat(release.entry().released()).isEqualTo(TestLedger.eur(120_000));
                    assertThat(release.entry().capturedNotCharged()).isEqualTo(TestLedger.eur(120_000));
                    assertThat(release.entry().amount()).isEqualTo(TestLedger.eur(0));
                });
        given().get("/internal/holds/" + hold).then().statusCode(200)
                .body("status", equalTo("expired")).body("capturedMicros", equalTo(120_000)).body("reservedMicros", equalTo(0))
                .body("balanceMicros", equalTo(1_000_000)).body("availableMicros", equalTo(1_000_000));
        assertThat(ledger.count("select count(*) from ledger_event where account_id = '" + account + "' and type = 'HoldExpired'"
                + " and (envelope->'payload'->'capturedNotCharged'->>'amountMicros')::bigint = 120000 and amount_micros = 0")).isEqualTo(1);
        assertThat(metric("tollgate_ledger_holds_uncharged_captures_total")).isGreaterThanOrEqualTo(countedBefore + 1);
        assertThat(sweeper.releaseLapsed(Instant.now().plus(A_DAY_AND_A_BIT))).as("released once")
                .noneMatch(release -> release.entry().holdId().equals(hold));

        // the lost usage turns up after all: it is a fact, recorded once, and finds nothing reserved any more
        ledger.send(Topics.USAGE_PRICED, TestLedger.envelope(account, TestLedger.usagePriced("req_" + account, 118_000)));
        ledger.awaitBalance(account, 1_000_000 - 118_000);
        given().get("/internal/holds/" + hold).then().body("reservedMicros", equalTo(0)).body("availableMicros", equalTo(882_000));
    }

    @Test
    void aCaptureThatWasChargedIsNeverSwept() throws Throwable {
        String account = TestLedger.newAccount("acct_paid");
        String hold = "hold_" + account;
        ledger.fund(account, 1_000_000);
        HoldsTest.place(account, hold, "req_" + account, 300_000).then().statusCode(201);
        capture(hold, 50_000).then().statusCode(200);
        ledger.send(Topics.USAGE_PRICED, TestLedger.envelope(account, TestLedger.usagePriced("req_" + account, 50_000)));
        ledger.awaitBalance(account, 950_000);

        assertThat(sweeper.releaseLapsed(Instant.now().plus(A_DAY_AND_A_BIT))).noneMatch(release -> release.entry().holdId().equals(hold));
        given().get("/internal/holds/" + hold).then().body("status", equalTo("captured")).body("reservedMicros", equalTo(0));
        assertThat(ledger.count("select count(*) from ledger_event where account_id = '" + account + "' and type = 'HoldExpired'")).isZero();
    }

    private static io.restassured.response.Response capture(String hold, long micros) {
        return given().contentType(ContentType.JSON).body(Map.of("amountMicros", micros)).post("/internal/holds/" + hold + "/capture");
    }

    /** A counter's value from /q/metrics (Prometheus text format), 0 when it has not been registered yet. */
    static double metric(String name) {
        String text = given().get("/q/metrics").then().statusCode(200).extract().asString();
        return text.lines().filter(line -> line.startsWith(name + " ") || line.startsWith(name + "{"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }
}
