package dev.tollgate.router.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import dev.tollgate.contracts.CatalogueEntry;

class CatalogueViewTest {

    private final CatalogueView catalogue = new CatalogueView();

    @Test
    void aRecordAsMeteringPublishesItBecomesTheModelsEntry() throws Exception {
        CatalogueConsumer.apply(catalogue, "sim-light", json(SeedCatalogue.LIGHT));

        assertThat(catalogue.model("sim-light")).contains(SeedCatalogue.LIGHT);
        assertThat(catalogue.model("sim-light").orElseThrow().upstreamCompletionPerMillion()).isEqualByComparingTo("1.50");
        assertThat(catalogue.isEmpty()).isFalse();
    }

    @Test
    void aNewerRecordReplacesTheOlderOne() throws Exception {
        CatalogueConsumer.apply(catalogue, "sim-light", json(SeedCatalogue.LIGHT));
        CatalogueEntry dearer = SeedCatalogue.entry("sim-light", "light", SeedCatalogue.LIGHT.capabilities(), 64_000, 8_192,
                "0.70", "0.60", "0.30", "1.80", "0.05", "0.15");

        CatalogueConsumer.apply(catalogue, "sim-light", json(dearer));

        assertThat(catalogue.all()).containsExactly(dearer);
    }

    @Test
    void aTombstoneRemovesTheModel() throws Exception {
        CatalogueConsumer.apply(catalogue, "sim-light", json(SeedCatalogue.LIGHT));
        CatalogueConsumer.apply(catalogue, "sim-budget", json(SeedCatalogue.BUDGET));

        CatalogueConsumer.apply(catalogue, "sim-light", null);

        assertThat(catalogue.model("sim-light")).isEmpty();
        assertThat(catalogue.all()).containsExactly(SeedCatalogue.BUDGET);
    }

    @Test
    void unreadableRecordsAndRecordsUnderAnotherKeyAreSkipped() throws Exception {
        CatalogueConsumer.apply(catalogue, "sim-light", "{not json");
        CatalogueConsumer.apply(catalogue, "sim-other", json(SeedCatalogue.LIGHT));

        assertThat(catalogue.isEmpty()).isTrue();
    }

    @Test
    void fieldsAddedLaterDoNotHideTheEntry() throws Exception {
        String withNewField = json(SeedCatalogue.BUDGET).replaceFirst("\\{", "{\"addedLater\":true,");

        CatalogueConsumer.apply(catalogue, "sim-budget", withNewField);

        assertThat(catalogue.model("sim-budget")).contains(SeedCatalogue.BUDGET);
    }

    @Test
    void allListsTheCheapestTierFirst() {
        java.util.List<CatalogueEntry> reversed = new java.util.ArrayList<>(SeedCatalogue.ALL);
        java.util.Collections.reverse(reversed);
        reversed.forEach(catalogue::put);

        assertThat(catalogue.all()).extracting(CatalogueEntry::model)
                .containsExactly("sim-budget", "sim-light", "sim-standard", "sim-premium");
    }

    @Test
    void entriesReadAsRoutingTypesAndPrices() {
        CatalogueEntry usd = SeedCatalogue.inUsd(SeedCatalogue.STANDARD, "0.92");

        assertThat(CatalogueEntries.tier(usd)).contains(Tier.STANDARD);
        assertThat(CatalogueEntries.capabilities(usd)).containsExactlyInAnyOrder(Capability.STREAMING, Capability.TOOLS,
                Capability.JSON_MODE, Capability.VISION);
        assertThat(CatalogueEntries.exchangeRate(usd).orElseThrow().rate()).isEqualByComparingTo(new BigDecimal("0.92"));
        assertThat(CatalogueEntries.modelPrice(usd).version()).isEqualTo("sim-standard@2026-01-01");
        assertThat(CatalogueEntries.isPriceable(usd)).isTrue();
    }

    @Test
    void aForeignCurrencyEntryWithoutRateCannotBePriced() {
        CatalogueEntry usd = SeedCatalogue.inUsd(SeedCatalogue.STANDARD, "0.92");
        CatalogueEntry withoutRate = new CatalogueEntry(usd.model(), usd.provider(), usd.tier(), usd.capabilities(),
                usd.contextWindowTokens(), usd.maxOutputTokens(), usd.toolCallingQuality(), usd.currency(),
                usd.upstreamPromptPerMillion(), usd.upstreamCachedPromptPerMillion(), usd.upstreamCompletionPerMillion(),
                usd.platformFeePromptPerMillion(), usd.platformFeeCompletionPerMillion(), usd.priceVersion(),
                usd.effectiveFrom(), "EUR", null, null);

        assertThat(CatalogueEntries.isPriceable(withoutRate)).isFalse();
    }

    /** Encoded the way metering's catalogue publisher encodes it. */
    static String json(CatalogueEntry entry) throws Exception {
        return JsonMapper.builder().addModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).build().writeValueAsString(entry);
    }
}
