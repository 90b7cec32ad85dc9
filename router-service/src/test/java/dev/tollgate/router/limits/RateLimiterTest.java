package dev.tollgate.router.limits;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class RateLimiterTest {

    private static final long SECOND = 1_000_000_000L;

    private final AtomicLong nanos = new AtomicLong(42 * SECOND);
    private final RateLimiter limiter = new RateLimiter(nanos::get);

    @Test
    void aFullMinuteOfRequestsPassesAtOnceThenTheNextWaitsForOneRefill() {
        for (int i = 0; i < 60; i++) {
            assertThat(limiter.tryAcquire("key_a", 60, 1)).as("request %d", i).isZero();
        }

        long waitNanos = limiter.tryAcquire("key_a", 60, 1);

        assertThat(waitNanos).isEqualTo(SECOND); // 60 a minute: one back every second
        assertThat(RateLimiter.retryAfterSeconds(waitNanos)).isEqualTo(1);
    }

    @Test
    void aRefusedRequestTakesNothing() {
        for (int i = 0; i < 3; i++) {
            limiter.tryAcquire("key_a", 3, 1);
        }
        for (int i = 0; i < 10; i++) {
            assertThat(limiter.tryAcquire("key_a", 3, 1)).isEqualTo(20 * SECOND);
        }

        nanos.addAndGet(20 * SECOND);
        assertThat(limiter.tryAcquire("key_a", 3, 1)).isZero();
        assertThat(limiter.tryAcquire("key_a", 3, 1)).isEqualTo(20 * SECOND);
    }

    @Test
    void theBucketRefillsContinuouslyUpToOneMinute() {
        assertThat(limiter.tryAcquire("key_a", 1_000, 1_000)).isZero();
        nanos.addAndGet(30 * SECOND);

        assertThat(limiter.tryAcquire("key_a", 1_000, 500)).isZero();
        assertThat(limiter.tryAcquire("key_a", 1_000, 1)).isEqualTo(60 * SECOND / 1_000);

        nanos.addAndGet(10 * 60 * SECOND); // idle for long: still one minute's allowance, not ten
        assertThat(limiter.tryAcquire("key_a", 1_000, 1_000)).isZero();
        assertThat(limiter.tryAcquire("key_a", 1_000, 1)).isPositive();
    }

    @Test
    void tokensBeyondWhatIsLeftWaitForTheirShareOfTheMinute() {
        assertThat(limiter.tryAcquire("key_a", 6_000, 5_000)).isZero();

        long waitNanos = limiter.tryAcquire("key_a", 6_000, 3_000);

        assertThat(waitNanos).isEqualTo(20 * SECOND); // 2,000 missing at 100 a second
        assertThat(RateLimiter.retryAfterSeconds(waitNanos)).isEqualTo(20);
    }

    @Test
    void aRequestLargerThanTheMinutesAllowancePassesOnAFullBucketOnly() {
        assertThat(limiter.tryAcquire("key_a", 100, 5_000)).isZero();
        assertThat(limiter.tryAcquire("key_a", 100, 5_000)).isEqualTo(60 * SECOND);
    }

    @Test
    void keysHaveTheirOwnBuckets() {
        limiter.tryAcquire("key_a", 1, 1);

        assertThat(limiter.tryAcquire("key_a", 1, 1)).isPositive();
        assertThat(limiter.tryAcquire("key_b", 1, 1)).isZero();
    }

    @Test
    void aChangedLimitStartsAFreshBucket() {
        limiter.tryAcquire("key_a", 1, 1);

        assertThat(limiter.tryAcquire("key_a", 2, 1)).isZero();
    }

    @Test
    void fullBucketsAreForgotten() {
        limiter.tryAcquire("key_a", 60, 1);
        limiter.tryAcquire("key_b", 60, 60);
        nanos.addAndGet(SECOND);

        limiter.forgetFullBuckets();

        assertThat(limiter.bucketCount()).isEqualTo(1);
        assertThat(limiter.tryAcquire("key_b", 60, 2)).isEqualTo(SECOND);
    }

    @Test
    void retryAfterIsWholeSecondsRoundedUpAndAtLeastOne() {
        assertThat(RateLimiter.retryAfterSeconds(1)).isEqualTo(1);
        assertThat(RateLimiter.retryAfterSeconds(SECOND)).isEqualTo(1);
        assertThat(RateLimiter.retryAfterSeconds(SECOND + 1)).isEqualTo(2);
    }
}
