package dev.tollgate.contracts;

import java.math.BigDecimal;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonFormat;

/**
 * Everything needed to explain a charge years later: the price version used, each token class,
 * the exact parts, and the total rounded once (see the pricing module's rounding rule).
 *
 * @param priceVersion   id of the price-catalogue version in force when the request was made
 * @param lines          one line per token class
 * @param upstreamCost   exact sum of the upstream parts
 * @param platformFee    exact sum of the platform-fee parts
 * @param marginRate     routing margin applied to the model cost (0 when the deployment uses fees only)
 * @param margin         exact margin amount
 * @param exactTotal     upstream + fee + margin, before rounding
 * @param total          the charge, rounded once to micro-units: what the ledger debits
 * @param priceCurrency  currency the catalogue quoted the model in (e.g. USD); optional, added after v1
 *                       shipped: {@code null} on charges priced before, which were quoted in {@code total}'s currency
 * @param exchangeRate   units of {@code total}'s currency per unit of {@code priceCurrency} used to convert the
 *                       rates (the line rates are already converted); optional, {@code null} like {@code priceCurrency}
 * @param exchangeRateVersion id of the exchange-rate version used; optional, {@code null} like {@code priceCurrency}
 */
public record PriceBreakdown(
        String priceVersion,
        List<PriceLine> lines,
        @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal upstreamCost,
        @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal platformFee,
        @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal marginRate,
        @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal margin,
        @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal exactTotal,
        Money total,
        String priceCurrency,
        @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal exchangeRate,
        String exchangeRateVersion) {

    public PriceBreakdown {
        lines = List.copyOf(lines);
    }

    /** A breakdown without the currency conversion (as written before it was added). */
    public PriceBreakdown(String priceVersion, List<PriceLine> lines, BigDecimal upstreamCost, BigDecimal platformFee,
                          BigDecimal marginRate, BigDecimal margin, BigDecimal exactTotal, Money total) {
        this(priceVersion, lines, upstreamCost, platformFee, marginRate, margin, exactTotal, total, null, null, null);
    }
}
