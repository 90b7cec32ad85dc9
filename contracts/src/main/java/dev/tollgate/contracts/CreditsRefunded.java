package dev.tollgate.contracts;

/**
 * Unspent credits were refunded to the original payment method (payments → ledger).
 *
 * @param refundId         Tollgate's id of the refund; the ledger debits once per refund
 * @param paymentId        the payment refunded
 * @param providerRefundId the provider's refund id
 * @param debited          credits removed from the balance
 * @param refundedGross    money returned to the customer
 */
public record CreditsRefunded(
        String refundId,
        String paymentId,
        String providerRefundId,
        Money debited,
        Money refundedGross) implements EventPayload {
}
