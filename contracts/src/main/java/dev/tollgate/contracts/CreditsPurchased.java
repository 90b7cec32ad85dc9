package dev.tollgate.contracts;

/**
 * A payment was confirmed and its credits are to be granted (payments → ledger, through the payments outbox).
 *
 * @param paymentId         Tollgate's id of the payment; the ledger grants credits once per payment
 * @param provider          payment provider, e.g. {@code stripe}
 * @param providerPaymentId the provider's id (e.g. a Stripe PaymentIntent id)
 * @param credited          credit amount granted to the balance
 * @param processingFee     flat payment-processing fee paid on top (not credited)
 * @param vat               VAT paid (zero under reverse charge or outside the EU)
 * @param paidGross         total paid: credited + processing fee + VAT
 * @param vatCountry        ISO 3166-1 alpha-2 country whose VAT was charged (null when no VAT applies);
 *                          added after v1 shipped, so optional on the wire
 */
public record CreditsPurchased(
        String paymentId,
        String provider,
        String providerPaymentId,
        Money credited,
        Money processingFee,
        Money vat,
        Money paidGross,
        String vatCountry) implements EventPayload {
}
