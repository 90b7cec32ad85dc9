package dev.tollgate.payments.topup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Top-up prices: every line, VAT on credits and fee, one rounding to cents, methods by region. */
class TopUpPricingTest {

    private final TopUpPricing pricing = new TopUpPricing(500, 100_000, 50, "EUR");

    @Test
    void germanAccountPaysNineteenPercentOnCreditsAndFeeAndMayUseSepa() {
        TopUpQuote quote = pricing.quote("acct", 1000, new VatOutcome(new BigDecimal("0.19"), "DE", false, null, true));
        assertThat(quote.creditsCents()).isEqualTo(1000);
        assertThat(quote.processingFeeCents()).isEqualTo(50);
        assertThat(quote.vatCents()).isEqualTo(200); // 1050 * 0.19 = 199.5 -> 200, half up
        assertThat(quote.totalCents()).isEqualTo(1250);
        assertThat(quote.paymentMethods()).containsExactly("card", "sepa_debit");
    }

    @Test
    void reverseChargeHasNoVatButSaysSo() {
        TopUpQuote quote = pricing.quote("acct", 2500, new VatOutcome(new BigDecimal("0.21"), "NL", true, "Reverse charge", true));
        assertThat(quote.vatCents()).isZero();
        assertThat(quote.reverseCharge()).isTrue();
        assertThat(quote.totalCents()).isEqualTo(2550);
    }

    @Test
    void outsideTheEuCardOnlyAndNoVat() {
        TopUpQuote quote = pricing.quote("acct", 10_000, VatOutcome.none());
        assertThat(quote.totalCents()).isEqualTo(10_050);
        assertThat(quote.paymentMethods()).isEqualTo(List.of("card"));
    }

    @Test
    void limitsAreEnforced() {
        assertThatThrownBy(() -> pricing.quote("acct", 499, VatOutcome.none())).isInstanceOf(TopUpPricing.TopUpOutOfRange.class);
        assertThatThrownBy(() -> pricing.quote("acct", 100_001, VatOutcome.none())).isInstanceOf(TopUpPricing.TopUpOutOfRange.class);
        assertThat(pricing.quote("acct", 500, VatOutcome.none()).credits()).isEqualTo(500);
        assertThat(pricing.quote("acct", 100_000, VatOutcome.none()).credits()).isEqualTo(100_000);
    }
}
