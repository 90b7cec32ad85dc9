package dev.tollgate.metering.application;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

import dev.tollgate.metering.domain.ModelPriceVersion;
import dev.tollgate.metering.importer.PriceListParser;
import dev.tollgate.metering.importer.PriceListParser.ParsedPriceList;
import dev.tollgate.metering.persistence.CatalogueStore;

/**
 * Records a provider price list as new catalogue versions, only where something changed: a model whose
 * latest version says the same (prices, limits, capabilities) gets no new row, so importing the same list
 * twice changes nothing. New versions take effect at the import time; past requests keep their prices.
 * All new versions of one import are written in one transaction.
 */
@ApplicationScoped
public class PriceListImport {

    private static final Logger LOG = Logger.getLogger(PriceListImport.class);

    private final CatalogueStore catalogue;

    public PriceListImport(CatalogueStore catalogue) {
        this.catalogue = catalogue;
    }

    /** What an import did. */
    public record ImportReport(String source, Instant effectiveFrom, List<String> added, List<String> changed,
                               List<String> unchanged, Map<String, String> skipped) {
    }

    /** @throws IllegalArgumentException if {@code json} is not a price list at all */
    public Uni<ImportReport> importPriceList(String json, String sourceName, Instant now) {
        // whole milliseconds: what PostgreSQL keeps of an instant is microseconds, the version id must match it
        Instant effectiveFrom = now.truncatedTo(ChronoUnit.MILLIS);
        ParsedPriceList parsed = PriceListParser.parse(json, effectiveFrom, sourceName);
        return catalogue.latestPriceVersions().chain(latest -> {
            Map<String, ModelPriceVersion> latestByModel = latest.stream()
                    .collect(Collectors.toMap(ModelPriceVersion::model, Function.identity()));
            List<String> added = new ArrayList<>();
            List<String> changed = new ArrayList<>();
            List<String> unchanged = new ArrayList<>();
            List<ModelPriceVersion> toInsert = new ArrayList<>();
            for (ModelPriceVersion candidate : parsed.models()) {
                ModelPriceVersion current = latestByModel.get(candidate.model());
                if (current == null) {
                    added.add(candidate.model());
                    toInsert.add(candidate);
                } else if (current.sameTermsAs(candidate)) {
                    unchanged.add(candidate.model());
                } else {
                    changed.add(candidate.model());
                    toInsert.add(candidate);
                }
            }
            ImportReport report = new ImportReport(sourceName, effectiveFrom, added, changed, unchanged, parsed.skipped());
            if (toInsert.isEmpty()) {
                return Uni.createFrom().item(report);
            }
            return catalogue.pool().withTransaction(connection -> Multi.createFrom().iterable(toInsert)
                            .onItem().transformToUniAndConcatenate(version -> catalogue.insertPriceVersion(connection, version))
                            .collect().last())
                    .invoke(() -> LOG.infof("price list '%s': %d added, %d changed, %d unchanged, %d skipped",
                            sourceName, added.size(), changed.size(), unchanged.size(), parsed.skipped().size()))
                    .replaceWith(report);
        });
    }
}
