package dev.tollgate.ledger.finance;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.tollgate.contracts.CreditsPurchased;
import dev.tollgate.contracts.Topics;
import dev.tollgate.ledger.TestLedger;
import dev.tollgate.testing.TollgateServersResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * Closing accounts through the finance API against a real PostgreSQL and Kafka: only settled accounts close,
 * once per closure id; a closed account refuses holds and adjustments away from zero, still records the facts
 * that arrive, and shows as closed in its balance, its statement, the balances topic and the finance list.
 */
@QuarkusTest
@WithTestResource(TollgateServersResource.class)
class AccountClosureFlowTest {

    private static final String FINANCE = "Bearer finance-test-token";
    private static final String CUSTOMER = "Bearer customer-test-token";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    TestLedger ledger;

    @Test
    void aSettledAccountClosesOncePerClosureIdWithReasonAndAuthor() throws Exception {
        String account = settledAccount("acct_close");

        close(account, "close-1", "customer asked to leave").then().statusCode(201)
                .body("applied", equalTo(true)).body("author", equalTo("finance@test")).body("sequence", equalTo(4));
        close(account, "close-1", "customer asked to leave").then().statusCode(200).body("applied", equalTo(false));
        close(account, "close-2", "asked twice").then().statusCode(409)
                .contentType("application/problem+json").body("type", equalTo("urn:tollgate:problem:account-closed"));

        assertThat(ledger.count("select count(*) from ledger_event where account_id = '" + account + "' and type = 'AccountClosed'"
                + " and amount_micros = 0 and envelope->'payload'->>'author' = 'finance@test'"
                + " and envelope->'payload'->>'reason' = 'customer asked to leave'")).isEqualTo(1);
        given().get("/accounts/" + account + "/balance").then().statusCode(200)
                .body("closed", equalTo(true)).body("balanceMicros", equalTo(0));
    }

    @Test
    void anAccountWithABalanceOrAHoldIsNotClosedAndTheProblemSaysWhatIsLeft() throws Exception {
        String account = TestLedger.newAccount("acct_busy");
        ledger.fund(account, 500_000);

        close(account, "close-busy", "customer asked").then().statusCode(409)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:tollgate:problem:account-not-settled"))
                .body("balanceMicros", equalTo(500_000)).body("reservedMicros", equalTo(0)).body("currency", equalTo("EUR"))
                .body("detail", containsString("refund"));

        adjust(account, "adj-" + account, -500_000, "refunded in full").then().statusCode(201);
        ledger.send(Topics.PAYMENTS_EVENTS, TestLedger.envelope(account, new CreditsPurchased("pay2_" + account, "stripe", "pi_2",
                TestLedger.eur(100_000), TestLedger.eur(0), TestLedger.eur(0), TestLedger.eur(100_000), null)));
        ledger.awaitBalance(account, 100_000);
        placeHold(account, "hold_" + account, 100_000).then().statusCode(201);
        adjust(account, "adj2-" + account, -100_000, "refunded again").then().statusCode(201);

        close(account, "close-busy", "customer asked").then().statusCode(409)
                .body("type", equalTo("urn:tollgate:problem:account-not-settled"))
                .body("balanceMicros", equalTo(0)).body("reservedMicros", equalTo(100_000))
                .body("detail", containsString("holds reserve 100000"));

        given().post("/internal/holds/hold_" + account + "/release").then().statusCode(200);
        close(account, "close-busy", "customer asked").then().statusCode(201)
                .body("applied", equalTo(true)); // the refused attempts left no trace: the same closure id now applies
    }

