package dev.tollgate.pricing;

import java.math.BigDecimal;
import java.math.RoundingMode;

import dev.tollgate.contracts.Money;

/**
 * The one rounding rule of Tollgate, applied once per charge and nowhere else:
 * <b>an exact decimal amount is rounded to whole micro-units (6 decimals) of its currency, half up</b>
 * (0.0000005 becomes 0.000001; -0.0000005 becomes -0.000001). Everything before this step is exact
 * {@link BigDecimal} arithmetic; everything after it is whole micro-units ({@link Money}).
 */
public final class Rounding {

    /** Decimals kept: micro-units, the ledger's scale. */
    public static final int SCALE = 6;
    public static final RoundingMode MODE = RoundingMode.HALF_UP;

    private Rounding() {
    }

    public static Money toMoney(BigDecimal exactAmount, String currency) {
        BigDecimal rounded = exactAmount.setScale(SCALE, MODE);
        return Money.ofMicros(rounded.movePointRight(SCALE).longValueExact(), currency);
    }
}
