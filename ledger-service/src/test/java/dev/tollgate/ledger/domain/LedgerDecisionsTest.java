package dev.tollgate.ledger.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.tollgate.contracts.AccountOpened;
import dev.tollgate.contracts.CreditsPurchased;
import dev.tollgate.contracts.LedgerEvent;
import dev.tollgate.contracts.Money;
import dev.tollgate.contracts.PriceBreakdown;
import dev.tollgate.contracts.PurchaseCredited;
import dev.tollgate.contracts.RoutingMode;
import dev.tollgate.contracts.UsageCharged;
import dev.tollgate.contracts.UsagePriced;

class LedgerDecisionsTest {

    private static Money eur(long micros) {
        return Money.ofMicros(micros, "EUR");
    }

    private static UsagePriced usageCosting(long micros) {
        PriceBreakdown breakdown = new PriceBreakdown("v1", List.of(), BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO,
                BigDecimal.ZERO, BigDecimal.ZERO, eur(micros));
        return new UsagePriced("req_1", Instant.EPOCH, "sim-budget", "simulator", RoutingMode.AUTO, breakdown);
    }

    @Test
    void firstEntryOfAnAccountOpensItsStream() {
        List<LedgerEvent> entries = LedgerDecisions.creditPurchase(AccountState.unopened("acct", "EUR"),
                new CreditsPurchased("pay_1", "stripe", "pi_1", eur(5_000_000), eur(0), eur(0), eur(5_000_000), null));

        assertThat(entries).hasSize(2);
        assertThat(entries.get(0)).isEqualTo(new AccountOpened(1, eur(0), eur(0)));
        assertThat(entries.get(1)).isEqualTo(new PurchaseCredited(2, eur(5_000_000), eur(5_000_000), "pay_1",
                eur(0), eur(0), eur(5_000_000), null));
    }

    @Test
    void usageChargeDebitsTheTotalAndFollowsTheLastSequence() {
        AccountState state = new AccountState("acct", eur(1_000_000), 7);

        List<LedgerEvent> entries = LedgerDecisions.chargeUsage(state, usageCosting(110));

        assertThat(entries).singleElement().isInstanceOfSatisfying(UsageCharged.class, charged -> {
            assertThat(charged.sequence()).isEqualTo(8);
            assertThat(charged.amount()).isEqualTo(eur(-110));
            assertThat(charged.balanceAfter()).isEqualTo(eur(999_890));
            assertThat(charged.requestId()).isEqualTo("req_1");
        });
    }

    @Test
    void evolvingRefusesAGapOrAnEntryThatDoesNotAddUp() {
        AccountState state = new AccountState("acct", eur(100), 1);

        assertThatThrownBy(() -> state.evolve(new PurchaseCredited(3, eur(1), eur(101), "p")))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> state.evolve(new PurchaseCredited(2, eur(1), eur(150), "p")))
                .isInstanceOf(IllegalStateException.class);
        assertThat(state.evolve(new PurchaseCredited(2, eur(1), eur(101), "p")).balance()).isEqualTo(eur(101));
    }

    @Test
    void aChargeInAnotherCurrencyIsRefused() {
        AccountState state = new AccountState("acct", eur(100), 1);
        PriceBreakdown usd = new PriceBreakdown("v1", List.of(), BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO,
                BigDecimal.ZERO, BigDecimal.ZERO, Money.ofMicros(5, "USD"));

        assertThatThrownBy(() -> LedgerDecisions.chargeUsage(state,
                new UsagePriced("r", Instant.EPOCH, "m", "p", RoutingMode.MODEL, usd)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
