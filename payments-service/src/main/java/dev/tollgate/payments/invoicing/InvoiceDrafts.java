package dev.tollgate.payments.invoicing;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

import org.jboss.logging.Logger;

import dev.tollgate.contracts.CreditsPurchased;
import dev.tollgate.contracts.CreditsRefunded;
import dev.tollgate.contracts.Money;
import dev.tollgate.payments.tax.BillingBlock;
import dev.tollgate.payments.tax.VatDecision;
import dev.tollgate.payments.tax.VatKind;
import dev.tollgate.payments.tax.VatRules;
import dev.tollgate.pricing.Rounding;

/**
 * Drafts the documents (plain Java; numbers and dates are set when they are issued). The amounts of an
 * invoice are what was paid, from the {@code CreditsPurchased} event; the VAT rate, kind and mention come
 * from the VAT rules applied to the billing block in force at the payment.
 */
public final class InvoiceDrafts {

    /** Invoice dates and years are those of the seller, in France. */
    public static final ZoneId SELLER_ZONE = ZoneId.of("Europe/Paris");

    private static final Logger LOG = Logger.getLogger(InvoiceDrafts.class);
    private static final long MICROS_PER_CENT = Money.MICROS_PER_UNIT / 100;

    private final VatRules rules;
    private final List<String> sellerLines;

    public InvoiceDrafts(VatRules rules, List<String> sellerLines) {
        this.rules = rules;
        this.sellerLines = List.copyOf(sellerLines);
    }

    public Invoice purchase(String accountId, Instant paidAt, CreditsPurchased purchase, BillingBlock customer, String email) {
        String currency = purchase.paidGross().currency();
        long credits = cents(purchase.credited());
        long fee = cents(purchase.processingFee());
        long vat = cents(purchase.vat());
        long gross = cents(purchase.paidGross());
        VatDecision decision = rules.decide(customer, LocalDate.ofInstant(paidAt, SELLER_ZONE));
        long expectedVat = decision.vatOn(credits + fee).vatCents();
        if (expectedVat != vat) {
            // the customer paid this amount: the invoice must show it; the difference is for finance to resolve
            LOG.errorf("payment %s: VAT paid %d cents differs from %d cents under the VAT rules (%s); invoiced as paid",
                    purchase.paymentId(), vat, expectedVat, decision.kind());
        }
        return new Invoice(null, Invoice.Kind.INVOICE, Invoice.Reason.PURCHASE, accountId, null, purchase.paymentId(),
                purchase.providerPaymentId(), null, currency, credits, fee, credits + fee, decision.ratePercent(), vat, gross,
                decision.kind(), decision.vatCountry(), decision.invoiceMention(), customer, email, sellerLines);
    }

    /**
     * A credit note for money refunded against an invoice. The refunded gross includes VAT at the invoice's
     * rate: net = gross / (1 + rate) rounded half up to the cent, VAT = gross - net, so the note adds up to
     * exactly what was refunded.
     */
    public Invoice refund(Invoice original, CreditsRefunded refund) {
        long gross = cents(refund.refundedGross());
        long net = BigDecimal.valueOf(gross).multiply(BigDecimal.valueOf(100))
                .divide(BigDecimal.valueOf(100).add(original.vatRatePercent()), 0, Rounding.MODE).longValueExact();
        return new Invoice(null, Invoice.Kind.CREDIT_NOTE, Invoice.Reason.REFUND, original.accountId(), null,
                original.paymentId(), refund.providerRefundId(), original.number(), original.currency(), -net, 0, -net,
                original.vatRatePercent(), -(gross - net), -gross, original.vatKind(), original.vatCountry(),
                original.vatMention(), original.customer(), original.customerEmail(), sellerLines);
    }

    /** The credit note cancelling {@code original} in full, with the original's customer block. */
    public Invoice cancellation(Invoice original) {
        return new Invoice(null, Invoice.Kind.CREDIT_NOTE, Invoice.Reason.REISSUE_CANCELLATION, original.accountId(), null,
                original.paymentId(), original.paymentReference(), original.number(), original.currency(),
                -original.creditsCents(), -original.feeCents(), -original.netCents(), original.vatRatePercent(),
                -original.vatCents(), -original.grossCents(), original.vatKind(), original.vatCountry(), original.vatMention(),
                original.customer(), original.customerEmail(), sellerLines);
    }

    /**
     * The replacement of {@code original} with a corrected customer block. The sale and its VAT treatment
     * stay those of the original (the customer paid them); only the block changes.
     */
    public Invoice replacement(Invoice original, BillingBlock correctedCustomer, String email) {
        return new Invoice(null, Invoice.Kind.INVOICE, Invoice.Reason.REISSUE, original.accountId(), null,
                original.paymentId(), original.paymentReference(), original.number(), original.currency(),
                original.creditsCents(), original.feeCents(), original.netCents(), original.vatRatePercent(),
                original.vatCents(), original.grossCents(), original.vatKind(), original.vatCountry(), original.vatMention(),
                correctedCustomer, email, sellerLines);
    }

    /** A customer without a billing profile: the account id stands for the name, the VAT country for the address. */
    public static BillingBlock unknownCustomer(String accountId, String vatCountry) {
        return new BillingBlock("Account " + accountId, List.of(), null, null,
                vatCountry == null ? "ZZ" : vatCountry, null, false);
    }

    static long cents(Money money) {
        if (money.amountMicros() % MICROS_PER_CENT != 0) {
            throw new IllegalArgumentException("not a whole number of cents: " + money);
        }
        return money.amountMicros() / MICROS_PER_CENT;
    }

    static String format(long cents, String currency) {
        return BigDecimal.valueOf(cents).movePointLeft(2).setScale(2, RoundingMode.UNNECESSARY).toPlainString() + " " + currency;
    }
}
