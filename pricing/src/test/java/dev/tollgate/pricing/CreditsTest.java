package dev.tollgate.pricing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.tollgate.contracts.Money;

class CreditsTest {

    @ParameterizedTest(name = "{0} micros are {1} credits")
    @CsvSource({
            "10000000, 1000.0000",
            "12345600, 1234.5600",
            "1, 0.0001",
            "0, 0.0000",
            "-110, -0.0110",
    })
    void oneCreditIsOneHundredthOfTheCurrencyShownToTheMicroUnit(long micros, String credits) {
        assertThat(Credits.of(Money.ofMicros(micros, "EUR")).toPlainString()).isEqualTo(credits);
    }
}
