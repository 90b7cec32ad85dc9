package dev.tollgate.metering.domain;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * One version of Tollgate's platform fee on one model, per million tokens, in the model's price currency
 * (so it is converted to the billing currency with the upstream rates, at the same exchange rate).
 */
public record PlatformFeeVersion(
        String model,
        String currency,
        BigDecimal promptPerMillion,
        BigDecimal completionPerMillion,
        Instant effectiveFrom,
        String version) {

    /** An increase if either rate goes up (a fee that moves one rate up and the other down is an increase too). */
    public boolean isIncreaseOver(PlatformFeeVersion current) {
        return current == null
                || promptPerMillion.compareTo(current.promptPerMillion) > 0
                || completionPerMillion.compareTo(current.completionPerMillion) > 0;
    }
}
