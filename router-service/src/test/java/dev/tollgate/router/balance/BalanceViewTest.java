package dev.tollgate.router.balance;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import dev.tollgate.contracts.Money;

class BalanceViewTest {

    private final BalanceView view = new BalanceView();

    @Test
    void unknownAccountHasNoBalance() {
        assertThat(view.balanceOf("acct_unknown")).isEmpty();
        assertThat(view.sequenceOf("acct_unknown")).isZero();
    }

    @Test
    void higherSequenceWins() {
        assertThat(view.apply("acct_a", 1, euros(10_000_000))).isTrue();
        assertThat(view.apply("acct_a", 2, euros(9_999_890))).isTrue();

        assertThat(view.balanceOf("acct_a")).contains(euros(9_999_890));
        assertThat(view.sequenceOf("acct_a")).isEqualTo(2);
    }

    @Test
    void duplicateEntryChangesNothing() {
        view.apply("acct_a", 3, euros(500));

        assertThat(view.apply("acct_a", 3, euros(999))).isFalse();
        assertThat(view.balanceOf("acct_a")).contains(euros(500));
    }

    @Test
    void olderEntryArrivingLateIsIgnored() {
        view.apply("acct_a", 5, euros(5_000));

        assertThat(view.apply("acct_a", 4, euros(4_000))).isFalse();
        assertThat(view.balanceOf("acct_a")).contains(euros(5_000));
        assertThat(view.sequenceOf("acct_a")).isEqualTo(5);
    }

    @Test
    void accountsAreKeptApart() {
        view.apply("acct_a", 7, euros(7));
        view.apply("acct_b", 1, euros(1));

        assertThat(view.balanceOf("acct_a")).contains(euros(7));
        assertThat(view.balanceOf("acct_b")).contains(euros(1));
    }

    @Test
    void replayingTheWholeLogInAnyOrderGivesTheLatestBalance() {
        long[] arrivalOrder = {2, 1, 3, 3, 1, 2};
        for (long sequence : arrivalOrder) {
            view.apply("acct_a", sequence, euros(sequence * 100));
        }

        assertThat(view.balanceOf("acct_a")).contains(euros(300));
    }

    private static Money euros(long amountMicros) {
        return Money.ofMicros(amountMicros, "EUR");
    }
}
