package dev.tollgate.payments.tax;

import java.math.BigDecimal;
import java.util.Objects;

import dev.tollgate.pricing.Rounding;

/**
 * The VAT of one sale: the rule that applied, the rate in percent (zero without VAT), the country the
 * VAT is owed to (null without VAT) and the mention the invoice must carry (null when none is required).
 */
public record VatDecision(VatKind kind, BigDecimal ratePercent, String vatCountry, String invoiceMention) {

    public static final String REVERSE_CHARGE_MENTION =
            "Autoliquidation — reverse charge, article 196 of Directive 2006/112/EC";
    public static final String OUTSIDE_SCOPE_MENTION =
            "VAT not applicable — supply to a customer established outside the EU";

    public VatDecision {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(ratePercent, "ratePercent");
    }

    public boolean chargesVat() {
        return ratePercent.signum() > 0;
    }

    /**
     * VAT on a net amount of whole cents. The one rule: <b>net x rate is rounded to whole cents half up
     * ({@link Rounding#MODE}), once, on the sale's total net</b>, never per line, so the lines of an
     * invoice add up to its total without a cent of drift.
     */
    public VatAmount vatOn(long netCents) {
        if (netCents < 0) {
            throw new IllegalArgumentException("net must not be negative");
        }
        long vatCents = BigDecimal.valueOf(netCents).multiply(ratePercent).movePointLeft(2)
                .setScale(0, Rounding.MODE).longValueExact();
        return new VatAmount(netCents, ratePercent, vatCents, Math.addExact(netCents, vatCents));
    }

    /** The rate as a fraction ({@code 0.2} for 20%). */
    public BigDecimal rateFraction() {
        return ratePercent.movePointLeft(2);
    }
}
