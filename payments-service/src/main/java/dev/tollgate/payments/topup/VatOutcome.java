package dev.tollgate.payments.topup;

import java.math.BigDecimal;

/**
 * The VAT that applies to one account's top-up: the rate, the country it is owed to, whether the
 * customer accounts for it (reverse charge: rate zero, a mention on the invoice), and whether the
 * account is in the EU (which also decides whether SEPA Direct Debit is offered).
 */
public record VatOutcome(BigDecimal rate, String country, boolean reverseCharge, String mention, boolean euAccount) {

    public static VatOutcome none() {
        return new VatOutcome(BigDecimal.ZERO, null, false, null, false);
    }
}
