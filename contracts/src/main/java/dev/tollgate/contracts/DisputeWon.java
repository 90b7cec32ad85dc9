package dev.tollgate.contracts;

/**
 * A dispute over a payment was decided in the seller's favour: the money the dispute took back is
 * returned to the seller, so the credits its {@link CreditsRefunded} debited are given back (payments → ledger).
 *
 * @param disputeId        Tollgate's id of the dispute's debit ({@code dispute_<provider dispute id>}), the
 *                         {@link CreditsRefunded#refundId()} of the debit this reverses; the ledger gives back once per dispute
 * @param paymentId        the disputed payment
 * @param providerDisputeId the provider's dispute id
 * @param reinstated       credits given back to the balance (what the dispute debited)
 * @param recoveredGross   money the provider returned to the seller
 */
public record DisputeWon(
        String disputeId,
        String paymentId,
        String providerDisputeId,
        Money reinstated,
        Money recoveredGross) implements EventPayload {
}
