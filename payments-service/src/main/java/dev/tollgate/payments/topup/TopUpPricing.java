package dev.tollgate.payments.topup;

import java.math.BigDecimal;
import java.util.List;

import dev.tollgate.payments.stripe.StripeAmounts;

/**
 * Prices a top-up (plain Java): credits at one cent each, plus the flat processing fee, plus VAT on
 * both (the fee is part of the taxable supply), rounded to cents once (see {@link StripeAmounts}).
 * Card for everyone; SEPA Direct Debit only for EU accounts.
 */
public final class TopUpPricing {

    private final long minimumCredits;
    private final long maximumCredits;
    private final long processingFeeCents;
    private final String currency;

    public TopUpPricing(long minimumCredits, long maximumCredits, long processingFeeCents, String currency) {
        if (minimumCredits <= 0 || maximumCredits < minimumCredits || processingFeeCents < 0) {
            throw new IllegalArgumentException("top-up limits or fee out of range");
        }
        this.minimumCredits = minimumCredits;
        this.maximumCredits = maximumCredits;
        this.processingFeeCents = processingFeeCents;
        this.currency = currency;
    }

    /** @throws TopUpOutOfRange when the credits are outside the configured limits (nothing is created) */
    public TopUpQuote quote(String accountId, long credits, VatOutcome vat) {
        if (credits < minimumCredits || credits > maximumCredits) {
            throw new TopUpOutOfRange("a top-up must be between " + minimumCredits + " and " + maximumCredits
                    + " credits, was " + credits);
        }
        long creditsCents = StripeAmounts.centsOfCredits(credits);
        long taxableCents = creditsCents + processingFeeCents;
        BigDecimal rate = vat.reverseCharge() ? BigDecimal.ZERO : vat.rate();
        long vatCents = StripeAmounts.roundToCents(BigDecimal.valueOf(taxableCents).multiply(rate));
        List<String> methods = vat.euAccount() ? List.of("card", "sepa_debit") : List.of("card");
        return new TopUpQuote(accountId, credits, currency, creditsCents, processingFeeCents, rate, vatCents,
                vat.country(), vat.reverseCharge(), vat.mention(), taxableCents + vatCents, methods);
    }

    public String currency() {
        return currency;
    }

    /** A top-up outside the configured minimum and maximum. */
    public static final class TopUpOutOfRange extends RuntimeException {
        public TopUpOutOfRange(String message) {
            super(message);
        }
    }
}
