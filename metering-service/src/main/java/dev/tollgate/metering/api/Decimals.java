package dev.tollgate.metering.api;

import java.math.BigDecimal;

/** Exact decimals in and out of the API as strings. */
final class Decimals {

    private Decimals() {
    }

    static String plain(BigDecimal value) {
        return value == null ? null : value.toPlainString();
    }

    /** Reads a non-negative exact decimal, or refuses the request naming the field. */
    static BigDecimal nonNegative(String field, String value) {
        if (value == null) {
            throw ApiProblem.badRequest("missing-field", "'" + field + "' is required");
        }
        try {
            BigDecimal decimal = new BigDecimal(value.trim());
            if (decimal.signum() < 0) {
                throw ApiProblem.badRequest("invalid-field", "'" + field + "' must be >= 0");
            }
            return decimal;
        } catch (NumberFormatException e) {
            throw ApiProblem.badRequest("invalid-field", "'" + field + "' must be an exact decimal such as \"0.15\"");
        }
    }
}
