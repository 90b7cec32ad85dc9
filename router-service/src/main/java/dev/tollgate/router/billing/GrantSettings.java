package dev.tollgate.router.billing;

import java.time.Duration;

/**
 * How {@link GrantLeases} sizes, renews and rotates its grants.
 *
 * @param chunkMicros              the largest grant asked for (unless one request needs more)
 * @param sharePercentOfAvailable  a grant is at most this share of the account's last known available balance, so
 *                                 that one instance does not take all of a small account's credits from the others
 * @param renewBelowPercent        a successor grant is placed in the background once a reservation leaves the current
 *                                 grant with less than this share of its size
 * @param rotateAfter              a grant takes no new reservations after this long; it is settled as soon as its
 *                                 requests in flight are done (unused credit goes back to the account)
 * @param lifetime                 how long the ledger keeps an unsettled grant (a crashed instance's) before it expires
 * @param settleAttempts           how often a settlement is tried while the ledger does not answer
 */
public record GrantSettings(long chunkMicros, int sharePercentOfAvailable, int renewBelowPercent, Duration rotateAfter,
                            Duration lifetime, int settleAttempts) {

    public GrantSettings {
        if (chunkMicros <= 0) {
            throw new IllegalArgumentException("a grant's chunk must be positive: " + chunkMicros);
        }
        if (sharePercentOfAvailable < 1 || sharePercentOfAvailable > 100) {
            throw new IllegalArgumentException("the share of the available balance is a percentage (1-100): " + sharePercentOfAvailable);
        }
        if (renewBelowPercent < 0 || renewBelowPercent > 100) {
            throw new IllegalArgumentException("renew-below is a percentage (0-100): " + renewBelowPercent);
        }
        if (rotateAfter.isNegative() || rotateAfter.isZero()) {
            throw new IllegalArgumentException("rotate-after must be positive: " + rotateAfter);
        }
        // a grant must outlive its last reservation by the longest request, or a request could outlast it
        if (rotateAfter.multipliedBy(2).compareTo(lifetime) > 0) {
            throw new IllegalArgumentException("a grant's lifetime (" + lifetime + ") must be at least twice rotate-after ("
                    + rotateAfter + "): requests reserved last on a grant need time to finish before it expires");
        }
        if (settleAttempts < 1) {
            throw new IllegalArgumentException("settle-attempts must be at least 1: " + settleAttempts);
        }
    }

    /** The size of a grant for a request needing {@code neededMicros}, given what the account could spend last we knew. */
    long grantSize(long neededMicros, Long availableMicros) {
        long share = availableMicros == null ? chunkMicros : Math.max(0, availableMicros) / 100 * sharePercentOfAvailable
                + Math.max(0, availableMicros) % 100 * sharePercentOfAvailable / 100;
        return Math.max(neededMicros, Math.min(chunkMicros, share));
    }
}
