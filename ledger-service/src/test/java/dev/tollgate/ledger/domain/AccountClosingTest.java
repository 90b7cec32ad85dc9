package dev.tollgate.ledger.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.tollgate.contracts.AccountClosed;
import dev.tollgate.contracts.BalanceAdjusted;
import dev.tollgate.contracts.CreditsPurchased;
import dev.tollgate.contracts.CreditsRefunded;
import dev.tollgate.contracts.LedgerEvent;
import dev.tollgate.contracts.Money;
import dev.tollgate.contracts.PriceBreakdown;
import dev.tollgate.contracts.PurchaseCredited;
import dev.tollgate.contracts.RefundDebited;
import dev.tollgate.contracts.RoutingMode;
import dev.tollgate.contracts.UsageCharged;
import dev.tollgate.contracts.UsagePriced;

/** Closing an account, and what a closed account still takes, given / when / then, without a database. */
class AccountClosingTest {

    private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
    private static final AccountState SETTLED = new AccountState("acct_1", eur(0), 7);

    @Test
    void aSettledAccountClosesWithoutMovingMoney() {
        AccountClosed closed = AccountClosing.close(SETTLED, eur(0), "customer asked", "finance@example");

        assertThat(closed).isEqualTo(new AccountClosed(8, eur(0), eur(0), "customer asked", "finance@example"));
        AccountState after = SETTLED.evolve(closed);
        assertThat(after.isClosed()).isTrue();
        assertThat(after.balance()).isEqualTo(eur(0));
        assertThat(after.lastSequence()).isEqualTo(8);
    }

    @Test
    void anAccountWithABalanceIsNotClosedAndTheRefusalSaysWhatIsLeft() {
        AccountState funded = new AccountState("acct_1", eur(2_500), 7);

        assertThatThrownBy(() -> AccountClosing.close(funded, eur(0), "customer asked", "finance@example"))
                .isInstanceOfSatisfying(AccountRefused.NotSettled.class, refused -> {
                    assertThat(refused.balance()).isEqualTo(eur(2_500));
                    assertThat(refused.reserved()).isEqualTo(eur(0));
                    assertThat(refused.getMessage()).contains("2500", "refund");
                });
    }

    @Test
    void anOverdrawnAccountIsNotClosedUntilTheDebtIsSettled() {
        AccountState overdrawn = new AccountState("acct_1", eur(-40), 7);

        assertThatThrownBy(() -> AccountClosing.close(overdrawn, eur(0), "customer asked", "finance@example"))
                .isInstanceOfSatisfying(AccountRefused.NotSettled.class,
                        refused -> assertThat(refused.getMessage()).contains("overdrawn by 40"));
    }

    @Test
    void anAccountWhoseHoldsStillReserveSomethingIsNotClosed() {
        assertThatThrownBy(() -> AccountClosing.close(SETTLED, eur(300), "customer asked", "finance@example"))
                .isInstanceOfSatisfying(AccountRefused.NotSettled.class, refused -> {
                    assertThat(refused.reserved()).isEqualTo(eur(300));
                    assertThat(refused.getMessage()).contains("holds reserve 300");
                });
    }

