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
 */
public record PriceBreakdown(
        String priceVersion,
        List<PriceLine> lines,
        @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal upstreamCost,
        @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal platformFee,
        @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal marginRate,
        @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal margin,
        @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal exactTotal,
        Money total) {

    public PriceBreakdown {
        lines = List.copyOf(lines);
    }
}
