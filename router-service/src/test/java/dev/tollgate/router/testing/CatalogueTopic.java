package dev.tollgate.router.testing;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import org.eclipse.microprofile.config.ConfigProvider;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import dev.tollgate.contracts.CatalogueEntry;
import dev.tollgate.contracts.Topics;
import dev.tollgate.testing.KafkaTestClient;

/** Plays metering: puts catalogue entries on the real compacted catalogue topic. */
public final class CatalogueTopic {

    private static final ObjectMapper JSON = JsonMapper.builder().addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).build();

    /** The simulator's models with metering's seed prices (EUR per million tokens), and one that always fails. */
    public static final CatalogueEntry BUDGET = entry("sim-budget", "budget", 4_096, "0.10", "0.05", "0.40", "0.02", "0.08");
    public static final CatalogueEntry LIGHT = entry("sim-light", "light", 8_192, "0.50", "0.25", "1.50", "0.05", "0.15");
    public static final CatalogueEntry STANDARD = entry("sim-standard", "standard", 16_384, "2.50", "1.25", "10.00", "0.25", "1.00");
    public static final CatalogueEntry PREMIUM = entry("sim-premium", "premium", 32_768, "15.00", "7.50", "60.00", "1.50", "6.00");
    /** Cheapest of its tier, so tier routing tries it first; the simulator answers 503 to every {@code failing-*} model. */
    public static final CatalogueEntry FAILING_STANDARD = entry("failing-standard", "standard", 16_384, "2.00", "1.00", "8.00", "0.25", "1.00");

    /**
     * At {@link RefusingUpstream} (provider {@code refusing}); the dearest premium model, so routing never
     * reaches it as a fallback of another model's request.
     */
    public static final CatalogueEntry REFUSING_PREMIUM = new CatalogueEntry("refusing-premium", "refusing", "premium",
            List.of("streaming", "tools", "json_mode"), 128_000, 32_768, new BigDecimal("0.85"), "EUR", new BigDecimal("90.00"),
            new BigDecimal("45.00"), new BigDecimal("300.00"), new BigDecimal("1.50"), new BigDecimal("6.00"),
            "refusing-premium@2026-01-01", Instant.parse("2026-01-01T00:00:00Z"), "EUR", BigDecimal.ONE, null);

    public static final List<CatalogueEntry> ALL = List.of(BUDGET, LIGHT, STANDARD, PREMIUM, FAILING_STANDARD, REFUSING_PREMIUM);

    private CatalogueTopic() {
    }

    public static void publishAll() {
        try (KafkaTestClient kafka = new KafkaTestClient(
                ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class))) {
            for (CatalogueEntry entry : ALL) {
                kafka.send(Topics.PRICE_CATALOGUE, entry.model(), JSON.writeValueAsString(entry));
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static CatalogueEntry entry(String model, String tier, int maxOutput, String prompt, String cachedPrompt, String completion,
                                String feePrompt, String feeCompletion) {
        return new CatalogueEntry(model, "simulator", tier, List.of("streaming", "tools", "json_mode"), 128_000, maxOutput,
                new BigDecimal("0.85"), "EUR", new BigDecimal(prompt), new BigDecimal(cachedPrompt), new BigDecimal(completion),
                new BigDecimal(feePrompt), new BigDecimal(feeCompletion), model + "@2026-01-01",
                Instant.parse("2026-01-01T00:00:00Z"), "EUR", BigDecimal.ONE, null);
    }
}
