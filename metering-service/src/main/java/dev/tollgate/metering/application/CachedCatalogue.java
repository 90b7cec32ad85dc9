package dev.tollgate.metering.application;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;

import dev.tollgate.metering.domain.CatalogueVersions;
import dev.tollgate.metering.persistence.CatalogueStore;
import dev.tollgate.metering.persistence.CatalogueStore.RevisedCatalogue;

/**
 * Every catalogue version in memory, checked against the database before each use: one read of the catalogue's
 * revision (a single row), and a full load only when it moved. Versions never change once written, so the copy
 * stays right until something is added (or a scheduled version withdrawn), and that moves the revision.
 *
 * <p>Pricing a batch therefore sees exactly what a query at that moment would have seen, including a version
 * written a moment ago with an {@code effective_from} in the past, at the cost of one small round trip per batch
 * instead of a catalogue query.
 */
@ApplicationScoped
public class CachedCatalogue {

    private final CatalogueStore store;
    private volatile RevisedCatalogue cached;

    public CachedCatalogue(CatalogueStore store) {
        this.store = store;
    }

    /** The catalogue as stored now. Fails (to be retried) when PostgreSQL cannot be reached. */
    public Uni<CatalogueVersions> current() {
        return store.catalogueRevision().chain(revision -> {
            RevisedCatalogue known = cached;
            if (known != null && known.revision() == revision) {
                return Uni.createFrom().item(known.versions());
            }
            return store.loadCatalogueVersions().invoke(loaded -> cached = loaded).map(RevisedCatalogue::versions);
        });
    }
}
