package dev.tollgate.payments.webhook;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import dev.tollgate.contracts.CreditsPurchased;
import dev.tollgate.contracts.DisputeWon;
import dev.tollgate.contracts.EventCodec;
import dev.tollgate.contracts.EventEnvelope;
import dev.tollgate.contracts.Topics;
import dev.tollgate.payments.stripe.StripeStub;
import dev.tollgate.payments.testing.PaymentsTestSupport;
import dev.tollgate.payments.testing.PaymentsWorld;
import dev.tollgate.testing.KafkaTestClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * The Stripe webhook against real PostgreSQL, Kafka and ledger: signatures, exactly-once under duplicate
 * and reordered delivery, the outbox published by Debezium, and the credits granted by the real ledger.
 */
@QuarkusTest
@WithTestResource(PaymentsWorld.class)
class StripeWebhookTest {

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    private StripeStub stripe() {
        return PaymentsWorld.stripe();
    }

    @Test
    void badMissingOrStaleSignaturesAreRefusedAndChangeNothing() throws Exception {
        PaymentsTestSupport db = new PaymentsTestSupport(jdbcUrl);
        String account = PaymentsTestSupport.newAccount("acct_sig");
        PaymentsTestSupport.Checkout checkout = PaymentsTestSupport.checkout(account, 1000);
        String payload = stripe().completeSession(checkout.sessionId(), true);
        long eventsBefore = db.count("select count(*) from stripe_event");

        given().contentType(ContentType.JSON).body(payload).post("/webhooks/stripe").then().statusCode(400)
                .body("type", equalTo("urn:tollgate:problem:bad-signature"));
        given().header("Stripe-Signature", StripeStub.sign(payload, "whsec_wrong")).contentType(ContentType.JSON).body(payload)
                .post("/webhooks/stripe").then().statusCode(400);
        given().header("Stripe-Signature", StripeStub.sign(payload, PaymentsWorld.WEBHOOK_SECRET, Instant.now().getEpochSecond() - 301))
                .contentType(ContentType.JSON).body(payload).post("/webhooks/stripe").then().statusCode(400);
        given().header("Stripe-Signature", StripeStub.sign(payload, PaymentsWorld.WEBHOOK_SECRET))
                .contentType(ContentType.JSON).body(payload.replace("\"paid\"", "\"unpaid\"")).post("/webhooks/stripe").then().statusCode(400);

        assertThat(db.count("select count(*) from stripe_event")).isEqualTo(eventsBefore);
        assertThat(db.text("select status from payment where payment_id = '" + checkout.paymentId() + "'")).isEqualTo("pending");
    }

    @Test
    void cardPaymentGrantsTheCreditsOnceThroughOutboxDebeziumKafkaAndTheRealLedger() throws Exception {
        PaymentsTestSupport db = new PaymentsTestSupport(jdbcUrl);
        String account = PaymentsTestSupport.newAccount("acct_card");
        PaymentsTestSupport.Checkout checkout = PaymentsTestSupport.checkout(account, 2500);
        String completed = stripe().completeSession(checkout.sessionId(), true);

        PaymentsTestSupport.deliver(completed).then().statusCode(200).body("outcome", equalTo("applied"));
        PaymentsTestSupport.deliver(completed).then().statusCode(200).body("outcome", equalTo("duplicate"));
        PaymentsTestSupport.deliver(completed).then().statusCode(200).body("outcome", equalTo("duplicate"));

        assertThat(db.text("select status from payment where payment_id = '" + checkout.paymentId() + "'")).isEqualTo("paid");
        assertThat(db.count("select count(*) from outbox_event where aggregateid = '" + account + "'")).isEqualTo(1);

        try (KafkaTestClient kafka = new KafkaTestClient(bootstrapServers)) {
            var record = kafka.awaitRecord(Topics.PAYMENTS_EVENTS, r -> account.equals(r.key()));
            EventEnvelope<CreditsPurchased> envelope = EventCodec.decode(record.value(), CreditsPurchased.class);
            assertThat(envelope.payload().paymentId()).isEqualTo(checkout.paymentId());
            assertThat(envelope.payload().credited().amountMicros()).isEqualTo(2500 * 10_000L);
            assertThat(envelope.payload().paidGross().amountMicros()).isEqualTo((2500 + 50) * 10_000L);
        }
        // the real ledger consumed it: 2,500 credits = 25,000,000 micro-units
        PaymentsTestSupport.awaitLedgerBalance(account, 2500 * 10_000L);
    }

