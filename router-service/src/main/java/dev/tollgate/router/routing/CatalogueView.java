package dev.tollgate.router.routing;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import dev.tollgate.contracts.CatalogueEntry;

/**
 * The price catalogue as this instance last read it from metering's compacted catalogue topic: one entry
 * per model, the newest record of a model replacing the older one, a tombstone removing it. Metering owns
 * the catalogue; this is a read-only copy held in memory, filled by {@link CatalogueConsumer}.
 */
@ApplicationScoped
public class CatalogueView {

    /** Cheapest tier first, then by model id: a stable order for listings and tie-breaks. */
    static final Comparator<CatalogueEntry> BY_TIER_THEN_MODEL = Comparator
            .comparing((CatalogueEntry entry) -> CatalogueEntries.tier(entry).map(Enum::ordinal).orElse(Integer.MAX_VALUE))
            .thenComparing(CatalogueEntry::model);

    private final Map<String, CatalogueEntry> models = new ConcurrentHashMap<>();

    public Optional<CatalogueEntry> model(String id) {
        return id == null ? Optional.empty() : Optional.ofNullable(models.get(id));
    }

    /** Every model, cheapest tier first, then by id. */
    public List<CatalogueEntry> all() {
        return models.values().stream().sorted(BY_TIER_THEN_MODEL).toList();
    }

    public boolean isEmpty() {
        return models.isEmpty();
    }

    /** The entry in force for its model, replacing whatever was known for that model. */
    public void put(CatalogueEntry entry) {
        Objects.requireNonNull(entry.model(), "model");
        models.put(entry.model(), entry);
    }

    /** The model left the catalogue (a tombstone on the topic). */
    public void remove(String model) {
        if (model != null) {
            models.remove(model);
        }
    }
}
