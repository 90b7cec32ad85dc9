package dev.tollgate.payments.refund;

import static dev.tollgate.payments.testing.PaymentsTestSupport.asOperator;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import dev.tollgate.contracts.CreditsRefunded;
import dev.tollgate.contracts.EventCodec;
import dev.tollgate.contracts.EventEnvelope;
import dev.tollgate.contracts.Topics;
import dev.tollgate.payments.testing.PaymentsTestSupport;
import dev.tollgate.payments.testing.PaymentsWorld;
import dev.tollgate.testing.KafkaTestClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** Refunds of unspent credits end to end: real ledger holds and balances, Stripe stub refunds, outbox to Kafka. */
@QuarkusTest
@WithTestResource(PaymentsWorld.class)
class RefundFlowTest {

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Inject
    Refunds refunds;

    private String paidAccount(long... credits) throws Exception {
        String account = PaymentsTestSupport.newAccount("acct_refund");
        long total = 0;
        for (long amount : credits) {
            PaymentsTestSupport.payByCard(PaymentsTestSupport.checkout(account, amount));
            total += amount;
        }
        PaymentsTestSupport.awaitLedgerBalance(account, total * 10_000L);
        return account;
    }

    private void ageTopUps(String account, int days) throws Exception {
        new PaymentsTestSupport(jdbcUrl).execute("update payment set paid_at = paid_at - interval '" + days + " days' where account_id = '"
                + account + "'");
    }

    @Test
    void refundWithinFourteenDaysOfTheLastTopUpIsRefusedUnlessAnOperatorOverrides() throws Exception {
        String account = paidAccount(1000);
        int refundsBefore = PaymentsWorld.stripe().refundsCreated();

        asOperator().contentType(ContentType.JSON).body(Map.of("accountId", account, "credits", 100))
                .post("/refunds").then().statusCode(409)
                .body("type", equalTo("urn:tollgate:problem:refund-cooling-off"));
        assertThat(PaymentsWorld.stripe().refundsCreated()).isEqualTo(refundsBefore);

        ageTopUps(account, 13);
        asOperator().contentType(ContentType.JSON).body(Map.of("accountId", account, "credits", 100))
                .post("/refunds").then().statusCode(409);

        asOperator().contentType(ContentType.JSON)
                .body(Map.of("accountId", account, "credits", 100, "operatorOverrideReason", "customer moved abroad, ticket 4711"))
                .post("/refunds").then().statusCode(200)
                .body("creditsRefunded", equalTo(100));
        PaymentsTestSupport.awaitLedgerBalance(account, 900 * 10_000L);
        assertThat(new PaymentsTestSupport(jdbcUrl).text("select override_reason from refund where account_id = '" + account + "'"))
                .isEqualTo("customer moved abroad, ticket 4711");
    }

    @Test
    void aRefundIsSplitNewestPaymentFirstAndTheLedgerDebitsItOnce() throws Exception {
        String account = paidAccount(1000, 500); // the 500 is the newest
        ageTopUps(account, 15);
        int refundsBefore = PaymentsWorld.stripe().refundsCreated();

        List<Map<String, Object>> parts = asOperator().contentType(ContentType.JSON).body(Map.of("accountId", account, "credits", 700))
                .post("/refunds").then().statusCode(200)
                .body("creditsRefunded", equalTo(700))
                .body("status", equalTo("refunded"))
                .extract().path("parts");

        assertThat(parts).hasSize(2);
        assertThat(parts.get(0).get("credits")).isEqualTo(500);
        assertThat(parts.get(1).get("credits")).isEqualTo(200);
        assertThat(parts.get(0).get("amountCents")).isEqualTo(500); // no VAT: the credits' value, fee not refunded
        assertThat(PaymentsWorld.stripe().refundsCreated()).isEqualTo(refundsBefore + 2);
        PaymentsTestSupport.awaitLedgerBalance(account, 800 * 10_000L);

        try (KafkaTestClient kafka = new KafkaTestClient(bootstrapServers)) {
            List<EventEnvelope<CreditsRefunded>> refunded = kafka.awaitRecords(Topics.PAYMENTS_EVENTS,
                    r -> account.equals(r.key()) && r.value().contains("CreditsRefunded"), 2).stream()
                    .map(r -> EventCodec.decode(r.value(), CreditsRefunded.class)).toList();
            assertThat(refunded).extracting(e -> e.payload().debited().amountMicros())
                    .containsExactlyInAnyOrder(500 * 10_000L, 200 * 10_000L);
        }
        // the ledger's hold for the refund was settled by the debit: everything left is available again
        String refundId = parts.isEmpty() ? null : new PaymentsTestSupport(jdbcUrl).text(
                "select refund_id from refund where account_id = '" + account + "'");
        awaitHoldReserved(refundId, 0);
    }

