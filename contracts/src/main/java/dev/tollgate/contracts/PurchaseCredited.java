package dev.tollgate.contracts;

/**
 * The ledger granted the credits of a confirmed payment ({@link CreditsPurchased}).
 *
 * <p>The payment's other figures are copied from {@link CreditsPurchased} so the ledger's books can
 * post the whole payment (provider clearing, processing-fee revenue, VAT payable) from its own log.
 * They were added after v1 shipped, so they are optional on the wire: null in older entries.
 *
 * @param processingFee flat payment-processing fee paid on top of the credits, if known
 * @param vat           VAT paid, if known (zero under reverse charge or outside the EU)
 * @param paidGross     total paid: amount + processing fee + VAT, if known
 * @param vatCountry    ISO 3166-1 alpha-2 country whose VAT was charged (null when none applies)
 */
public record PurchaseCredited(long sequence, Money amount, Money balanceAfter, String paymentId,
                               Money processingFee, Money vat, Money paidGross, String vatCountry)
        implements LedgerEvent {

    /** An entry without the payment's figures (as written before they were added). */
    public PurchaseCredited(long sequence, Money amount, Money balanceAfter, String paymentId) {
        this(sequence, amount, balanceAfter, paymentId, null, null, null, null);
    }
}