    @Test
    void sepaPaymentIsCreditedOnlyWhenItSucceedsAndAFailureGrantsNothing() throws Exception {
        PaymentsTestSupport db = new PaymentsTestSupport(jdbcUrl);
        String account = PaymentsTestSupport.newAccount("acct_sepa");
        PaymentsTestSupport.Checkout succeeding = PaymentsTestSupport.checkout(account, 1000);
        PaymentsTestSupport.Checkout failing = PaymentsTestSupport.checkout(account, 500);

        PaymentsTestSupport.deliver(stripe().completeSession(succeeding.sessionId(), false)).then().statusCode(200);
        PaymentsTestSupport.deliver(stripe().completeSession(failing.sessionId(), false)).then().statusCode(200);
        assertThat(db.count("select count(*) from outbox_event where aggregateid = '" + account + "'")).as("nothing before success").isZero();

        PaymentsTestSupport.deliver(stripe().asyncPaymentSucceeded(succeeding.sessionId())).then().statusCode(200);
        PaymentsTestSupport.deliver(stripe().asyncPaymentFailed(failing.sessionId())).then().statusCode(200);

        assertThat(db.text("select status from payment where payment_id = '" + succeeding.paymentId() + "'")).isEqualTo("paid");
        assertThat(db.text("select status from payment where payment_id = '" + failing.paymentId() + "'")).isEqualTo("failed");
        assertThat(db.count("select count(*) from outbox_event where aggregateid = '" + account + "' and type = 'CreditsPurchased'"))
                .isEqualTo(1);
        PaymentsTestSupport.awaitLedgerBalance(account, 1000 * 10_000L);
    }

    /**
     * A realistic SEPA story (completed unpaid, debit succeeded, a partial refund from the dashboard, a
     * dispute, the dispute won) delivered in 24 orders, each event twice: always the same end state. The
     * first four events come in every one of their 24 orders, the dispute's win at each of the five places in
     * turn (all 120 orders of the five, five times the work, run without a container in {@code PaymentEffectsTest}). The dashboard refund's 300 cents are 300 credits taken back, once; the dispute's debit is
     * given back once. Depending on the order the dispute's debit takes 1000 credits (the dashboard's 300 are
     * then taken when it is won) or 700, so the events differ, but never the credits taken in total.
     */
    @Test
    void everyDeliveryOrderWithDuplicatesEndsInTheSameState() throws Exception {
        PaymentsTestSupport db = new PaymentsTestSupport(jdbcUrl);
        List<String> endStates = new ArrayList<>();
        List<List<Integer>> orders = new ArrayList<>();
        for (List<Integer> firstFour : permutations(List.of(0, 1, 2, 3))) {
            List<Integer> order = new ArrayList<>(firstFour);
            order.add(orders.size() % 5, 4);
            orders.add(order);
        }
        for (List<Integer> order : orders) {
            String account = PaymentsTestSupport.newAccount("acct_order");
            PaymentsTestSupport.Checkout checkout = PaymentsTestSupport.checkout(account, 1000);
            List<String> story = new ArrayList<>();
            story.add(stripe().completeSession(checkout.sessionId(), false));
            String paymentIntent = (String) stripe().session(checkout.sessionId()).get("payment_intent");
            story.add(stripe().asyncPaymentSucceeded(checkout.sessionId()));
            story.add(stripe().refundFromDashboard(paymentIntent, 300));
            story.add(stripe().openDispute(paymentIntent));
            story.add(stripe().closeDispute(paymentIntent, "won"));
            for (int index : order) {
                PaymentsTestSupport.deliver(story.get(index)).then().statusCode(200);
                PaymentsTestSupport.deliver(story.get(index)).then().statusCode(200).body("outcome", equalTo("duplicate"));
            }
            String where = " where payment_id = '" + checkout.paymentId() + "'";
            String outbox = "from outbox_event where aggregateid = '" + account + "' and type = ";
            String state = db.text("select status || ' granted=' || credits_granted || ' refunded=' || refunded_cents"
                    + " || ' won=' || dispute_won || ' takenBack=' || (dispute_debited_credits - dispute_reinstated_credits"
                    + " + dashboard_debited_credits) || ' intent=' || (payment_intent_id is not null) from payment" + where)
                    + " purchased=" + db.count("select count(*) " + outbox + "'CreditsPurchased'")
                    + " debitedCredits=" + db.count("select coalesce(sum((payload->'payload'->'debited'->>'amountMicros')::bigint), 0) "
                    + outbox + "'CreditsRefunded'") / 10_000
                    + " reinstatedCredits=" + db.count("select coalesce(sum((payload->'payload'->'reinstated'->>'amountMicros')::bigint), 0) "
                    + outbox + "'DisputeWon'") / 10_000
                    + " disputeWon=" + db.count("select count(*) " + outbox + "'DisputeWon'")
                    + " parked=" + db.count("select count(*) from stripe_event where not applied and payment_intent_id = '"
                    + paymentIntent + "'");
            endStates.add(order + " -> " + state);
        }
        Function<String, String> takenInTotal = line -> {
            String state = line.substring(line.indexOf("->"));
            long debited = Long.parseLong(state.replaceAll(".*debitedCredits=(\\d+).*", "$1"));
            long reinstated = Long.parseLong(state.replaceAll(".*reinstatedCredits=(\\d+).*", "$1"));
            return state.replaceAll(" debitedCredits=\\d+ reinstatedCredits=\\d+", " net=" + (debited - reinstated));
        };
        assertThat(endStates).hasSize(24).extracting(takenInTotal::apply).containsOnly(
                "-> paid granted=true refunded=300 won=true takenBack=300 intent=true purchased=1 net=300 disputeWon=1 parked=0");
    }

