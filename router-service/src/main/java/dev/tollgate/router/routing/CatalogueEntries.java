package dev.tollgate.router.routing;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

import dev.tollgate.contracts.CatalogueEntry;
import dev.tollgate.pricing.ExchangeRate;
import dev.tollgate.pricing.ModelPrice;

/**
 * Reads a {@link CatalogueEntry} the way metering means it: its tier and capabilities as routing types,
 * its rates as the {@link ModelPrice} and {@link ExchangeRate} metering prices with (the same conversion
 * as metering's catalogue publisher, the other way round).
 */
public final class CatalogueEntries {

    private CatalogueEntries() {
    }

    /** The entry's tier; empty when the catalogue names a tier this router does not know. */
    public static Optional<Tier> tier(CatalogueEntry entry) {
        return Tier.fromId(entry.tier());
    }

    /** The capabilities the entry lists that this router knows (unknown names are ignored). */
    public static Set<Capability> capabilities(CatalogueEntry entry) {
        EnumSet<Capability> known = EnumSet.noneOf(Capability.class);
        if (entry.capabilities() != null) {
            for (String id : entry.capabilities()) {
                Capability.fromId(id).ifPresent(known::add);
            }
        }
        return known;
    }

    /** The model's rates per million tokens in its quote currency, with the price version metering records. */
    public static ModelPrice modelPrice(CatalogueEntry entry) {
        return new ModelPrice(entry.model(), entry.provider(), entry.priceVersion(), entry.currency(),
                entry.upstreamPromptPerMillion(), entry.upstreamCachedPromptPerMillion(),
                entry.upstreamCompletionPerMillion(), entry.platformFeePromptPerMillion(),
                entry.platformFeeCompletionPerMillion());
    }

    /**
     * The rate from the model's quote currency to the billing currency, as metering published it; the
     * identity when both are the same. Empty when metering had no rate in force (the model cannot be priced).
     */
    public static Optional<ExchangeRate> exchangeRate(CatalogueEntry entry) {
        if (entry.currency() == null || entry.billingCurrency() == null) {
            return Optional.empty();
        }
        if (entry.currency().equals(entry.billingCurrency())) {
            return Optional.of(ExchangeRate.identity(entry.currency()));
        }
        if (entry.exchangeRate() == null || entry.exchangeRate().signum() <= 0) {
            return Optional.empty();
        }
        return Optional.of(new ExchangeRate(entry.currency(), entry.billingCurrency(), entry.exchangeRate(),
                entry.exchangeRateVersion()));
    }

    /** Whether the entry carries everything needed to price a request on it. */
    public static boolean isPriceable(CatalogueEntry entry) {
        if (exchangeRate(entry).isEmpty() || entry.priceVersion() == null) {
            return false;
        }
        try {
            modelPrice(entry);
            return true;
        } catch (IllegalArgumentException | NullPointerException incomplete) {
            return false;
        }
    }
}
