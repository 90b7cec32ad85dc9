package dev.tollgate.router.routing;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import dev.tollgate.contracts.CatalogueEntry;

/** The four simulator models as metering seeds them (same rates, limits and capabilities), for tests. */
public final class SeedCatalogue {

    public static final CatalogueEntry BUDGET = entry("sim-budget", "budget", List.of("streaming", "tools", "json_mode"),
            32_000, 4_096, "0.55", "0.10", "0.05", "0.40", "0.02", "0.08");
    public static final CatalogueEntry LIGHT = entry("sim-light", "light", List.of("streaming", "tools", "json_mode"),
            64_000, 8_192, "0.70", "0.50", "0.25", "1.50", "0.05", "0.15");
    public static final CatalogueEntry STANDARD = entry("sim-standard", "standard",
            List.of("streaming", "tools", "json_mode", "vision"), 128_000, 16_384, "0.85", "2.50", "1.25", "10.00", "0.25", "1.00");
    public static final CatalogueEntry PREMIUM = entry("sim-premium", "premium",
            List.of("streaming", "tools", "json_mode", "vision"), 200_000, 32_768, "0.95", "15.00", "7.50", "60.00", "1.50", "6.00");

    public static final List<CatalogueEntry> ALL = List.of(BUDGET, LIGHT, STANDARD, PREMIUM);

    private SeedCatalogue() {
    }

    public static CatalogueView view() {
        CatalogueView view = new CatalogueView();
        ALL.forEach(view::put);
        return view;
    }

    public static CatalogueEntry entry(String model, String tier, List<String> capabilities, int contextWindow, int maxOutput,
                                       String toolCallingQuality, String prompt, String cachedPrompt, String completion,
                                       String feePrompt, String feeCompletion) {
        return new CatalogueEntry(model, "simulator", tier, capabilities, contextWindow, maxOutput,
                new BigDecimal(toolCallingQuality), "EUR", new BigDecimal(prompt), new BigDecimal(cachedPrompt),
                new BigDecimal(completion), new BigDecimal(feePrompt), new BigDecimal(feeCompletion),
                model + "@2026-01-01", Instant.parse("2026-01-01T00:00:00Z"), "EUR", BigDecimal.ONE, null);
    }

    /** {@code entry} quoted in USD, converted to EUR at {@code rate}. */
    public static CatalogueEntry inUsd(CatalogueEntry entry, String rate) {
        return new CatalogueEntry(entry.model(), entry.provider(), entry.tier(), entry.capabilities(),
                entry.contextWindowTokens(), entry.maxOutputTokens(), entry.toolCallingQuality(), "USD",
                entry.upstreamPromptPerMillion(), entry.upstreamCachedPromptPerMillion(), entry.upstreamCompletionPerMillion(),
                entry.platformFeePromptPerMillion(), entry.platformFeeCompletionPerMillion(), entry.priceVersion(),
                entry.effectiveFrom(), "EUR", new BigDecimal(rate), "USD-EUR@2026-01-01");
    }
}
