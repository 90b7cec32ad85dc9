package dev.tollgate.metering.application;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.annotation.Timed;
import io.smallrye.mutiny.Uni;

import dev.tollgate.contracts.EventEnvelope;
import dev.tollgate.contracts.UsagePriced;
import dev.tollgate.contracts.UsageRecorded;
import dev.tollgate.metering.domain.CatalogueVersions;
import dev.tollgate.pricing.BillingBasis;
import dev.tollgate.pricing.ExchangeRate;
import dev.tollgate.pricing.ModelPrice;
import dev.tollgate.pricing.PricingRules;
import dev.tollgate.pricing.TokenUsage;
import dev.tollgate.pricing.UsagePricer;

/**
 * Prices one recorded usage at the prices, fee and exchange rate in force when the request was made.
 *
 * <p>Pricing writes nothing: the result depends only on the usage event and on catalogue rows that
 * never change, so the {@link UsagePriced} event can be rebuilt identically at any time. Its event id
 * is derived from the usage's event id, which makes a redelivered usage produce the very same event;
 * the ledger applies an event id once. That is how metering stays idempotent without a dual write.
 */
@ApplicationScoped
public class UsagePricing {

    private final CachedCatalogue catalogue;
    private final PricingRules rules;
    private final String billingCurrency;

    public UsagePricing(CachedCatalogue catalogue, PricingConfiguration configuration) {
        this.catalogue = catalogue;
        this.rules = configuration.rules();
        this.billingCurrency = configuration.billingCurrency();
    }

    /** The outcome of pricing one usage of a batch: the priced event, or why it can never be priced. */
    public record Outcome(EventEnvelope<UsagePriced> priced, NoPriceInForceException unpriceable) {
    }

    /**
     * Prices a batch at the catalogue as stored now (one revision check, see {@link CachedCatalogue}): element
     * {@code i} of the result is the outcome of usage {@code i}. Fails as a whole only on an outage (to be retried).
     */
    @Timed(value = "tollgate.metering.pricing", description = "Pricing one batch of usage records (one catalogue query)",
            histogram = true)
    public Uni<List<Outcome>> priceAll(List<EventEnvelope<UsageRecorded>> usages) {
        if (usages.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return catalogue.current().map(versions -> {
            List<Outcome> outcomes = new ArrayList<>(usages.size());
            for (EventEnvelope<UsageRecorded> usage : usages) {
                outcomes.add(price(usage, versions));
            }
            return outcomes;
        });
    }

    /** Prices one usage at the versions in force at its request time. */
    public Outcome price(EventEnvelope<UsageRecorded> usage, CatalogueVersions versions) {
        String model = usage.payload().model();
        Instant at = usage.occurredAt();
        ModelPrice price = versions.modelPriceInForce(model, at).orElse(null);
        if (price == null) {
            return new Outcome(null, new NoPriceInForceException(model, at));
        }
        ExchangeRate rate = price.currency().equals(billingCurrency) ? ExchangeRate.identity(billingCurrency)
                : versions.exchangeRateInForce(price.currency(), billingCurrency, at).orElse(null);
        if (rate == null) {
            return new Outcome(null, new NoPriceInForceException(price.currency(), billingCurrency, at));
        }
        return new Outcome(priced(usage, price, rules, rate), null);
    }

    /** The pure part of pricing: the {@link UsagePriced} event for {@code usage} at {@code price}. */
    public static EventEnvelope<UsagePriced> priced(EventEnvelope<UsageRecorded> usage, ModelPrice price, PricingRules rules,
                                                    ExchangeRate exchangeRate) {
        UsageRecorded recorded = usage.payload();
        TokenUsage tokens = new TokenUsage(recorded.promptTokens(), recorded.cachedPromptTokens(), recorded.completionTokens());
        UsagePriced priced = new UsagePriced(
                recorded.requestId(),
                usage.occurredAt(),
                recorded.model(),
                recorded.provider(),
                recorded.routingMode(),
                UsagePricer.price(price, tokens, recorded.routingMode(), rules, exchangeRate,
                        BillingBasis.forUpstreamStatus(recorded.upstreamStatus())),
                recorded.tier(), // carried along for the ledger's revenue by tier
                recorded.holdId()); // the hold or grant that paid: the ledger settles it with the charge
        // occurredAt stays the request time: the charge belongs to the moment the usage happened,
        // and a re-priced (redelivered) usage must not differ from the first one in any field.
        return EventEnvelope.wrap(
                pricedEventId(usage.eventId()),
                usage.accountId(),
                usage.occurredAt(),
                usage.eventId().toString(),
                usage.correlationId(),
                priced);
    }

    /** A name-based (version 3) UUID: the same usage always gets the same {@code UsagePriced} id. */
    public static UUID pricedEventId(UUID usageEventId) {
        return UUID.nameUUIDFromBytes(("UsagePriced:" + usageEventId).getBytes(UTF_8));
    }
}
