package dev.tollgate.pricing;

import java.math.BigDecimal;

/**
 * How many tokens a quoted price is for. Providers quote per token (the usual price maps of LLM
 * gateways), per 1K or per 1M tokens; Tollgate computes with rates per million tokens. Going from a
 * quote to a per-million rate multiplies by a power of ten, which only moves the decimal point, so the
 * normalisation is exact: no rounding ever happens here.
 */
public enum QuoteUnit {
    PER_TOKEN(6),
    PER_THOUSAND_TOKENS(3),
    PER_MILLION_TOKENS(0);

    /** Decimal places the point moves right to turn a quote in this unit into a per-million rate. */
    private final int pointShiftToPerMillion;

    QuoteUnit(int pointShiftToPerMillion) {
        this.pointShiftToPerMillion = pointShiftToPerMillion;
    }

    /** {@code 0.0000025} per token is {@code 2.5} per million; {@code 0.0025} per 1K is {@code 2.5} per million. */
    public BigDecimal toPerMillion(BigDecimal quote) {
        BigDecimal perMillion = quote.movePointRight(pointShiftToPerMillion);
        return perMillion.scale() < 0 ? perMillion.setScale(0) : perMillion;
    }

    /** The inverse of {@link #toPerMillion}, also exact. */
    public BigDecimal fromPerMillion(BigDecimal perMillion) {
        return perMillion.movePointLeft(pointShiftToPerMillion);
    }
}
