package dev.tollgate.metering.domain;

import java.math.BigDecimal;
import java.time.Instant;

import dev.tollgate.pricing.ExchangeRate;

/** One stored version of an exchange rate: units of {@code quoteCurrency} per unit of {@code baseCurrency}. */
public record ExchangeRateVersion(String baseCurrency, String quoteCurrency, BigDecimal rate, Instant effectiveFrom,
                                  String version) {

    /** The pricing module's view, recorded with every charge it converts. */
    public ExchangeRate toExchangeRate() {
        return new ExchangeRate(baseCurrency, quoteCurrency, rate, version);
    }
}
