package dev.tollgate.payments.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.tollgate.contracts.CreditsPurchased;
import dev.tollgate.contracts.CreditsRefunded;
import dev.tollgate.contracts.DisputeWon;
import dev.tollgate.contracts.EventEnvelope;
import dev.tollgate.contracts.EventPayload;
import dev.tollgate.payments.topup.PaymentRow;
import dev.tollgate.payments.topup.PaymentStore.RequestedRefunds;

/**
 * The effects of a payment's facts, in plain Java: whatever the order of Stripe's events (each delivered
 * twice), the credits granted, taken back by a dashboard refund or a dispute, and given back when the
 * dispute is won add up to the same total, and no event id is ever produced twice.
 */
class PaymentEffectsTest {

    private static final Instant AT = Instant.parse("2026-12-01T10:00:00Z");

    /** 1000 credits + 50 fee + 210 VAT = 1260 cents. */
    private static PaymentRow payment() {
        return new PaymentRow("pay_1", "acct_1", 1000, "EUR", 1000, 50, 210, 1260, "FR", "cs_1", AT, null, PaymentFacts.none(),
                false, 0, 0, 0, "pending");
    }

    private record Outcome(long creditsOnBalance, int purchases, int disputesWon, String status) {
    }

    private static Outcome run(List<StripeFact> order, RequestedRefunds requested) {
        PaymentRow row = payment();
        Set<java.util.UUID> ids = new HashSet<>();
        long onBalance = 0;
        int purchases = 0;
        int won = 0;
        for (StripeFact fact : order) {
            for (int delivery = 0; delivery < 2; delivery++) {
                PaymentEffects.Decision decision = PaymentEffects.decide(PaymentEffects.withFacts(row, row.facts().merge(fact)),
                        requested, AT);
                row = decision.row();
                for (EventEnvelope<? extends EventPayload> event : decision.events()) {
                    assertThat(ids.add(event.eventId())).as("one event per cause: " + event).isTrue();
                    if (event.payload() instanceof CreditsPurchased purchased) {
                        onBalance += purchased.credited().amountMicros() / 10_000;
                        purchases++;
                    } else if (event.payload() instanceof CreditsRefunded refunded) {
                        onBalance -= refunded.debited().amountMicros() / 10_000;
                    } else if (event.payload() instanceof DisputeWon disputeWon) {
                        onBalance += disputeWon.reinstated().amountMicros() / 10_000;
                        won++;
                    }
                }
            }
        }
        return new Outcome(onBalance, purchases, won, row.status());
    }

    @Test
    void everyOrderTakesTheSameCreditsInTotal() {
        // a dashboard refund of 378 cents = 300 credits and their VAT share (1000 credits cost 1000 + 210 of VAT)
        List<StripeFact> story = List.of(
                new StripeFact.SessionCompleted("pay_1", "pi_1", false),
                new StripeFact.AsyncPaymentSucceeded("pay_1", "pi_1"),
                new StripeFact.ChargeRefunded("pi_1", "ch_1", 363),
                new StripeFact.DisputeOpened("pi_1", "ch_1", "dp_1", 897),
                new StripeFact.DisputeClosed("pi_1", "ch_1", "dp_1", 897, true));
        Set<Outcome> outcomes = new HashSet<>();
        permute(new ArrayList<>(story), 0, order -> outcomes.add(run(order, RequestedRefunds.NONE)));
        assertThat(outcomes).containsExactly(new Outcome(700, 1, 1, "paid"));
    }

    @Test
    void aLostDisputeTakesEverythingLeftAndNothingTwice() {
        List<StripeFact> story = List.of(
                new StripeFact.SessionCompleted("pay_1", "pi_1", true),
                new StripeFact.ChargeRefunded("pi_1", "ch_1", 363),
                new StripeFact.DisputeOpened("pi_1", "ch_1", "dp_1", 897),
                new StripeFact.DisputeClosed("pi_1", "ch_1", "dp_1", 897, false));
        Set<Outcome> outcomes = new HashSet<>();
        permute(new ArrayList<>(story), 0, order -> outcomes.add(run(order, RequestedRefunds.NONE)));
        assertThat(outcomes).containsExactly(new Outcome(0, 1, 0, "disputed"));
    }

    @Test
    void stripesRefundOfOurOwnRequestIsNotADashboardRefund() {
        // Tollgate asked for 200 credits (242 cents); Stripe's cumulative refunded amount says just that
        Outcome outcome = run(List.of(new StripeFact.SessionCompleted("pay_1", "pi_1", true),
                new StripeFact.ChargeRefunded("pi_1", "ch_1", 242)), new RequestedRefunds(200, 242));
        assertThat(outcome.creditsOnBalance()).as("the refund's own RefundDebited takes those credits, not this").isEqualTo(1000);
        // a full refund in the dashboard afterwards takes all the credits that are left, never more
        Outcome full = run(List.of(new StripeFact.SessionCompleted("pay_1", "pi_1", true),
                new StripeFact.ChargeRefunded("pi_1", "ch_1", 1260)), new RequestedRefunds(200, 242));
        assertThat(full.creditsOnBalance()).isEqualTo(200);
        assertThat(full.status()).isEqualTo("refunded");
    }

    @Test
    void creditsOfRefundedMoneyIncludeTheirVatShare() {
        assertThat(PaymentEffects.creditsPaidBy(payment(), 363)).isEqualTo(300);
        assertThat(PaymentEffects.creditsPaidBy(payment(), 1260)).as("the fee too: capped by the caller").isEqualTo(1041);
        assertThat(PaymentEffects.creditsPaidBy(payment(), 0)).isZero();
    }

    private static void permute(List<StripeFact> facts, int from, java.util.function.Consumer<List<StripeFact>> each) {
        if (from == facts.size()) {
            each.accept(List.copyOf(facts));
            return;
        }
        for (int i = from; i < facts.size(); i++) {
            Collections.swap(facts, from, i);
            permute(facts, from + 1, each);
            Collections.swap(facts, from, i);
        }
    }
}
