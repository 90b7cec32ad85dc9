package dev.tollgate.payments.topup;

import java.math.BigDecimal;
import java.util.List;

/**
 * The price of a top-up before paying, every line visible, all amounts in whole cents:
 * {@code totalCents = creditsCents + processingFeeCents + vatCents}.
 */
public record TopUpQuote(String accountId, long credits, String currency, long creditsCents, long processingFeeCents,
                         BigDecimal vatRate, long vatCents, String vatCountry, boolean reverseCharge, String vatMention,
                         long totalCents, List<String> paymentMethods) {
}
