package dev.tollgate.pricing;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * How many units of {@code to} one unit of {@code from} is worth, in one version of the rate table.
 * Converting multiplies exactly (a {@link BigDecimal} product never rounds); the one rounding of a
 * charge still happens at its very end ({@link Rounding}).
 *
 * @param version id of the rate version used, recorded with every charge; {@code null} for the identity
 */
public record ExchangeRate(String from, String to, BigDecimal rate, String version) {

    public ExchangeRate {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (rate == null || rate.signum() <= 0) {
            throw new IllegalArgumentException("an exchange rate must be > 0");
        }
        if (from.equals(to) && rate.compareTo(BigDecimal.ONE) != 0) {
            throw new IllegalArgumentException("a currency converts to itself at exactly 1");
        }
    }

    /** No conversion: prices quoted in the billing currency itself. */
    public static ExchangeRate identity(String currency) {
        return new ExchangeRate(currency, currency, BigDecimal.ONE, null);
    }

    public boolean isIdentity() {
        return from.equals(to);
    }

    public BigDecimal convert(BigDecimal amountInFrom) {
        return amountInFrom.multiply(rate);
    }
}