    @Test
    void aWonDisputeGivesTheCreditsBackOnceAtTheRealLedger() throws Exception {
        PaymentsTestSupport db = new PaymentsTestSupport(jdbcUrl);
        String account = PaymentsTestSupport.newAccount("acct_won");
        PaymentsTestSupport.Checkout checkout = PaymentsTestSupport.checkout(account, 1000);
        String paymentIntent = PaymentsTestSupport.payByCard(checkout);
        PaymentsTestSupport.awaitLedgerBalance(account, 1000 * 10_000L);

        String opened = stripe().openDispute(paymentIntent);
        PaymentsTestSupport.deliver(opened).then().statusCode(200).body("outcome", equalTo("applied"));
        PaymentsTestSupport.awaitLedgerBalance(account, 0);
        assertThat(db.text("select status from payment where payment_id = '" + checkout.paymentId() + "'")).isEqualTo("disputed");

        String won = stripe().closeDispute(paymentIntent, "won");
        PaymentsTestSupport.deliver(won).then().statusCode(200).body("outcome", equalTo("applied"));
        PaymentsTestSupport.deliver(won).then().statusCode(200).body("outcome", equalTo("duplicate"));
        PaymentsTestSupport.deliver(opened).then().statusCode(200).body("outcome", equalTo("duplicate"));
        PaymentsTestSupport.awaitLedgerBalance(account, 1000 * 10_000L);

        assertThat(db.text("select status from payment where payment_id = '" + checkout.paymentId() + "'")).isEqualTo("paid");
        assertThat(db.count("select count(*) from outbox_event where aggregateid = '" + account + "' and type = 'DisputeWon'"))
                .isEqualTo(1);
        try (KafkaTestClient kafka = new KafkaTestClient(bootstrapServers)) {
            var record = kafka.awaitRecord(Topics.PAYMENTS_EVENTS, r -> account.equals(r.key()) && r.value().contains("DisputeWon"));
            EventEnvelope<DisputeWon> envelope = EventCodec.decode(record.value(), DisputeWon.class);
            assertThat(envelope.payload().reinstated().amountMicros()).isEqualTo(1000 * 10_000L);
            assertThat(envelope.payload().recoveredGross().amountMicros()).isEqualTo(1050 * 10_000L);
        }
    }

