package dev.tollgate.payments.webhook;

/**
 * What one Stripe event tells us about a payment. Session events name the payment by our payment id
 * (Checkout metadata); charge events only by Stripe's PaymentIntent id.
 */
public sealed interface StripeFact {

    /** Stripe's PaymentIntent id, when the event carries it. */
    String paymentIntentId();

    /** Our payment id, known only to session events. */
    default String paymentId() {
        return null;
    }

    /** These facts plus this one (see {@link PaymentFacts}: the merge does not depend on order). */
    PaymentFacts mergeInto(PaymentFacts facts);

    /** {@code checkout.session.completed}: paid now (card) or later (SEPA: payment_status unpaid). */
    record SessionCompleted(String paymentId, String paymentIntentId, boolean paid) implements StripeFact {
        @Override
        public PaymentFacts mergeInto(PaymentFacts f) {
            return new PaymentFacts(keep(f.paymentIntentId(), paymentIntentId), f.chargeId(), true, f.succeeded() || paid,
                    f.failed(), f.refundedCents(), f.disputeId(), f.disputeWon(), f.disputeAmountCents());
        }
    }

    /** {@code checkout.session.async_payment_succeeded}. */
    record AsyncPaymentSucceeded(String paymentId, String paymentIntentId) implements StripeFact {
        @Override
        public PaymentFacts mergeInto(PaymentFacts f) {
            return new PaymentFacts(keep(f.paymentIntentId(), paymentIntentId), f.chargeId(), f.sessionCompleted(), true,
                    f.failed(), f.refundedCents(), f.disputeId(), f.disputeWon(), f.disputeAmountCents());
        }
    }

    /** {@code checkout.session.async_payment_failed}. */
    record AsyncPaymentFailed(String paymentId, String paymentIntentId) implements StripeFact {
        @Override
        public PaymentFacts mergeInto(PaymentFacts f) {
            return new PaymentFacts(keep(f.paymentIntentId(), paymentIntentId), f.chargeId(), f.sessionCompleted(), f.succeeded(),
                    true, f.refundedCents(), f.disputeId(), f.disputeWon(), f.disputeAmountCents());
        }
    }

    /** {@code charge.refunded}: Stripe's cumulative amount refunded on the charge, so the larger amount wins. */
    record ChargeRefunded(String paymentIntentId, String chargeId, long amountRefundedCents) implements StripeFact {
        @Override
        public PaymentFacts mergeInto(PaymentFacts f) {
            return new PaymentFacts(keep(f.paymentIntentId(), paymentIntentId), keep(f.chargeId(), chargeId), f.sessionCompleted(),
                    f.succeeded(), f.failed(), Math.max(f.refundedCents(), amountRefundedCents), f.disputeId(), f.disputeWon(),
                    f.disputeAmountCents());
        }
    }

    /** {@code charge.dispute.created}. */
    record DisputeOpened(String paymentIntentId, String chargeId, String disputeId, long amountCents) implements StripeFact {
        @Override
        public PaymentFacts mergeInto(PaymentFacts f) {
            return new PaymentFacts(keep(f.paymentIntentId(), paymentIntentId), keep(f.chargeId(), chargeId), f.sessionCompleted(),
                    f.succeeded(), f.failed(), f.refundedCents(), keep(f.disputeId(), disputeId), f.disputeWon(),
                    Math.max(f.disputeAmountCents(), amountCents));
        }
    }

    /**
     * {@code charge.dispute.closed}: {@code won} when Stripe's status is {@code won} (the money came back); a lost
     * or otherwise closed dispute changes nothing the opened dispute did not say already. It also tells that a
     * dispute exists, should it arrive before {@code charge.dispute.created}.
     */
    record DisputeClosed(String paymentIntentId, String chargeId, String disputeId, long amountCents, boolean won)
            implements StripeFact {
        @Override
        public PaymentFacts mergeInto(PaymentFacts f) {
            return new PaymentFacts(keep(f.paymentIntentId(), paymentIntentId), keep(f.chargeId(), chargeId), f.sessionCompleted(),
                    f.succeeded(), f.failed(), f.refundedCents(), keep(f.disputeId(), disputeId), f.disputeWon() || won,
                    Math.max(f.disputeAmountCents(), amountCents));
        }
    }

    private static String keep(String known, String candidate) {
        return known != null ? known : candidate;
    }
}
