package dev.tollgate.payments.topup;

import java.time.Instant;

import dev.tollgate.payments.webhook.PaymentFacts;

/** One payment as stored: what was sold, at what price, what Stripe told us, and which effects were done. */
public record PaymentRow(String paymentId, String accountId, long credits, String currency, long creditsCents, long feeCents,
                         long vatCents, long grossCents, String vatCountry, String checkoutSessionId, Instant createdAt,
                         Instant paidAt, PaymentFacts facts, boolean creditsGranted, long disputeDebitedCredits, String status) {
}
