package dev.tollgate.payments.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.sql.Connection;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import com.stripe.model.Event;
import com.stripe.net.Webhook;

import dev.tollgate.payments.stripe.StripeStub;
import dev.tollgate.payments.testing.PaymentsTestSupport;
import dev.tollgate.payments.testing.PaymentsWorld;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The race of a charge event with the session event that makes its PaymentIntent known, played with two
 * real PostgreSQL transactions: the session's transaction has set the PaymentIntent but not committed, so
 * the charge event finds no payment and is parked; the session's own look for parked events could not see
 * the charge's uncommitted row. Both commit, and the charge event is stuck until something looks again.
 */
@QuarkusTest
@WithTestResource(PaymentsWorld.class)
class ParkedEventRaceTest {

    @Inject
    StripeEventProcessor processor;

    @Inject
    DataSource dataSource;

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;

    private record Race(String paymentId, String paymentIntentId, String chargeRefundedPayload) {
    }

    /** Leaves a dashboard refund of 300 cents parked although its payment is known. */
    private Race parkWhileTheSessionCommits() throws Exception {
        StripeStub stripe = PaymentsWorld.stripe();
        PaymentsTestSupport.Checkout checkout = PaymentsTestSupport.checkout(PaymentsTestSupport.newAccount("acct_race"), 1000);
        String completed = stripe.completeSession(checkout.sessionId(), true);
        String paymentIntent = (String) stripe.session(checkout.sessionId()).get("payment_intent");
        String refunded = stripe.refundFromDashboard(paymentIntent, 300);
        try (Connection session = dataSource.getConnection(); Connection charge = dataSource.getConnection()) {
            session.setAutoCommit(false);
            charge.setAutoCommit(false);
            assertThat(processor.processIn(session, verified(completed), completed).outcome())
                    .isEqualTo(StripeEventProcessor.Outcome.APPLIED);
            assertThat(processor.processIn(charge, verified(refunded), refunded).outcome())
                    .as("the PaymentIntent is not committed yet").isEqualTo(StripeEventProcessor.Outcome.PARKED);
            session.commit();
            charge.commit();
        }
        PaymentsTestSupport db = new PaymentsTestSupport(jdbcUrl);
        assertThat(db.count("select count(*) from stripe_event where not applied and payment_intent_id = '" + paymentIntent + "'"))
                .as("stuck without a re-scan").isEqualTo(1);
        assertThat(db.count("select refunded_cents from payment where payment_id = '" + checkout.paymentId() + "'")).isZero();
        return new Race(checkout.paymentId(), paymentIntent, refunded);
    }

    @Test
    void theLookAfterEachCommitAppliesTheParkedEventOnce() throws Exception {
        Race race = parkWhileTheSessionCommits();
        PaymentsTestSupport db = new PaymentsTestSupport(jdbcUrl);

        // what process() does after the charge event's commit
        assertThat(processor.applyParkedEvents(race.paymentIntentId())).isEqualTo(1);
        assertThat(processor.applyParkedEvents(race.paymentIntentId())).as("idempotent").isZero();

        assertThat(db.count("select refunded_cents from payment where payment_id = '" + race.paymentId() + "'")).isEqualTo(300);
        assertThat(db.count("select count(*) from stripe_event where not applied and payment_intent_id = '"
                + race.paymentIntentId() + "'")).isZero();
        PaymentsTestSupport.deliver(race.chargeRefundedPayload()).then().statusCode(200).body("outcome", equalTo("duplicate"));
        assertThat(db.count("select refunded_cents from payment where payment_id = '" + race.paymentId() + "'")).isEqualTo(300);
    }

    @Test
    void theScheduledScanAppliesEveryParkedEventWhosePaymentIsKnown() throws Exception {
        Race first = parkWhileTheSessionCommits();
        Race second = parkWhileTheSessionCommits();
        PaymentsTestSupport db = new PaymentsTestSupport(jdbcUrl);

        assertThat(processor.applyAllParkedEvents()).isGreaterThanOrEqualTo(2);

        for (Race race : new Race[] {first, second}) {
            assertThat(db.count("select refunded_cents from payment where payment_id = '" + race.paymentId() + "'")).isEqualTo(300);
            assertThat(db.count("select count(*) from stripe_event where not applied and payment_intent_id = '"
                    + race.paymentIntentId() + "'")).isZero();
        }
        assertThat(processor.applyAllParkedEvents()).as("nothing left whose payment is known").isZero();
    }

    private static Event verified(String payload) throws Exception {
        return Webhook.constructEvent(payload, StripeStub.sign(payload, PaymentsWorld.WEBHOOK_SECRET), PaymentsWorld.WEBHOOK_SECRET);
    }
}
