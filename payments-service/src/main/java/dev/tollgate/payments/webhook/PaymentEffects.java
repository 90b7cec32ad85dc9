package dev.tollgate.payments.webhook;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import dev.tollgate.contracts.CreditsPurchased;
import dev.tollgate.contracts.CreditsRefunded;
import dev.tollgate.contracts.DisputeWon;
import dev.tollgate.contracts.EventEnvelope;
import dev.tollgate.contracts.EventPayload;
import dev.tollgate.payments.stripe.StripeAmounts;
import dev.tollgate.payments.topup.PaymentRow;
import dev.tollgate.payments.topup.PaymentStore.RequestedRefunds;

/**
 * Decides (plain Java) what a payment's merged facts require that was not done yet, each effect once:
 * <ul>
 *   <li>paid and credits not granted: {@code CreditsPurchased} (the ledger grants the credits);</li>
 *   <li>disputed after the credits were granted: the payment's credits still on the balance are debited with
 *       {@code CreditsRefunded} (refund id {@code dispute_<dispute id>}): a dispute is money going back
 *       to the customer, so the ledger treats it like a refund. The balance may go below zero when the
 *       credits were spent already; that is the amount the customer owes;</li>
 *   <li>the dispute won: what it debited is given back with {@code DisputeWon};</li>
 *   <li>refunded in Stripe's dashboard (Stripe's cumulative refunded amount is more than Tollgate's refund
 *       requests asked for): the credits that money paid for are debited with {@code CreditsRefunded}, like a
 *       dispute (refund id {@code dashboard_<payment id>_<credits debited so far>}).</li>
 * </ul>
 * No payment ever loses more credits than it granted: a debit takes at most what is still on the balance
 * from this payment, and what a debit could not take yet (a dashboard refund while a dispute holds every
 * credit) is taken when the dispute gives its credits back. So every delivery order ends with the same
 * credits taken in total, although not always in the same number of events.
 * Event ids derive from the cause (payment id, dispute id, cumulative dashboard debit), so no cause can
 * produce two events.
 */
public final class PaymentEffects {

    public static final String PROVIDER = "stripe";

    private PaymentEffects() {
    }

    public record Decision(PaymentRow row, List<EventEnvelope<? extends EventPayload>> events) {
    }

