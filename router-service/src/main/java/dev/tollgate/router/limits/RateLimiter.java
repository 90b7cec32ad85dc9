package dev.tollgate.router.limits;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.LongSupplier;

/**
 * One {@link RateBucket} per key, in this instance's memory: with N router instances a key may use up to
 * N times its allowance (the load balancer spreads its requests). Full buckets are forgotten once more than
 * {@link #SWEEP_ABOVE_KEYS} keys are held, so memory follows the keys in use, not every key ever seen.
 */
public final class RateLimiter {

    /** Above this many keys, a take first forgets the full buckets. */
    static final int SWEEP_ABOVE_KEYS = 10_000;

    private final ConcurrentMap<String, RateBucket> buckets = new ConcurrentHashMap<>();
    private final LongSupplier nanoClock;

    public RateLimiter(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
    }

    /**
     * Takes {@code units} from the key's bucket of {@code perMinute} units a minute.
     *
     * @return 0 when admitted; otherwise the nanoseconds to wait before the same request would pass
     */
    public long tryAcquire(String keyId, long perMinute, long units) {
        if (buckets.size() > SWEEP_ABOVE_KEYS) {
            forgetFullBuckets();
        }
        long now = nanoClock.getAsLong();
        long[] waitNanos = new long[1];
        // compute runs atomically per key: no other take or forget sees the bucket half updated
        buckets.compute(keyId, (id, existing) -> {
            RateBucket bucket = existing == null || existing.perMinute() != perMinute ? new RateBucket(perMinute, now) : existing;
            waitNanos[0] = bucket.tryTake(units, now);
            return bucket;
        });
        return waitNanos[0];
    }

    public void forgetFullBuckets() {
        long now = nanoClock.getAsLong();
        for (String keyId : buckets.keySet()) {
            buckets.computeIfPresent(keyId, (id, bucket) -> bucket.isFull(now) ? null : bucket);
        }
    }

    int bucketCount() {
        return buckets.size();
    }

    /** Whole seconds to tell the client in {@code Retry-After}: rounded up, at least 1. */
    public static long retryAfterSeconds(long waitNanos) {
        return Math.max(1, (waitNanos + 999_999_999L) / 1_000_000_000L);
    }
}
