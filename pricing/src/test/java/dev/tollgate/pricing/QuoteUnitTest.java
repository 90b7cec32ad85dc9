package dev.tollgate.pricing;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class QuoteUnitTest {

    @ParameterizedTest(name = "{1} {0} is {2} per million")
    @CsvSource({
            "PER_TOKEN,          0.0000025,   2.5",
            "PER_TOKEN,          0.00000015,  0.15",
            "PER_TOKEN,          3e-7,        0.3",
            "PER_THOUSAND_TOKENS, 0.0025,     2.5",
            "PER_THOUSAND_TOKENS, 0.00015,    0.15",
            "PER_THOUSAND_TOKENS, 2,          2000",
            "PER_MILLION_TOKENS, 60.00,       60.00",
    })
    void quotesBecomeExactPerMillionRates(QuoteUnit unit, BigDecimal quote, BigDecimal expectedPerMillion) {
        BigDecimal perMillion = unit.toPerMillion(quote);

        assertThat(perMillion).isEqualByComparingTo(expectedPerMillion);
        assertThat(perMillion.scale()).isGreaterThanOrEqualTo(0);
        assertThat(unit.fromPerMillion(perMillion)).isEqualByComparingTo(quote);
    }
}
