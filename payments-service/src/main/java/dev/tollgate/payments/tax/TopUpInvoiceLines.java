package dev.tollgate.payments.tax;

import java.math.BigDecimal;

/**
 * The lines of a top-up as quoted and invoiced, in whole cents: the credits, the flat processing fee,
 * their sum (the VAT base: the fee is part of the taxable supply, so VAT applies to it too), the VAT
 * rounded once on that base ({@link VatDecision#vatOn}), and the gross the customer pays.
 */
public record TopUpInvoiceLines(long creditsCents, long processingFeeCents, long netCents, BigDecimal vatRatePercent,
                                long vatCents, long grossCents) {

    public static TopUpInvoiceLines of(long creditsCents, long processingFeeCents, VatDecision vat) {
        if (creditsCents < 0 || processingFeeCents < 0) {
            throw new IllegalArgumentException("lines must not be negative");
        }
        VatAmount amount = vat.vatOn(Math.addExact(creditsCents, processingFeeCents));
        return new TopUpInvoiceLines(creditsCents, processingFeeCents, amount.netCents(), amount.ratePercent(),
                amount.vatCents(), amount.grossCents());
    }
}
