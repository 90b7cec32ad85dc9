package dev.tollgate.payments.tax;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * The VAT rules of a French seller of an electronically supplied service (credits for an API):
 * <ul>
 *   <li>customer in France, business or consumer: French VAT;</li>
 *   <li>EU business outside France with a valid VAT number: reverse charge, no VAT, mention on the invoice;</li>
 *   <li>EU consumer outside France: the standard rate of the customer's country (OSS). A business whose VAT
 *       number is missing or not valid is treated as a consumer: without a valid number the seller cannot
 *       prove a business-to-business supply, so it charges the customer country's VAT;</li>
 *   <li>customer outside the EU: no VAT.</li>
 * </ul>
 */
public final class VatRules {

    public static final String SELLER_COUNTRY = "FR";

    private final VatRates rates;
    private final VatNumberVerifier verifier;

    public VatRules(VatRates rates, VatNumberVerifier verifier) {
        this.rates = rates;
        this.verifier = verifier;
    }

    /** The rules with the shipped rate table and the offline, format-only VAT number check. */
    public static VatRules standard() {
        return new VatRules(VatRates.standard(), VatNumberVerifier.formatOnly());
    }

    public VatDecision decide(BillingBlock customer, LocalDate date) {
        String country = customer.country();
        if (!rates.isMemberState(country)) {
            return new VatDecision(VatKind.OUTSIDE_SCOPE, BigDecimal.ZERO, null, VatDecision.OUTSIDE_SCOPE_MENTION);
        }
        if (SELLER_COUNTRY.equals(country)) {
            return new VatDecision(VatKind.STANDARD_FR, rate(country, date), country, null);
        }
        if (customer.business() && customer.vatNumber() != null && verifier.isValid(country, customer.vatNumber())) {
            return new VatDecision(VatKind.REVERSE_CHARGE, BigDecimal.ZERO, null, VatDecision.REVERSE_CHARGE_MENTION);
        }
        return new VatDecision(VatKind.STANDARD_CUSTOMER_COUNTRY, rate(country, date), country, null);
    }

    public boolean isMemberState(String country) {
        return rates.isMemberState(country);
    }

    private BigDecimal rate(String country, LocalDate date) {
        return rates.standardRatePercent(country, date).orElseThrow();
    }
}
