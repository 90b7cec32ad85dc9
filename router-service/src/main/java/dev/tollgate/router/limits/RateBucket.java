package dev.tollgate.router.limits;

/**
 * A "per minute" allowance for one key, as a token bucket that refills continuously: it holds at most
 * one minute's allowance and regains {@code perMinute} units over 60 seconds. Kept as the generic cell
 * rate algorithm (one "theoretical arrival time" in nanoseconds), so it is all integer arithmetic and
 * needs no timer. Not thread-safe: {@link RateLimiter} only touches it inside its map's atomic compute.
 */
final class RateBucket {

    static final long WINDOW_NANOS = 60_000_000_000L;

    private final long perMinute;
    /** When the bucket would be full again if nothing more were taken. */
    private long fullAtNanos;

    RateBucket(long perMinute, long nowNanos) {
        if (perMinute <= 0) {
            throw new IllegalArgumentException("perMinute must be > 0, was " + perMinute);
        }
        this.perMinute = perMinute;
        this.fullAtNanos = nowNanos;
    }

    long perMinute() {
        return perMinute;
    }

    /**
     * Takes {@code units} from the bucket if it holds them.
     *
     * @return 0 when taken; otherwise how many nanoseconds until it would hold them (nothing was taken).
     *         A request larger than a whole minute's allowance counts as exactly one minute's allowance:
     *         it passes when the bucket is full, rather than never.
     */
    long tryTake(long units, long nowNanos) {
        if (units < 0) {
            throw new IllegalArgumentException("units must be >= 0, was " + units);
        }
        long taken = Math.min(units, perMinute);
        long costNanos = Math.multiplyExact(taken, WINDOW_NANOS) / perMinute;
        long newFullAt = Math.max(fullAtNanos, nowNanos) + costNanos;
        long waitNanos = newFullAt - nowNanos - WINDOW_NANOS;
        if (waitNanos > 0) {
            return waitNanos;
        }
        fullAtNanos = newFullAt;
        return 0;
    }

    /** Whether the bucket is full at {@code nowNanos}, i.e. forgetting it changes nothing. */
    boolean isFull(long nowNanos) {
        return fullAtNanos <= nowNanos;
    }
}
