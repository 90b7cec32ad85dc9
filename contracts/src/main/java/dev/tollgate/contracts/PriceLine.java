package dev.tollgate.contracts;

import java.math.BigDecimal;

import com.fasterxml.jackson.annotation.JsonFormat;

/**
 * One token class of a charge: how many tokens, at which rates (per million tokens, in the charge's
 * currency), and the exact, unrounded cost of each part. Decimals travel as JSON strings so no
 * consumer can read them as floating point.
 */
public record PriceLine(
        TokenClass tokenClass,
        long tokens,
        @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal upstreamRatePerMillion,
        @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal platformFeeRatePerMillion,
        @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal upstreamCost,
        @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal platformFee) {
}
