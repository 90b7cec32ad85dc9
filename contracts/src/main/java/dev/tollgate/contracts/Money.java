package dev.tollgate.contracts;

import java.util.Objects;
import java.util.regex.Pattern;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * An exact amount of money: a whole number of micro-units (10^-6) of an ISO 4217 currency.
 * {@code Money(1_500_000, "EUR")} is 1.50 EUR. Every Tollgate ledger uses this one scale
 * (TigerBeetle's "asset scale" of 6), so amounts add without conversion and never touch floating point.
 */
public record Money(long amountMicros, String currency) {

    /** Micro-units in one unit of the currency. */
    public static final long MICROS_PER_UNIT = 1_000_000L;

    private static final Pattern CURRENCY_CODE = Pattern.compile("[A-Z]{3}");

    public Money {
        Objects.requireNonNull(currency, "currency");
        if (!CURRENCY_CODE.matcher(currency).matches()) {
            throw new IllegalArgumentException("currency must be an ISO 4217 code, was " + currency);
        }
    }

    public static Money zero(String currency) {
        return new Money(0, currency);
    }

    public static Money ofMicros(long amountMicros, String currency) {
        return new Money(amountMicros, currency);
    }

    public Money plus(Money other) {
        requireSameCurrency(other);
        return new Money(Math.addExact(amountMicros, other.amountMicros), currency);
    }

    public Money minus(Money other) {
        requireSameCurrency(other);
        return new Money(Math.subtractExact(amountMicros, other.amountMicros), currency);
    }

    public Money negate() {
        return new Money(Math.negateExact(amountMicros), currency);
    }

    @JsonIgnore
    public boolean isNegative() {
        return amountMicros < 0;
    }

    private void requireSameCurrency(Money other) {
        if (!currency.equals(other.currency)) {
            throw new IllegalArgumentException("cannot combine " + currency + " with " + other.currency);
        }
    }
}
