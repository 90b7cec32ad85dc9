package dev.tollgate.payments.billing;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.tollgate.payments.tax.BillingBlock;
import dev.tollgate.payments.tax.VatDecision;
import dev.tollgate.payments.tax.VatKind;
import dev.tollgate.payments.tax.VatRules;
import dev.tollgate.payments.topup.VatDecider;
import dev.tollgate.payments.topup.VatOutcome;

/**
 * The VAT of a top-up from the account's billing profile in force now. An account without a billing
 * profile has no known country: by default it is charged the seller's (French) VAT, the safe side for a
 * customer whose location is unknown ({@code tollgate.payments.vat.without-billing-profile=seller-country});
 * {@code none} charges no VAT instead.
 */
@ApplicationScoped
public class BillingProfileVatDecider implements VatDecider {

    private final BillingProfiles profiles;
    private final VatRules rules;
    private final String withoutProfile;

    public BillingProfileVatDecider(BillingProfiles profiles, VatRules rules,
                                    @ConfigProperty(name = "tollgate.payments.vat.without-billing-profile",
                                            defaultValue = "seller-country") String withoutProfile) {
        this.profiles = profiles;
        this.rules = rules;
        this.withoutProfile = withoutProfile;
    }

    @Override
    public VatOutcome decide(String accountId) {
        Optional<BillingProfile> profile;
        try {
            profile = profiles.current(accountId);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the billing profile", e);
        }
        if (profile.isEmpty() && "none".equals(withoutProfile)) {
            return VatOutcome.none();
        }
        BillingBlock block = profile.map(BillingProfile::block)
                .orElse(new BillingBlock(null, List.of(), null, null, VatRules.SELLER_COUNTRY, null, false));
        VatDecision decision = rules.decide(block, Instant.now(Clock.systemUTC()).atOffset(ZoneOffset.UTC).toLocalDate());
        return new VatOutcome(decision.rateFraction(), decision.vatCountry(), decision.kind() == VatKind.REVERSE_CHARGE,
                decision.invoiceMention(), rules.isMemberState(block.country()));
    }
}