    /**
     * @param merged     the payment with its newly merged facts
     * @param requested  what Tollgate's refund requests asked Stripe to refund from this payment (planned or done)
     * @param factTime   when Stripe says the fact happened (the payment time of a grant)
     */
    public static Decision decide(PaymentRow merged, RequestedRefunds requested, Instant factTime) {
        PaymentFacts facts = merged.facts();
        boolean granted = merged.creditsGranted();
        Instant paidAt = merged.paidAt();
        long disputeDebited = merged.disputeDebitedCredits();
        long disputeReinstated = merged.disputeReinstatedCredits();
        long dashboardDebited = merged.dashboardDebitedCredits();
        List<EventEnvelope<? extends EventPayload>> events = new ArrayList<>(3);
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
        if (granted) {
            String disputeRefundId = "dispute_" + facts.disputeId();
            long onBalance = merged.credits() - requested.credits() - dashboardDebited - disputeDebited + disputeReinstated;
            if (facts.disputeId() != null && disputeDebited == 0 && onBalance > 0) {
                disputeDebited = onBalance;
                long grossBack = Math.max(0, merged.grossCents() - facts.refundedCents());
                CreditsRefunded refunded = new CreditsRefunded(disputeRefundId, merged.paymentId(), facts.disputeId(),
                        StripeAmounts.creditsMoney(disputeDebited, currency), StripeAmounts.money(grossBack, currency));
                events.add(EventEnvelope.wrap(eventId("CreditsRefunded", disputeRefundId), merged.accountId(), factTime,
                        facts.disputeId(), merged.paymentId(), refunded));
            }
            if (facts.disputeWon() && disputeDebited > 0 && disputeReinstated == 0) {
                disputeReinstated = disputeDebited;
                long recovered = facts.disputeAmountCents() > 0 ? facts.disputeAmountCents()
                        : Math.max(0, merged.grossCents() - facts.refundedCents());
                DisputeWon won = new DisputeWon(disputeRefundId, merged.paymentId(), facts.disputeId(),
                        StripeAmounts.creditsMoney(disputeReinstated, currency), StripeAmounts.money(recovered, currency));
                events.add(EventEnvelope.wrap(eventId("DisputeWon", disputeRefundId), merged.accountId(), factTime,
                        facts.disputeId(), merged.paymentId(), won));
            }
            long dashboardCents = Math.max(0, facts.refundedCents() - requested.cents());
            long dashboardCredits = Math.min(creditsPaidBy(merged, dashboardCents), merged.credits() - requested.credits());
            onBalance = merged.credits() - requested.credits() - dashboardDebited - disputeDebited + disputeReinstated;
            long debit = Math.min(dashboardCredits - dashboardDebited, onBalance);
            if (debit > 0) {
                dashboardDebited += debit;
                String refundId = "dashboard_" + merged.paymentId() + "_" + dashboardDebited;
                // the money these credits account for; the debit that accounts for the whole dashboard amount takes
                // the rest of it too (a refunded processing fee), so the debits' money adds up to what Stripe refunded
                long accountedBefore = centsRefundedFor(merged, dashboardDebited - debit);
                long money = dashboardDebited == dashboardCredits ? dashboardCents - accountedBefore
                        : centsRefundedFor(merged, dashboardDebited) - accountedBefore;
                // the refund ids are not in charge.refunded (Stripe no longer includes the charge's refunds): the charge names it
                CreditsRefunded refunded = new CreditsRefunded(refundId, merged.paymentId(),
                        facts.chargeId() != null ? facts.chargeId() : facts.paymentIntentId(),
                        StripeAmounts.creditsMoney(debit, currency), StripeAmounts.money(Math.max(0, money), currency));
                events.add(EventEnvelope.wrap(eventId("CreditsRefunded", refundId), merged.accountId(), factTime,
                        facts.chargeId(), merged.paymentId(), refunded));
            }
        }
        PaymentStatus status = facts.status(merged.grossCents());
        PaymentRow row = new PaymentRow(merged.paymentId(), merged.accountId(), merged.credits(), currency, merged.creditsCents(),
                merged.feeCents(), merged.vatCents(), merged.grossCents(), merged.vatCountry(), merged.checkoutSessionId(),
                merged.createdAt(), paidAt, facts, granted, disputeDebited, disputeReinstated, dashboardDebited, status.columnValue());
        return new Decision(row, events);
    }

    /**
     * The credits that refunded money paid for: the money of a credit is the credit plus its VAT share (the
     * payment's VAT in proportion, as Tollgate's own refunds count it), so credits = cents × credits / (credits
     * + VAT), rounded once with the one rule. A full refund (the processing fee included) comes out above the
     * payment's credits; the caller caps it.
     */
    static long creditsPaidBy(PaymentRow payment, long cents) {
        if (cents <= 0) {
            return 0;
        }
        return StripeAmounts.roundToCents(Math.multiplyExact(cents, payment.credits()), payment.creditsCents() + payment.vatCents());
    }

    /** Money back for the first {@code credits} credits of a payment (the rule of Tollgate's own refunds). */
    private static long centsRefundedFor(PaymentRow payment, long credits) {
        return StripeAmounts.centsOfCredits(credits) + StripeAmounts.roundToCents(Math.multiplyExact(payment.vatCents(), credits),
                payment.credits());
    }

    public static PaymentRow withFacts(PaymentRow row, PaymentFacts facts) {
        return new PaymentRow(row.paymentId(), row.accountId(), row.credits(), row.currency(), row.creditsCents(), row.feeCents(),
                row.vatCents(), row.grossCents(), row.vatCountry(), row.checkoutSessionId(), row.createdAt(), row.paidAt(), facts,
                row.creditsGranted(), row.disputeDebitedCredits(), row.disputeReinstatedCredits(), row.dashboardDebitedCredits(),
                row.status());
    }

    public static UUID eventId(String type, String cause) {
        return UUID.nameUUIDFromBytes((type + ":" + cause).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
