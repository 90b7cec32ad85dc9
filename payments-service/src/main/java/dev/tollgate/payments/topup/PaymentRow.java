package dev.tollgate.payments.topup;

import java.time.Instant;

import dev.tollgate.payments.webhook.PaymentFacts;

/**
 * One payment as stored: what was sold, at what price, what Stripe told us, and which effects were done
 * (credits granted; credits debited by a dispute, given back when it was won, debited for refunds made
 * in Stripe's dashboard).
 */
public record PaymentRow(String paymentId, String accountId, long credits, String currency, long creditsCents, long feeCents,
                         long vatCents, long grossCents, String vatCountry, String checkoutSessionId, Instant createdAt,
                         Instant paidAt, PaymentFacts facts, boolean creditsGranted, long disputeDebitedCredits,
                         long disputeReinstatedCredits, long dashboardDebitedCredits, String status) {

    /** Credits of this payment taken back by Stripe-side events (a dispute not won, dashboard refunds). */
    public long creditsTakenBackByStripe() {
        return disputeDebitedCredits - disputeReinstatedCredits + dashboardDebitedCredits;
    }
}