    @Test
    void neverMoreThanIsUnspentNorMoreThanWasPaid() throws Exception {
        String account = paidAccount(1000);
        ageTopUps(account, 20);
        // something else holds 700 credits at the ledger: only 300 are unspent now
        HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(PaymentsWorld.ledgerUrl() + "/internal/holds"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"accountId\":\"" + account + "\",\"holdId\":\"usage_" + account
                        + "\",\"requestId\":\"req_" + account + "\",\"amountMicros\":7000000,\"expiresInSeconds\":600}")).build(),
                HttpResponse.BodyHandlers.discarding());
        int refundsBefore = PaymentsWorld.stripe().refundsCreated();

        asOperator().contentType(ContentType.JSON).body(Map.of("accountId", account, "credits", 400))
                .post("/refunds").then().statusCode(402)
                .body("detail", containsString("only 300 credits are unspent"));
        asOperator().contentType(ContentType.JSON).body(Map.of("accountId", account, "credits", 1001))
                .post("/refunds").then().statusCode(409);
        assertThat(PaymentsWorld.stripe().refundsCreated()).isEqualTo(refundsBefore);

        // "all unspent": the 300 that are free now
        asOperator().contentType(ContentType.JSON).body(Map.of("accountId", account))
                .post("/refunds").then().statusCode(200)
                .body("creditsRefunded", equalTo(300));
        PaymentsTestSupport.awaitLedgerBalance(account, 700 * 10_000L);
    }

    /**
     * Three refunds of 300 credits of one account at the same moment, from payments of 500 (newest) and
     * 1000 credits: each plans from what the others left, so the 500 is never asked for more than it has
     * (Stripe would refuse that part) and every refund gets its 300.
     */
    @Test
    void concurrentRefundsOfOneAccountNeverPlanMoreThanAPaymentHasLeft() throws Exception {
        String account = paidAccount(1000, 500);
        ageTopUps(account, 15);
        int refundsBefore = PaymentsWorld.stripe().refundsCreated();
        int concurrent = 3;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(concurrent);
        try {
            List<Future<Integer>> refunded = new ArrayList<>();
            for (int i = 0; i < concurrent; i++) {
                refunded.add(pool.submit(() -> {
                    start.await();
                    return asOperator().contentType(ContentType.JSON).body(Map.of("accountId", account, "credits", 300))
                            .post("/refunds").then().statusCode(200).extract().<Integer>path("creditsRefunded");
                }));
            }
            start.countDown();
            for (Future<Integer> credits : refunded) {
                assertThat(credits.get(60, TimeUnit.SECONDS)).isEqualTo(300);
            }
        } finally {
            pool.shutdownNow();
        }
        PaymentsTestSupport db = new PaymentsTestSupport(jdbcUrl);
        String perPayment = "select coalesce(sum(r.credits), 0) from refund_part r join payment p using (payment_id) "
                + "where p.account_id = '" + account + "' and r.stripe_refund_id is not null and p.credits = ";
        assertThat(db.count(perPayment + 500)).isEqualTo(500);
        assertThat(db.count(perPayment + 1000)).isEqualTo(400);
        assertThat(PaymentsWorld.stripe().refundsCreated()).isEqualTo(refundsBefore + 4); // 300 | 200 + 100 | 300
        PaymentsTestSupport.awaitLedgerBalance(account, 600 * 10_000L);
    }

    /**
     * Stripe fails on its side while refunding the older payment's part: the refund waits as "retrying" with
     * every credit still held at the ledger, and the retry (same idempotency key) finishes it, once.
     */
    @Test
    void aRefundWhoseStripeCallFailedHalfWayIsRetriedAndFinishedOnce() throws Exception {
        String account = PaymentsTestSupport.newAccount("acct_retry");
        String olderIntent = PaymentsTestSupport.payByCard(PaymentsTestSupport.checkout(account, 1000));
        PaymentsTestSupport.payByCard(PaymentsTestSupport.checkout(account, 500));
        PaymentsTestSupport.awaitLedgerBalance(account, 1500 * 10_000L);
        ageTopUps(account, 15);
        PaymentsTestSupport db = new PaymentsTestSupport(jdbcUrl);
        int refundsBefore = PaymentsWorld.stripe().refundsCreated();

        PaymentsWorld.stripe().failRefundsOf(olderIntent);
        String refundId = asOperator().contentType(ContentType.JSON).body(Map.of("accountId", account, "credits", 700))
                .post("/refunds").then().statusCode(200)
                .body("status", equalTo("retrying"))
                .body("creditsRefunded", equalTo(500))
                .extract().path("refundId");
        assertThat(PaymentsWorld.stripe().refundsCreated()).isEqualTo(refundsBefore + 1);
        assertThat(db.count("select count(*) from outbox_event where aggregateid = '" + account + "' and type = 'CreditsRefunded'"))
                .as("nothing debited before the refund completes").isZero();
        awaitHoldReserved(refundId, 700 * 10_000L);

        // not due yet: nothing happens
        assertThat(refunds.retryDue(Instant.now())).isZero();
        PaymentsWorld.stripe().stopFailingRefunds(olderIntent);
        assertThat(refunds.retryDue(Instant.now().plusSeconds(60))).isEqualTo(1);
        assertThat(refunds.retryDue(Instant.now().plusSeconds(600))).as("finished once").isZero();

        assertThat(db.text("select status || ' ' || refunded_credits from refund where refund_id = '" + refundId + "'"))
                .isEqualTo("refunded 700");
        assertThat(PaymentsWorld.stripe().refundsCreated()).isEqualTo(refundsBefore + 2);
        assertThat(PaymentsWorld.stripe().idempotencyKeysSeen().stream()
                .filter(key -> key.startsWith(refundId + "_")).distinct().count()).as("one key per part, retried with it").isEqualTo(2);
        assertThat(db.count("select count(*) from outbox_event where aggregateid = '" + account + "' and type = 'CreditsRefunded'"))
                .isEqualTo(2);
        PaymentsTestSupport.awaitLedgerBalance(account, 800 * 10_000L);
        awaitHoldReserved(refundId, 0);
    }

    @Test
    void refundsNeedTheAccountsTokenAndOnlyOperatorsOverride() {
        given().contentType(ContentType.JSON).body(Map.of("accountId", "acct_customer")).post("/refunds").then().statusCode(401);
        given().auth().oauth2("customer-test-token").contentType(ContentType.JSON).body(Map.of("accountId", "acct_other"))
                .post("/refunds").then().statusCode(403);
        given().auth().oauth2("customer-test-token").contentType(ContentType.JSON)
                .body(Map.of("accountId", "acct_customer", "operatorOverrideReason", "I say so"))
                .post("/refunds").then().statusCode(403);
        asOperator().contentType(ContentType.JSON).body(Map.of("accountId", "acct_x", "credits", -5))
                .post("/refunds").then().statusCode(400);
    }

    private static void awaitHoldReserved(String holdId, long expectedMicros) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + 30_000_000_000L;
        String body = null;
        while (System.nanoTime() < deadline) {
            body = http.send(HttpRequest.newBuilder(URI.create(PaymentsWorld.ledgerUrl() + "/internal/holds/" + holdId)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            if (body.contains("\"reservedMicros\":" + expectedMicros + ",")) {
                return;
            }
            Thread.sleep(100);
        }
        assertThat(body).contains("\"reservedMicros\":" + expectedMicros + ",");
    }
}
