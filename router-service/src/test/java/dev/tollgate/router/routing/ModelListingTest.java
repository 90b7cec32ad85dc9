package dev.tollgate.router.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

class ModelListingTest {

    @Test
    void anUnrestrictedKeySeesAutoEveryTierAndEveryModel() {
        List<ModelListing.Listed> listed = ModelListing.forProfile(SeedCatalogue.ALL, RoutingProfile.unrestricted());

        assertThat(listed).extracting(ModelListing.Listed::id).containsExactly("auto", "budget", "light", "standard", "premium",
                "sim-budget", "sim-light", "sim-standard", "sim-premium");
        assertThat(listed.get(0).ownedBy()).isEqualTo(ModelListing.GATEWAY_OWNER);
        assertThat(listed.get(5).ownedBy()).isEqualTo("simulator");
        assertThat(listed.get(5).created()).isEqualTo(SeedCatalogue.BUDGET.effectiveFrom().getEpochSecond());
    }

    @Test
    void aKeySeesOnlyTheTiersAndModelsOfItsProfile() {
        RoutingProfile lightToStandard = new RoutingProfile(Tier.LIGHT, Tier.STANDARD, null, Set.of(), null);

        assertThat(ModelListing.forProfile(SeedCatalogue.ALL, lightToStandard)).extracting(ModelListing.Listed::id)
                .containsExactly("auto", "light", "standard", "sim-light", "sim-standard");
        assertThat(ModelListing.find(SeedCatalogue.ALL, lightToStandard, "sim-premium")).isEmpty();
        assertThat(ModelListing.find(SeedCatalogue.ALL, lightToStandard, "premium")).isEmpty();
        assertThat(ModelListing.find(SeedCatalogue.ALL, lightToStandard, "sim-light")).isPresent();
    }

    @Test
    void requiredCapabilitiesHideModelsWithoutThemAndTiersLeftEmpty() {
        RoutingProfile needsVision = new RoutingProfile(Tier.BUDGET, Tier.PREMIUM, null, Set.of(Capability.VISION), null);

        assertThat(ModelListing.forProfile(SeedCatalogue.ALL, needsVision)).extracting(ModelListing.Listed::id)
                .containsExactly("auto", "standard", "premium", "sim-standard", "sim-premium");
    }

    @Test
    void nothingUsableListsNothing() {
        RoutingProfile budgetWithVision = new RoutingProfile(Tier.BUDGET, Tier.BUDGET, null, Set.of(Capability.VISION), null);

        assertThat(ModelListing.forProfile(SeedCatalogue.ALL, budgetWithVision)).isEmpty();
    }
}
