package dev.tollgate.router.routing;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import dev.tollgate.contracts.CatalogueEntry;

/**
 * What {@code GET /v1/models} shows a key: {@code "auto"}, the tier ids and the catalogue models its
 * profile may use (a model of an allowed tier with every capability the profile requires; a tier or
 * {@code "auto"} when at least one such model exists). Tiers and {@code "auto"} are pseudo-models owned by
 * the gateway. Whether one particular request fits (cost cap, tools, images ...) is decided per request.
 */
public final class ModelListing {

    /** Who owns the pseudo-models. */
    public static final String GATEWAY_OWNER = "tollgate";

    /**
     * One line of the listing.
     *
     * @param created when the model's catalogue entry took effect (epoch seconds); for a pseudo-model, the
     *                earliest of the models behind it
     * @param tier    the model's tier; for a tier, itself; {@code null} for {@code "auto"}
     */
    public record Listed(String id, long created, String ownedBy, Tier tier) {
    }

    private ModelListing() {
    }

    public static List<Listed> forProfile(List<CatalogueEntry> catalogue, RoutingProfile profile) {
        List<CatalogueEntry> usable = catalogue.stream().filter(entry -> usable(entry, profile))
                .sorted(CatalogueView.BY_TIER_THEN_MODEL).toList();
        List<Listed> listed = new ArrayList<>();
        if (usable.isEmpty()) {
            return listed;
        }
        listed.add(new Listed(ModelSelector.AUTO, earliest(usable), GATEWAY_OWNER, null));
        for (Tier tier : Tier.values()) {
            List<CatalogueEntry> ofTier = usable.stream().filter(entry -> CatalogueEntries.tier(entry).orElse(null) == tier).toList();
            if (!ofTier.isEmpty()) {
                listed.add(new Listed(tier.id(), earliest(ofTier), GATEWAY_OWNER, tier));
            }
        }
        for (CatalogueEntry entry : usable) {
            listed.add(new Listed(entry.model(), created(entry),
                    Objects.requireNonNullElse(entry.provider(), GATEWAY_OWNER), CatalogueEntries.tier(entry).orElseThrow()));
        }
        return listed;
    }

    public static Optional<Listed> find(List<CatalogueEntry> catalogue, RoutingProfile profile, String id) {
        return forProfile(catalogue, profile).stream().filter(listed -> listed.id().equals(id)).findFirst();
    }

    private static boolean usable(CatalogueEntry entry, RoutingProfile profile) {
        return CatalogueEntries.tier(entry).map(tier -> tier.within(profile.lowestTier(), profile.highestTier())).orElse(false)
                && CatalogueEntries.capabilities(entry).containsAll(profile.requiredCapabilities())
                && CatalogueEntries.isPriceable(entry);
    }

    private static long earliest(List<CatalogueEntry> entries) {
        return entries.stream().mapToLong(ModelListing::created).min().orElse(0);
    }

    private static long created(CatalogueEntry entry) {
        Instant from = entry.effectiveFrom();
        return from == null ? 0 : from.getEpochSecond();
    }
}
