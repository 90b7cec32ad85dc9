package dev.tollgate.router.controlplane.application;

import java.math.BigDecimal;

import dev.tollgate.pricing.Credits;

/**
 * Amounts cross the API in credits, as decimal strings ({@code "12.5"}), and are kept in micro-units
 * (1 credit = 10,000 micros): 4 decimals at most, so the conversion never rounds.
 */
public final class CreditAmounts {

    private CreditAmounts() {
    }

    /** A positive amount of credits in micros; refused (400) if not a number, not positive or too precise. */
    public static long positiveMicros(String field, String credits) {
        BigDecimal amount;
        try {
            amount = new BigDecimal(credits.strip());
        } catch (NumberFormatException e) {
            throw ControlPlaneProblem.badRequest("invalid-amount", field + " must be a decimal number of credits, e.g. \"25.5\"");
        }
        if (amount.signum() <= 0) {
            throw ControlPlaneProblem.badRequest("invalid-amount", field + " must be greater than 0");
        }
        BigDecimal micros = amount.multiply(BigDecimal.valueOf(Credits.MICROS_PER_CREDIT));
        if (micros.stripTrailingZeros().scale() > 0) {
            throw ControlPlaneProblem.badRequest("invalid-amount", field + " has more than " + Credits.DISPLAY_SCALE + " decimals");
        }
        try {
            return micros.longValueExact();
        } catch (ArithmeticException e) {
            throw ControlPlaneProblem.badRequest("invalid-amount", field + " is too large");
        }
    }

    /** {@code 125000} micros is {@code "12.5000"}. */
    public static String credits(Long micros) {
        return micros == null ? null : BigDecimal.valueOf(micros, Credits.DISPLAY_SCALE).toPlainString();
    }
}
