package dev.tollgate.router.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SpendLimitTest {

    @Test
    void withoutALimitEverythingPasses() {
        assertThat(SpendLimit.refusal(null, Long.MAX_VALUE / 2, 1_000_000)).isEmpty();
    }

    @Test
    void aRequestThatFitsExactlyPasses() {
        assertThat(SpendLimit.refusal(100_000L, 60_000, 40_000)).isEmpty();
    }

    @Test
    void aRequestWhoseWorstCaseWouldCrossTheLimitIsRefusedWithWhatIsLeft() {
        assertThat(SpendLimit.refusal(100_000L, 60_000, 40_001)).hasValueSatisfying(message -> assertThat(message)
                .contains("spend limit of 10.0000 credits")
                .contains("4.0000 credits are left")
                .contains("up to 4.0001 credits"));
    }

    @Test
    void aKeyAlreadyOverItsLimitHasNothingLeft() {
        assertThat(SpendLimit.refusal(100_000L, 120_000, 0)).hasValueSatisfying(message -> assertThat(message)
                .contains("0.0000 credits are left"));
    }

    @Test
    void negativeAmountsAreAProgrammingError() {
        assertThatThrownBy(() -> SpendLimit.refusal(1L, -1, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
