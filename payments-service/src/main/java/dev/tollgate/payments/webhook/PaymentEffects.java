package dev.tollgate.payments.webhook;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import dev.tollgate.contracts.CreditsPurchased;
import dev.tollgate.contracts.CreditsRefunded;
import dev.tollgate.contracts.EventEnvelope;
import dev.tollgate.contracts.EventPayload;
import dev.tollgate.payments.stripe.StripeAmounts;
import dev.tollgate.payments.topup.PaymentRow;

/**
 * Decides (plain Java) what a payment's merged facts require that was not done yet, each effect once:
 * <ul>
 *   <li>paid and credits not granted: {@code CreditsPurchased} (the ledger grants the credits);</li>
 *   <li>disputed after the credits were granted: the credits not refunded yet are debited with
 *       {@code CreditsRefunded} (refund id {@code dispute_<dispute id>}): a dispute is money going back
 *       to the customer, so the ledger treats it like a refund. The balance may go below zero when the
 *       credits were spent already; that is the amount the customer owes.</li>
 * </ul>
 * Event ids derive from the cause (payment id, dispute id), so no cause can produce two events.
 */
public final class PaymentEffects {

    public static final String PROVIDER = "stripe";

    private PaymentEffects() {
    }

    public record Decision(PaymentRow row, List<EventEnvelope<? extends EventPayload>> events) {
    }

    /**
     * @param merged           the payment with its newly merged facts
     * @param refundedCredits  credits of this payment refunded through refund requests so far
     * @param factTime         when Stripe says the fact happened (the payment time of a grant)
     */
    public static Decision decide(PaymentRow merged, long refundedCredits, Instant factTime) {
        PaymentFacts facts = merged.facts();
        boolean granted = merged.creditsGranted();
        Instant paidAt = merged.paidAt();
        long disputeDebited = merged.disputeDebitedCredits();
        List<EventEnvelope<? extends EventPayload>> events = new ArrayList<>(2);
        String currency = merged.currency();
        if (facts.succeeded() && !granted) {
            paidAt = paidAt != null ? paidAt : factTime;
            CreditsPurchased purchased = new CreditsPurchased(merged.paymentId(), PROVIDER, facts.paymentIntentId(),
                    StripeAmounts.creditsMoney(merged.credits(), currency), StripeAmounts.money(merged.feeCents(), currency),
                    StripeAmounts.money(merged.vatCents(), currency), StripeAmounts.money(merged.grossCents(), currency),
                    merged.vatCountry());
            events.add(EventEnvelope.wrap(eventId("CreditsPurchased", merged.paymentId()), merged.accountId(), paidAt,
                    facts.paymentIntentId(), merged.paymentId(), purchased));
            granted = true;
        }
        if (facts.disputeId() != null && granted && disputeDebited == 0) {
            long debit = merged.credits() - refundedCredits;
            if (debit > 0) {
                String refundId = "dispute_" + facts.disputeId();
                long grossBack = Math.max(0, merged.grossCents() - facts.refundedCents());
                CreditsRefunded refunded = new CreditsRefunded(refundId, merged.paymentId(), facts.disputeId(),
                        StripeAmounts.creditsMoney(debit, currency), StripeAmounts.money(grossBack, currency));
                events.add(EventEnvelope.wrap(eventId("CreditsRefunded", refundId), merged.accountId(), factTime,
                        facts.disputeId(), merged.paymentId(), refunded));
                disputeDebited = debit;
            }
        }
        PaymentStatus status = facts.status(merged.grossCents());
        PaymentRow row = new PaymentRow(merged.paymentId(), merged.accountId(), merged.credits(), currency, merged.creditsCents(),
                merged.feeCents(), merged.vatCents(), merged.grossCents(), merged.vatCountry(), merged.checkoutSessionId(),
                merged.createdAt(), paidAt, facts, granted, disputeDebited, status.columnValue());
        return new Decision(row, events);
    }

    public static PaymentRow withFacts(PaymentRow row, PaymentFacts facts) {
        return new PaymentRow(row.paymentId(), row.accountId(), row.credits(), row.currency(), row.creditsCents(), row.feeCents(),
                row.vatCents(), row.grossCents(), row.vatCountry(), row.checkoutSessionId(), row.createdAt(), row.paidAt(), facts,
                row.creditsGranted(), row.disputeDebitedCredits(), row.status());
    }

    public static UUID eventId(String type, String cause) {
        return UUID.nameUUIDFromBytes((type + ":" + cause).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
