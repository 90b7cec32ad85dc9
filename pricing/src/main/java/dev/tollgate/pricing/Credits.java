package dev.tollgate.pricing;

import java.math.BigDecimal;

import dev.tollgate.contracts.Money;

/**
 * Credits are what customers see: 1 credit = 0.01 of the billing currency (a cent), so 10,000
 * micro-units make one credit. Shown with 4 decimals, which is exactly the micro-unit, so the
 * conversion never rounds.
 */
public final class Credits {

    public static final long MICROS_PER_CREDIT = 10_000L;
    public static final int DISPLAY_SCALE = 4;

    private Credits() {
    }

    /** {@code Money(12_345_600, EUR)} is {@code 1234.5600} credits. */
    public static BigDecimal of(Money money) {
        return BigDecimal.valueOf(money.amountMicros(), Rounding.SCALE).movePointRight(2).setScale(DISPLAY_SCALE);
    }
}
