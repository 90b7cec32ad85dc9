package dev.tollgate.payments.refund;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The refund rules without a container. */
class RefundRulesTest {

    private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
    private static final Duration FOURTEEN_DAYS = Duration.ofDays(14);

    private static RefundRules.Refundable paid(String id, int daysAgo, long credits, long refundable, long vatCents) {
        return new RefundRules.Refundable(id, "pi_" + id, NOW.minus(Duration.ofDays(daysAgo)), credits, refundable, vatCents);
    }

    @Test
    void coolingOffCountsFromTheMostRecentTopUpOfTheAccount() {
        List<RefundRules.Refundable> payments = List.of(paid("new", 3, 500, 500, 0), paid("old", 60, 1000, 1000, 0));
        assertThat(RefundRules.coolingOffRefusal(payments, NOW, FOURTEEN_DAYS, null)).isPresent();
        assertThat(RefundRules.coolingOffRefusal(payments, NOW, FOURTEEN_DAYS, " ")).isPresent();
        assertThat(RefundRules.coolingOffRefusal(payments, NOW, FOURTEEN_DAYS, "operator: ticket 12")).isEmpty();
        assertThat(RefundRules.coolingOffRefusal(List.of(paid("old", 14, 1000, 1000, 0)), NOW, FOURTEEN_DAYS, null)).isEmpty();
        assertThat(RefundRules.coolingOffRefusal(List.of(paid("old", 13, 1000, 1000, 0)), NOW, FOURTEEN_DAYS, null)).isPresent();
    }

    @Test
    void planTakesTheNewestPaymentFirstAndSplits() {
        List<RefundRules.Refundable> payments = List.of(paid("new", 20, 500, 400, 0), paid("old", 60, 1000, 1000, 0));
        assertThat(RefundRules.plan(payments, 700)).containsExactly(
                new RefundRules.Part("new", "pi_new", 400, 400),
                new RefundRules.Part("old", "pi_old", 300, 300));
        assertThat(RefundRules.plan(payments, 100)).containsExactly(new RefundRules.Part("new", "pi_new", 100, 100));
        assertThatThrownBy(() -> RefundRules.plan(payments, 1401)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RefundRules.plan(payments, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theVatPaidOnTheRefundedCreditsGoesBackInProportionRoundedHalfUpToCents() {
        // 1000 credits bought with 199 cents of VAT: 333 credits carry 66.267 cents of VAT -> 66
        assertThat(RefundRules.amountCents(paid("p", 20, 1000, 1000, 199), 333)).isEqualTo(333 + 66);
        // 500 credits of 1000 with 199 cents: 99.5 -> 100 (half up)
        assertThat(RefundRules.amountCents(paid("p", 20, 1000, 1000, 199), 500)).isEqualTo(500 + 100);
        assertThat(RefundRules.amountCents(paid("p", 20, 1000, 1000, 0), 1000)).isEqualTo(1000);
    }
}
