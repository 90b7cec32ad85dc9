package dev.tollgate.metering.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The rule for changing a platform fee: customers must hear of an increase at least 30 days before it
 * applies; a decrease (or an unchanged fee) may apply at once. Pure: time is passed in.
 */
public final class PlatformFeeSchedule {

    public static final Duration INCREASE_NOTICE = Duration.ofDays(30);

    private PlatformFeeSchedule() {
    }

    /**
     * Why {@code proposed} cannot be scheduled, or empty if it can. {@code inForceThen} is the fee that would
     * otherwise apply at the proposed effective time (the comparison that matters to customers).
     */
    public static Optional<String> refusal(PlatformFeeVersion proposed, PlatformFeeVersion inForceThen, Instant now) {
        if (proposed.promptPerMillion().signum() < 0 || proposed.completionPerMillion().signum() < 0) {
            return Optional.of("platform fees must be >= 0");
        }
        if (proposed.effectiveFrom().isBefore(now)) {
            return Optional.of("a fee cannot apply in the past (effectiveFrom " + proposed.effectiveFrom() + ")");
        }
        if (proposed.isIncreaseOver(inForceThen) && proposed.effectiveFrom().isBefore(now.plus(INCREASE_NOTICE))) {
            return Optional.of("a platform-fee increase must be scheduled at least 30 days ahead: effectiveFrom must be at or after "
                    + now.plus(INCREASE_NOTICE));
        }
        return Optional.empty();
    }
}
