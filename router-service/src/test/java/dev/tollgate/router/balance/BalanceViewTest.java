package dev.tollgate.router.balance;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import dev.tollgate.contracts.LedgerBalance;
import dev.tollgate.contracts.Money;

class BalanceViewTest {

    private final BalanceView view = new BalanceView();

    @Test
    void unknownAccountHasNoBalance() {
        assertThat(view.balanceOf("acct_unknown")).isEmpty();
        assertThat(view.availableOf("acct_unknown")).isEmpty();
        assertThat(view.sequenceOf("acct_unknown")).isZero();
    }

    @Test
    void higherSequenceWins() {
        assertThat(view.apply(record("acct_a", 1, 10_000_000, 10_000_000))).isTrue();
        assertThat(view.apply(record("acct_a", 2, 9_999_890, 9_990_000))).isTrue();

        assertThat(view.balanceOf("acct_a")).contains(euros(9_999_890));
        assertThat(view.availableOf("acct_a")).contains(euros(9_990_000));
        assertThat(view.sequenceOf("acct_a")).isEqualTo(2);
    }

    @Test
    void duplicateRecordChangesNothing() {
        view.apply(record("acct_a", 3, 500, 500));

        assertThat(view.apply(record("acct_a", 3, 999, 999))).isFalse();
        assertThat(view.balanceOf("acct_a")).contains(euros(500));
    }

    @Test
    void olderRecordArrivingLateIsIgnored() {
        view.apply(record("acct_a", 5, 5_000, 5_000));

        assertThat(view.apply(record("acct_a", 4, 4_000, 4_000))).isFalse();
        assertThat(view.balanceOf("acct_a")).contains(euros(5_000));
        assertThat(view.sequenceOf("acct_a")).isEqualTo(5);
    }

    @Test
    void aLedgerAnswerWithItsSequenceIsOrderedWithTheTopicsRecords() {
        view.apply(record("acct_a", 5, 5_000, 5_000));

        view.observe("acct_a", 7, euros(4_000), euros(1_000));
        assertThat(view.balanceOf("acct_a")).contains(euros(4_000));
        assertThat(view.apply(record("acct_a", 6, 4_500, 4_500))).as("a record older than the answer").isFalse();
        assertThat(view.balanceOf("acct_a")).contains(euros(4_000));

        view.observe("acct_a", 6, euros(4_500), euros(4_500));
        assertThat(view.availableOf("acct_a")).as("an answer older than what is known").contains(euros(1_000));
        assertThat(view.apply(record("acct_a", 8, 3_000, 1_000))).isTrue();
        assertThat(view.balanceOf("acct_a")).contains(euros(3_000));
    }

    @Test
    void accountsAreKeptApart() {
        view.apply(record("acct_a", 7, 7, 7));
        view.apply(record("acct_b", 1, 1, 1));

        assertThat(view.balanceOf("acct_a")).contains(euros(7));
        assertThat(view.balanceOf("acct_b")).contains(euros(1));
    }

    @Test
    void replayingTheWholeTopicInAnyOrderGivesTheLatestBalance() {
        long[] arrivalOrder = {2, 1, 3, 3, 1, 2};
        for (long sequence : arrivalOrder) {
            view.apply(record("acct_a", sequence, sequence * 100, sequence * 50));
        }

        assertThat(view.balanceOf("acct_a")).contains(euros(300));
        assertThat(view.availableOf("acct_a")).contains(euros(150));
    }

    @Test
    void holdAnswerReplacesTheKnownBalanceAtOnceAndANewerRecordReplacesIt() {
        view.apply(record("acct_a", 4, 10_000, 10_000));

        view.observe("acct_a", euros(10_000), euros(7_000));
        assertThat(view.availableOf("acct_a")).contains(euros(7_000));
        assertThat(view.sequenceOf("acct_a")).isEqualTo(4);

        assertThat(view.apply(record("acct_a", 4, 10_000, 10_000))).isFalse();
        assertThat(view.availableOf("acct_a")).contains(euros(7_000));

        view.apply(record("acct_a", 5, 9_000, 9_000));
        assertThat(view.balanceOf("acct_a")).contains(euros(9_000));
    }

    @Test
    void holdAnswerMakesAnAccountKnownBeforeAnyRecord() {
        view.observe("acct_new", euros(200), euros(0));

        assertThat(view.balanceOf("acct_new")).contains(euros(200));
        assertThat(view.sequenceOf("acct_new")).isZero();
    }

    private static LedgerBalance record(String accountId, long sequence, long balanceMicros, long availableMicros) {
        return new LedgerBalance(accountId, euros(balanceMicros), euros(availableMicros), sequence);
    }

    private static Money euros(long amountMicros) {
        return Money.ofMicros(amountMicros, "EUR");
    }
}
