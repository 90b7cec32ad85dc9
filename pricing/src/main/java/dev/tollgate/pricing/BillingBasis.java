package dev.tollgate.pricing;

/**
 * What a request is billed on, decided by how the upstream answered. Tokens are always the ones the
 * upstream reported, streamed or not, finished or abandoned; only the earning parts depend on the outcome.
 * <ul>
 *   <li>{@link #FULL}: the upstream answered (2xx), streamed or not, even when the client abandoned the
 *       stream: upstream cost plus fee and/or margin on what the upstream produced;</li>
 *   <li>{@link #AT_COST}: the upstream failed (4xx/5xx) but still charged for tokens it consumed: the
 *       customer pays exactly the upstream cost, Tollgate earns nothing on a failed request.
 *       With no tokens this is zero, like any request without tokens.</li>
 * </ul>
 */
public enum BillingBasis {
    FULL,
    AT_COST;

    public static BillingBasis forUpstreamStatus(int upstreamStatus) {
        return upstreamStatus >= 200 && upstreamStatus < 300 ? FULL : AT_COST;
    }
}