    @Test
    void aClosedAccountRefusesHoldsWith402AndAdjustmentsAwayFromZeroWith409() throws Exception {
        String account = settledAccount("acct_shut");
        close(account, "close-" + account, "fraud").then().statusCode(201);
        long entries = ledger.count("select count(*) from ledger_event where account_id = '" + account + "'");

        placeHold(account, "hold_" + account, 1).then().statusCode(402)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:tollgate:problem:account-closed"))
                .body("availableMicros", equalTo(0)).body("currency", equalTo("EUR"));
        adjust(account, "adj-" + account, 10_000, "goodwill").then().statusCode(409)
                .contentType("application/problem+json").body("type", equalTo("urn:tollgate:problem:account-closed"));

        assertThat(ledger.count("select count(*) from ledger_event where account_id = '" + account + "'")).isEqualTo(entries);
        assertThat(ledger.count("select count(*) from account_hold where account_id = '" + account + "'")).isZero();
    }

    @Test
    void paymentsAndLateChargesOnAClosedAccountAreRecordedAndFinanceSettlesThem() throws Exception {
        String account = settledAccount("acct_late");
        close(account, "close-" + account, "customer left").then().statusCode(201);
        double toldBefore = closedAccountEntriesCounted("PurchaseCredited");

        // the money was taken: the payment is recorded, the account stays closed and shows up for finance
        ledger.send(Topics.PAYMENTS_EVENTS, TestLedger.envelope(account, new CreditsPurchased("pay_late_" + account, "stripe", "pi_3",
                TestLedger.eur(300_000), TestLedger.eur(0), TestLedger.eur(0), TestLedger.eur(300_000), null)));
        ledger.awaitBalance(account, 300_000);
        // a request served before the closing is charged when its usage arrives: a fact too
        ledger.send(Topics.USAGE_PRICED, TestLedger.envelope(account, TestLedger.usagePriced("req_late_" + account, 1_500)));
        ledger.awaitBalance(account, 298_500);

        given().get("/accounts/" + account + "/balance").then().body("closed", equalTo(true));
        assertThat(closedAccountEntriesCounted("PurchaseCredited")).as("finance is told").isGreaterThanOrEqualTo(toldBefore + 1);
        placeHold(account, "hold_" + account, 1_000).then().statusCode(402)
                .body("type", equalTo("urn:tollgate:problem:account-closed"));
        JsonNode unsettled = closedAccount(account, true);
        assertThat(unsettled.path("balanceMicros").asLong()).isEqualTo(298_500);
        assertThat(unsettled.path("entriesAfterClosing").asLong()).isEqualTo(2);
        assertThat(unsettled.path("reason").asText()).isEqualTo("customer left");
        assertThat(unsettled.path("closedBy").asText()).isEqualTo("finance@test");
        given().header("Authorization", CUSTOMER).get("/finance/closed-accounts").then().statusCode(403);

        // finance gives the money back outside the ledger and settles the account to zero; never past it
        adjust(account, "adj-past-" + account, -298_501, "too much").then().statusCode(409);
        adjust(account, "adj-" + account, -298_500, "late payment refunded by hand, late charge netted").then().statusCode(201);
        ledger.awaitBalance(account, 0);
        assertThat(closedAccount(account, true)).as("settled: no longer on the unsettled list").isNull();
        assertThat(closedAccount(account, false).path("balanceMicros").asLong()).isZero();
    }

