package dev.tollgate.payments.webhook;

/**
 * Everything Stripe told us about one payment, merged so that the result does not depend on the
 * order of delivery: flags only turn on, amounts only grow (Stripe sends the charge's cumulative
 * {@code amount_refunded}), ids are kept once known. Status and effects are derived from these facts,
 * so any permutation of the same events ends in the same state.
 */
public record PaymentFacts(String paymentIntentId, String chargeId, boolean sessionCompleted, boolean succeeded,
                           boolean failed, long refundedCents, String disputeId, boolean disputeWon, long disputeAmountCents) {

    public static PaymentFacts none() {
        return new PaymentFacts(null, null, false, false, false, 0, null, false, 0);
    }

    public PaymentFacts merge(StripeFact fact) {
        return fact.mergeInto(this);
    }

    /** A dispute was opened and not (yet) won. */
    public boolean disputeOpen() {
        return disputeId != null && !disputeWon;
    }

    /**
     * An open dispute wins over everything (the money is contested); then fully refunded; then paid; a
     * failure counts only when no success was seen (Stripe never sends both for one session). A won
     * dispute leaves the payment as it was before.
     */
    public PaymentStatus status(long grossCents) {
        if (disputeOpen()) {
            return PaymentStatus.DISPUTED;
        }
        if (succeeded && refundedCents >= grossCents) {
            return PaymentStatus.REFUNDED;
        }
        if (succeeded) {
            return PaymentStatus.PAID;
        }
        return failed ? PaymentStatus.FAILED : PaymentStatus.PENDING;
    }
}
