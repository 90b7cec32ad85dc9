package dev.tollgate.payments.billing;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import dev.tollgate.payments.tax.VatNumberVerifier;
import dev.tollgate.payments.tax.VatRates;
import dev.tollgate.payments.tax.VatRules;

/**
 * The VAT beans: the shipped rate table and the offline, format-only VAT number check. An online (VIES)
 * verifier would be produced here instead; none is built.
 */
public class VatConfiguration {

    @Produces
    @ApplicationScoped
    VatRates vatRates() {
        return VatRates.standard();
    }

    @Produces
    @ApplicationScoped
    VatRules vatRules(VatRates rates) {
        return new VatRules(rates, VatNumberVerifier.formatOnly());
    }
}
