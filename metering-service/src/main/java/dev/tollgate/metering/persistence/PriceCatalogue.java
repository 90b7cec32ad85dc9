package dev.tollgate.metering.persistence;

import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

/**
 * The versioned price catalogue. "In force at T" always means: the version with the greatest
 * {@code effectiveFrom <= T}. Callers need a Hibernate Reactive session ({@code @WithSession}).
 */
@ApplicationScoped
public class PriceCatalogue implements PanacheRepositoryBase<ModelPriceEntity, Long> {

    /** The price of {@code model} in force at {@code at}, or {@code null} if none was (unknown model, or not yet priced). */
    public Uni<ModelPriceEntity> priceInForce(String model, Instant at) {
        return find("model = ?1 and effectiveFrom <= ?2 order by effectiveFrom desc", model, at).firstResult();
    }

    /** Every model that had a price at {@code at}, each with the version in force then, ordered by model. */
    public Uni<List<ModelPriceEntity>> catalogueInForce(Instant at) {
        return list("""
                from ModelPriceEntity price
                where price.effectiveFrom = (select max(candidate.effectiveFrom) from ModelPriceEntity candidate
                                             where candidate.model = price.model and candidate.effectiveFrom <= ?1)
                order by price.model""", at);
    }
}
