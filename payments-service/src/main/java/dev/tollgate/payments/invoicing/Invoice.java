package dev.tollgate.payments.invoicing;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import dev.tollgate.payments.tax.BillingBlock;
import dev.tollgate.payments.tax.VatKind;

/**
 * An invoice or credit note as issued, in whole cents of its currency (negative on a credit note):
 * {@code netCents = creditsCents + feeCents}, {@code grossCents = netCents + vatCents}.
 *
 * @param relatedNumber a credit note: the invoice it cancels or corrects; a reissued invoice: the one it replaces
 */
public record Invoice(String number, Kind kind, Reason reason, String accountId, Instant issuedAt, String paymentId,
                      String paymentReference, String relatedNumber, String currency, long creditsCents, long feeCents,
                      long netCents, BigDecimal vatRatePercent, long vatCents, long grossCents, VatKind vatKind,
                      String vatCountry, String vatMention, BillingBlock customer, String customerEmail,
                      List<String> sellerLines) {

    public enum Kind { INVOICE, CREDIT_NOTE }

    public enum Reason { PURCHASE, REFUND, REISSUE_CANCELLATION, REISSUE }

    public Invoice {
        if (netCents != Math.addExact(creditsCents, feeCents) || grossCents != Math.addExact(netCents, vatCents)) {
            throw new IllegalArgumentException("invoice " + number + ": net must be credits + fee and gross net + VAT");
        }
        if (kind == Kind.CREDIT_NOTE ? grossCents > 0 : grossCents < 0) {
            throw new IllegalArgumentException("a credit note is negative, an invoice is not");
        }
        sellerLines = List.copyOf(sellerLines);
    }

    /** The same document under another number and date (numbers are given inside the issuing transaction). */
    public Invoice numbered(String newNumber, Instant newIssuedAt) {
        return new Invoice(newNumber, kind, reason, accountId, newIssuedAt, paymentId, paymentReference, relatedNumber, currency,
                creditsCents, feeCents, netCents, vatRatePercent, vatCents, grossCents, vatKind, vatCountry, vatMention,
                customer, customerEmail, sellerLines);
    }
}