    @Test
    void theStatementAndTheBalancesTopicShowTheClosedState() throws Exception {
        String account = settledAccount("acct_stmt");
        close(account, "close-" + account, "account merged into acct_other").then().statusCode(201);
        Instant from = Instant.now().minus(1, ChronoUnit.DAYS);
        Instant to = Instant.now().plus(1, ChronoUnit.DAYS);

        Response statement = given().header("Authorization", FINANCE).queryParam("from", from.toString()).queryParam("to", to.toString())
                .get("/finance/accounts/{id}/statement", account);
        statement.then().statusCode(200).body("closedAt", not(nullValue()))
                .body("entries.type", hasItem("AccountClosed"))
                .body("entries.find { it.type == 'AccountClosed' }.reason", equalTo("account merged into acct_other"))
                .body("entries.find { it.type == 'AccountClosed' }.author", equalTo("finance@test"))
                .body("closingBalanceMicros", equalTo(0));
        given().header("Authorization", FINANCE).queryParam("from", from.toString()).queryParam("to", from.plusSeconds(60).toString())
                .get("/finance/accounts/{id}/statement", account).then().statusCode(200).body("closedAt", nullValue());

        JsonNode closedRecord = read(ledger.kafka().awaitRecord(Topics.LEDGER_BALANCES,
                record -> account.equals(record.key()) && read(record.value()).path("closed").asBoolean()).value());
        assertThat(closedRecord.path("lastSequence").asLong()).as("from the closing entry on").isEqualTo(4);
        assertThat(closedRecord.path("available").path("amountMicros").asLong()).isZero();
        JsonNode openRecord = read(ledger.kafka().awaitRecord(Topics.LEDGER_BALANCES,
                record -> account.equals(record.key()) && !read(record.value()).path("closed").asBoolean()).value());
        assertThat(openRecord.path("lastSequence").asLong()).as("entries before the closing").isLessThan(4);
    }

    @Test
    void closingNeedsAFinanceTokenAValidBodyAndAKnownAccount() {
        given().contentType(ContentType.JSON).body(Map.of("closureId", "c", "reason", "r"))
                .post("/finance/accounts/acct_x/closure").then().statusCode(401);
        given().header("Authorization", CUSTOMER).contentType(ContentType.JSON).body(Map.of("closureId", "c", "reason", "r"))
                .post("/finance/accounts/acct_customer/closure").then().statusCode(403);
        given().header("Authorization", FINANCE).contentType(ContentType.JSON).body(Map.of("closureId", "c"))
                .post("/finance/accounts/acct_x/closure").then().statusCode(400).contentType("application/problem+json");
        close("acct_nobody_" + UUID.randomUUID(), "c", "never existed").then().statusCode(404).contentType("application/problem+json");
    }

    /** An account that was funded and then adjusted back to zero: settled, with three entries. */
    private String settledAccount(String prefix) throws Exception {
        String account = TestLedger.newAccount(prefix);
        ledger.fund(account, 200_000);
        adjust(account, "settle-" + account, -200_000, "unspent credits refunded").then().statusCode(201);
        ledger.awaitBalance(account, 0);
        return account;
    }

    private static Response close(String account, String closureId, String reason) {
        return given().header("Authorization", FINANCE).contentType(ContentType.JSON)
                .body(Map.of("closureId", closureId, "reason", reason))
                .post("/finance/accounts/{id}/closure", account);
    }

    private static Response adjust(String account, String adjustmentId, long micros, String reason) {
        return given().header("Authorization", FINANCE).contentType(ContentType.JSON)
                .body(Map.of("adjustmentId", adjustmentId, "amountMicros", micros, "reason", reason))
                .post("/finance/accounts/{id}/adjustments", account);
    }

    private static Response placeHold(String account, String holdId, long micros) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("accountId", account, "holdId", holdId, "requestId", "req_" + holdId, "amountMicros", micros,
                        "currency", "EUR"))
                .post("/internal/holds");
    }

    /** The account's row in the finance list of closed accounts, or null when it is not listed. */
    private static JsonNode closedAccount(String account, boolean unsettledOnly) {
        JsonNode list = read(given().header("Authorization", FINANCE).queryParam("unsettled", unsettledOnly)
                .get("/finance/closed-accounts").then().statusCode(200).extract().asString());
        for (JsonNode row : list) {
            if (row.path("accountId").asText().equals(account)) {
                return row;
            }
        }
        return null;
    }

    /** The counter of entries recorded on closed accounts, for one entry type, from /q/metrics (Prometheus text). */
    private static double closedAccountEntriesCounted(String type) {
        String text = given().get("/q/metrics").then().statusCode(200).extract().asString();
        return text.lines().filter(line -> line.startsWith("tollgate_ledger_closed_account_entries_total{")
                        && line.contains("type=\"" + type + "\""))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
