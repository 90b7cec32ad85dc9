package dev.tollgate.payments.stripe;

import java.math.BigDecimal;

import dev.tollgate.contracts.Money;
import dev.tollgate.pricing.Credits;
import dev.tollgate.pricing.Rounding;

/**
 * Stripe amounts are whole cents of the billing currency; Tollgate's are micro-units. The one rule
 * between them: <b>an exact amount becomes cents half up ({@link Rounding#MODE}), once</b>, where the
 * amount is born (VAT, a refund's VAT share); every other amount is whole cents already, because
 * 1 credit = 1 cent and the processing fee is configured in cents. Cents to micros is exact.
 */
public final class StripeAmounts {

    public static final long MICROS_PER_CENT = Money.MICROS_PER_UNIT / 100;

    private StripeAmounts() {
    }

    /** Rounds an exact amount in cents (a decimal) to whole cents, half up. */
    public static long roundToCents(BigDecimal exactCents) {
        return exactCents.setScale(0, Rounding.MODE).longValueExact();
    }

    /** {@code numeratorCents / denominator}, rounded to whole cents half up. */
    public static long roundToCents(long numeratorCents, long denominator) {
        return BigDecimal.valueOf(numeratorCents).divide(BigDecimal.valueOf(denominator), 0, Rounding.MODE).longValueExact();
    }

    public static Money money(long cents, String currency) {
        return Money.ofMicros(Math.multiplyExact(cents, MICROS_PER_CENT), currency);
    }

    /** 1 credit = 0.01 of the billing currency, so a credit amount is the same number of cents. */
    public static long centsOfCredits(long credits) {
        if (Credits.MICROS_PER_CREDIT != MICROS_PER_CENT) {
            throw new IllegalStateException("a credit is no longer one cent: revisit StripeAmounts");
        }
        return credits;
    }

    /** Credits as ledger micro-units. */
    public static Money creditsMoney(long credits, String currency) {
        return Money.ofMicros(Math.multiplyExact(credits, Credits.MICROS_PER_CREDIT), currency);
    }
}
