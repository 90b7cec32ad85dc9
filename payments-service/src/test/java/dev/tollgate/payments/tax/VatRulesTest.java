package dev.tollgate.payments.tax;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvFileSource;

/** The VAT rules of the French seller, table-driven (vat-decisions.csv), plus the rate table and the quote lines. */
class VatRulesTest {

    private final VatRules rules = VatRules.standard();

    @ParameterizedTest(name = "{0}")
    @CsvFileSource(resources = "vat-decisions.csv", numLinesToSkip = 1)
    void decidesTheVatOfASale(String name, String country, boolean business, String vatNumber, LocalDate date,
                              long netCents, VatKind kind, BigDecimal ratePercent, long vatCents, long grossCents) {
        BillingBlock customer = new BillingBlock("Customer", List.of("1 Main Street"), "1000", "City", country, vatNumber, business);

        VatDecision decision = rules.decide(customer, date);
        VatAmount amount = decision.vatOn(netCents);

        assertThat(decision.kind()).isEqualTo(kind);
        assertThat(decision.ratePercent()).isEqualByComparingTo(ratePercent);
        assertThat(amount.vatCents()).isEqualTo(vatCents);
        assertThat(amount.grossCents()).isEqualTo(grossCents);
        assertThat(decision.vatCountry()).isEqualTo(decision.chargesVat() ? country : null);
        if (kind == VatKind.REVERSE_CHARGE) {
            assertThat(decision.invoiceMention()).isEqualTo("Autoliquidation — reverse charge, article 196 of Directive 2006/112/EC");
        }
    }

    @Test
    void theTableHasEveryMemberStateAndNoOther() {
        VatRates rates = VatRates.standard();
        assertThat(rates.memberStates()).containsExactlyInAnyOrder("AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES",
                "FI", "FR", "GR", "HR", "HU", "IE", "IT", "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK");
        rates.memberStates().forEach(country -> assertThat(VatNumberFormats.knows(country)).as(country).isTrue());
        assertThat(rates.isMemberState("GB")).isFalse();
    }

    @Test
    void aDateBeforeTheTableIsRefusedRatherThanGuessed() {
        BillingBlock consumer = new BillingBlock("C", List.of(), null, null, "DE", null, false);
        assertThatThrownBy(() -> rules.decide(consumer, LocalDate.parse("2019-12-31")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("DE");
    }

    @Test
    void anOnlineVerifierReplacesTheFormatCheck() {
        VatRules refusingEverything = new VatRules(VatRates.standard(), (country, number) -> false);
        BillingBlock business = new BillingBlock("B", List.of(), null, null, "DE", "DE123456789", true);
        assertThat(refusingEverything.decide(business, LocalDate.parse("2026-01-15")).kind())
                .isEqualTo(VatKind.STANDARD_CUSTOMER_COUNTRY);
    }

    @Test
    void topUpLinesTaxTheFeeAndRoundOnceOnTheTotal() {
        VatDecision german = rules.decide(new BillingBlock("C", List.of(), null, null, "DE", null, false), LocalDate.parse("2026-01-15"));
        TopUpInvoiceLines lines = TopUpInvoiceLines.of(1000, 50, german);
        // the fee is part of the VAT base: 1050 x 19% = 199.5 -> 200
        assertThat(lines.netCents()).isEqualTo(1050);
        assertThat(lines.vatCents()).isEqualTo(200);
        assertThat(lines.grossCents()).isEqualTo(1250);

        VatDecision finnish = rules.decide(new BillingBlock("C", List.of(), null, null, "FI", null, false), LocalDate.parse("2026-01-15"));
        // 5 + 5 cents at 25.5%: per line 1.275 -> 1 each would give 2; once on the total 10 x 25.5% = 2.55 -> 3
        TopUpInvoiceLines small = TopUpInvoiceLines.of(5, 5, finnish);
        assertThat(small.vatCents()).isEqualTo(3);
        assertThat(small.grossCents()).isEqualTo(13);
    }

    @Test
    void greekNumbersUseTheElPrefix() {
        assertThat(VatNumberFormats.prefixOf("GR")).isEqualTo("EL");
        assertThat(VatNumberFormats.wellFormed("GR", "el-094.259.216")).contains("EL094259216");
        assertThat(VatNumberFormats.wellFormed("XX", "XX123")).isEmpty();
    }
}