    @Test
    void aClosedAccountIsNotClosedAgainAndAnUnknownOneNotAtAll() {
        AccountState closed = closed(eur(0));

        assertThatThrownBy(() -> AccountClosing.close(closed, eur(0), "again", "finance@example"))
                .isInstanceOf(AccountRefused.Closed.class);
        assertThatThrownBy(() -> AccountClosing.close(AccountState.unopened("acct_new", "EUR"), eur(0), "never opened", "finance@example"))
                .isInstanceOf(AccountRefused.NotOpened.class);
        assertThatThrownBy(() -> closed.evolve(new AccountClosed(9, eur(0), eur(0), "again", "x")))
                .as("the state itself refuses a second closing").isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aClosedAccountRefusesEveryHoldWhateverItsBalance() {
        AccountState closedWithLatePayment = closed(eur(0)).evolve(new PurchaseCredited(9, eur(5_000), eur(5_000), "pay_late"));

        assertThatThrownBy(() -> HoldDecisions.place(closedWithLatePayment, eur(0),
                new PlaceHold("acct_1", "hold_1", "req_1", eur(1), NOW.plusSeconds(30))))
                .isInstanceOfSatisfying(AccountRefused.ClosedForSpending.class, refused -> assertThat(refused.currency()).isEqualTo("EUR"));
    }

    @Test
    void factsArrivingAfterClosingAreStillRecordedAndTheAccountStaysClosed() {
        AccountState closed = closed(eur(0));

        List<LedgerEvent> purchase = LedgerDecisions.creditPurchase(closed,
                new CreditsPurchased("pay_late", "stripe", "pi_9", eur(5_000), eur(0), eur(0), eur(5_000), null));
        assertThat(purchase).singleElement().isInstanceOf(PurchaseCredited.class);
        AccountState paid = closed.evolve(purchase.get(0));
        assertThat(paid.balance()).isEqualTo(eur(5_000));
        assertThat(paid.isClosed()).isTrue();

        List<LedgerEvent> charge = LedgerDecisions.chargeUsage(paid, usageCosting(7_000));
        assertThat(charge).singleElement().isInstanceOf(UsageCharged.class);
        AccountState charged = paid.evolve(charge.get(0));
        assertThat(charged.balance()).as("a late charge is a fact, even below zero").isEqualTo(eur(-2_000));
        assertThat(charged.isClosed()).isTrue();

        List<LedgerEvent> refund = LedgerDecisions.debitRefund(paid, new CreditsRefunded("ref_1", "pay_late", "re_1", eur(5_000), eur(5_000)));
        assertThat(refund).singleElement().isInstanceOf(RefundDebited.class);
        assertThat(paid.evolve(refund.get(0)).balance()).isEqualTo(eur(0));
    }

    @Test
    void aClosedAccountTakesOnlyAdjustmentsTowardZeroNeverPastIt() {
        AccountState owedToCustomer = closed(eur(0)).evolve(new PurchaseCredited(9, eur(5_000), eur(5_000), "pay_late"));

        List<LedgerEvent> settled = LedgerDecisions.adjust(owedToCustomer, eur(-5_000), "refunded in the provider's dashboard", "finance@example");
        assertThat(settled).singleElement().isInstanceOfSatisfying(BalanceAdjusted.class,
                adjusted -> assertThat(adjusted.balanceAfter()).isEqualTo(eur(0)));
        assertThat(LedgerDecisions.adjust(owedToCustomer, eur(-2_000), "part refunded", "finance@example")).hasSize(1);

        for (long away : new long[] {1, -5_001}) {
            assertThatThrownBy(() -> LedgerDecisions.adjust(owedToCustomer, eur(away), "goodwill", "finance@example"))
                    .as("adjusting by " + away).isInstanceOf(AccountRefused.Closed.class);
        }
        assertThatThrownBy(() -> LedgerDecisions.adjust(closed(eur(0)), eur(-1), "at zero nothing settles", "finance@example"))
                .isInstanceOf(AccountRefused.Closed.class);

        AccountState overdrawn = closed(eur(0)).evolve(new UsageCharged(9, eur(-700), eur(-700), "req_late", "sim-budget",
                RoutingMode.AUTO, usageCosting(700).breakdown()));
        assertThat(LedgerDecisions.adjust(overdrawn, eur(700), "late charge written off", "finance@example")).hasSize(1);
        assertThatThrownBy(() -> LedgerDecisions.adjust(overdrawn, eur(-1), "more debt", "finance@example"))
                .isInstanceOf(AccountRefused.Closed.class);
    }

    @Test
    void anOpenAccountTakesAnyAdjustment() {
        AccountState open = new AccountState("acct_1", eur(0), 7);

        assertThat(LedgerDecisions.adjust(open, eur(1_000), "goodwill", "finance@example")).hasSize(1);
        assertThat(LedgerDecisions.adjust(open, eur(-1_000), "correction", "finance@example")).hasSize(1);
    }

    private static AccountState closed(Money balance) {
        AccountState settled = new AccountState("acct_1", balance, 7);
        return settled.evolve(AccountClosing.close(settled, eur(0), "customer asked", "finance@example"));
    }

    private static UsagePriced usageCosting(long micros) {
        PriceBreakdown breakdown = new PriceBreakdown("v1", List.of(), BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO,
                BigDecimal.ZERO, BigDecimal.ZERO, eur(micros));
        return new UsagePriced("req_late", NOW, "sim-budget", "simulator", RoutingMode.AUTO, breakdown);
    }

    private static Money eur(long micros) {
        return Money.ofMicros(micros, "EUR");
    }
}