    @Test
    void aLostDisputeKeepsTheDebit() throws Exception {
        String account = PaymentsTestSupport.newAccount("acct_lost");
        PaymentsTestSupport.Checkout checkout = PaymentsTestSupport.checkout(account, 1000);
        String paymentIntent = PaymentsTestSupport.payByCard(checkout);
        PaymentsTestSupport.deliver(stripe().openDispute(paymentIntent)).then().statusCode(200);
        PaymentsTestSupport.deliver(stripe().closeDispute(paymentIntent, "lost")).then().statusCode(200).body("outcome", equalTo("applied"));
        PaymentsTestSupport.awaitLedgerBalance(account, 0);
        PaymentsTestSupport db = new PaymentsTestSupport(jdbcUrl);
        assertThat(db.text("select status from payment where payment_id = '" + checkout.paymentId() + "'")).isEqualTo("disputed");
        assertThat(db.count("select count(*) from outbox_event where aggregateid = '" + account + "' and type = 'DisputeWon'")).isZero();
    }

    /**
     * A refund made in Stripe's dashboard takes its credits from the balance once, however often its
     * {@code charge.refunded} arrives; the {@code charge.refunded} of Tollgate's own refund takes nothing more.
     */
    @Test
    void aDashboardRefundIsDebitedOnceAndOurOwnRefundIsNotDebitedTwice() throws Exception {
        PaymentsTestSupport db = new PaymentsTestSupport(jdbcUrl);
        String account = PaymentsTestSupport.newAccount("acct_dashboard");
        PaymentsTestSupport.Checkout checkout = PaymentsTestSupport.checkout(account, 1000);
        String paymentIntent = PaymentsTestSupport.payByCard(checkout);
        PaymentsTestSupport.awaitLedgerBalance(account, 1000 * 10_000L);

        String dashboard = stripe().refundFromDashboard(paymentIntent, 300);
        PaymentsTestSupport.deliver(dashboard).then().statusCode(200).body("outcome", equalTo("applied"));
        PaymentsTestSupport.deliver(dashboard).then().statusCode(200).body("outcome", equalTo("duplicate"));
        PaymentsTestSupport.awaitLedgerBalance(account, 700 * 10_000L);

        // Tollgate's own refund of 200 credits (operator override of the cooling-off), then Stripe's event for it
        PaymentsTestSupport.asOperator().contentType(io.restassured.http.ContentType.JSON)
                .body(java.util.Map.of("accountId", account, "credits", 200, "operatorOverrideReason", "test"))
                .post("/refunds").then().statusCode(200).body("creditsRefunded", equalTo(200));
        PaymentsTestSupport.deliver(stripe().chargeRefundedEvent(paymentIntent)).then().statusCode(200)
                .body("outcome", equalTo("applied"));
        PaymentsTestSupport.awaitLedgerBalance(account, 500 * 10_000L);

        // a second dashboard refund of the rest of the charge (the fee too): the 500 credits left go
        PaymentsTestSupport.deliver(stripe().refundFromDashboard(paymentIntent, 1050 - 500)).then().statusCode(200);
        PaymentsTestSupport.awaitLedgerBalance(account, 0);
        assertThat(db.text("select status || ' ' || dashboard_debited_credits from payment where payment_id = '"
                + checkout.paymentId() + "'")).isEqualTo("refunded 800");
        assertThat(db.count("select coalesce(sum((payload->'payload'->'refundedGross'->>'amountMicros')::bigint), 0) "
                + "from outbox_event where aggregateid = '" + account + "' and type = 'CreditsRefunded'") / 10_000)
                .as("money of the credit notes = money Stripe refunded").isEqualTo(1050);
    }

    private static List<List<Integer>> permutations(List<Integer> items) {
        if (items.isEmpty()) {
            return List.of(List.of());
        }
        List<List<Integer>> all = new ArrayList<>();
        for (Integer first : items) {
            List<Integer> rest = new ArrayList<>(items);
            rest.remove(first);
            for (List<Integer> tail : permutations(rest)) {
                List<Integer> permutation = new ArrayList<>();
                permutation.add(first);
                permutation.addAll(tail);
                all.add(permutation);
            }
        }
        return all;
    }
}
