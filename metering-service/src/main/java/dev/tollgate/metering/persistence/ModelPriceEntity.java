package dev.tollgate.metering.persistence;

import java.math.BigDecimal;
import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.Immutable;

import dev.tollgate.pricing.ModelPrice;

/**
 * One version of one model's prices, as stored in {@code model_price}. Read-only: the catalogue is
 * append-only (the database refuses updates), so Hibernate never tracks changes to these rows.
 */
@Entity
@Table(name = "model_price")
@Immutable
public class ModelPriceEntity {

    @Id
    public Long id;

    public String model;

    public String provider;

    public String currency;

    public String tier;

    @Column(name = "upstream_prompt_per_million")
    public BigDecimal upstreamPromptPerMillion;

    @Column(name = "upstream_cached_prompt_per_million")
    public BigDecimal upstreamCachedPromptPerMillion;

    @Column(name = "upstream_completion_per_million")
    public BigDecimal upstreamCompletionPerMillion;

    @Column(name = "platform_fee_prompt_per_million")
    public BigDecimal platformFeePromptPerMillion;

    @Column(name = "platform_fee_completion_per_million")
    public BigDecimal platformFeeCompletionPerMillion;

    @Column(name = "effective_from")
    public Instant effectiveFrom;

    public String version;

    /** The pricing module's view of this row. */
    public ModelPrice toModelPrice() {
        return new ModelPrice(model, provider, version, currency,
                upstreamPromptPerMillion, upstreamCachedPromptPerMillion, upstreamCompletionPerMillion,
                platformFeePromptPerMillion, platformFeeCompletionPerMillion);
    }
}
