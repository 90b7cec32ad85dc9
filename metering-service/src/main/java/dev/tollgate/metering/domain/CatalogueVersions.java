package dev.tollgate.metering.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

import dev.tollgate.pricing.ExchangeRate;
import dev.tollgate.pricing.ModelPrice;

/**
 * Every version of the catalogue (model prices, platform fees, exchange rates), in memory, answering "in force at
 * T" exactly as the catalogue's SQL does: the version with the greatest {@code effective_from <= T}, for the price
 * and, independently, for the fee. Versions scheduled for later are included, so a usage made after one took
 * effect finds it. Immutable: a change of the stored catalogue means a new instance.
 *
 * <p>Per model, the price-and-fee pair in force changes only at an {@code effective_from} of one of them; those
 * instants are precomputed with the pair (and its {@link ModelPrice}), so a lookup is one binary search.
 */
public final class CatalogueVersions {

    private final Map<String, Timeline<PriceTerms>> models;
    private final Map<String, Timeline<ExchangeRate>> exchangeRates;

    private CatalogueVersions(Map<String, Timeline<PriceTerms>> models, Map<String, Timeline<ExchangeRate>> exchangeRates) {
        this.models = models;
        this.exchangeRates = exchangeRates;
    }

    public static CatalogueVersions of(List<ModelPriceVersion> prices, List<PlatformFeeVersion> fees,
                                       List<ExchangeRateVersion> rates) {
        Map<String, List<PlatformFeeVersion>> feesByModel = fees.stream()
                .collect(Collectors.groupingBy(PlatformFeeVersion::model));
        Map<String, Timeline<PriceTerms>> models = new HashMap<>();
        prices.stream().collect(Collectors.groupingBy(ModelPriceVersion::model)).forEach((model, modelPrices) ->
                models.put(model, priceTimeline(modelPrices, feesByModel.getOrDefault(model, List.of()))));
        Map<String, Timeline<ExchangeRate>> exchangeRates = new HashMap<>();
        rates.stream().collect(Collectors.groupingBy(rate -> pair(rate.baseCurrency(), rate.quoteCurrency())))
                .forEach((pair, versions) -> exchangeRates.put(pair, Timeline.of(versions, ExchangeRateVersion::effectiveFrom,
                        ExchangeRateVersion::toExchangeRate)));
        return new CatalogueVersions(Map.copyOf(models), Map.copyOf(exchangeRates));
    }

    /** The price version and the fee version of {@code model} in force at {@code at}; empty if it had no price then. */
    public Optional<PriceInForce> priceInForce(String model, Instant at) {
        return terms(model, at).map(PriceTerms::versions);
    }

    /**
     * What a usage of {@code model} at {@code at} is priced with; empty if the model had no price then. Fails like
     * {@link PriceInForce#toModelPrice()} if that pair of versions is inconsistent (never written so).
     */
    public Optional<ModelPrice> modelPriceInForce(String model, Instant at) {
        return terms(model, at).map(PriceTerms::modelPrice);
    }

    /** The rate from {@code base} to {@code quote} in force at {@code at}, if any. */
    public Optional<ExchangeRate> exchangeRateInForce(String base, String quote, Instant at) {
        Timeline<ExchangeRate> timeline = exchangeRates.get(pair(base, quote));
        return timeline == null ? Optional.empty() : Optional.ofNullable(timeline.inForceAt(at));
    }

    private Optional<PriceTerms> terms(String model, Instant at) {
        Timeline<PriceTerms> timeline = models.get(model);
        return timeline == null ? Optional.empty() : Optional.ofNullable(timeline.inForceAt(at));
    }

    /**
     * One segment of a model's history: the versions in force from its start until the next one, and the price
     * built from them once (or why it cannot be built, raised at use as before).
     */
    private record PriceTerms(PriceInForce versions, ModelPrice price, IllegalStateException inconsistent) {

        static PriceTerms of(PriceInForce versions) {
            try {
                return new PriceTerms(versions, versions.toModelPrice(), null);
            } catch (IllegalStateException e) {
                return new PriceTerms(versions, null, e);
            }
        }

        ModelPrice modelPrice() {
            if (inconsistent != null) {
                throw new IllegalStateException(inconsistent.getMessage(), inconsistent);
            }
            return price;
        }
    }

    private static Timeline<PriceTerms> priceTimeline(List<ModelPriceVersion> prices, List<PlatformFeeVersion> fees) {
        Timeline<ModelPriceVersion> priceVersions = Timeline.of(prices, ModelPriceVersion::effectiveFrom, Function.identity());
        Timeline<PlatformFeeVersion> feeVersions = Timeline.of(fees, PlatformFeeVersion::effectiveFrom, Function.identity());
        // the pair can change only where a price or a fee version starts, and nothing is in force before the first price
        Instant firstPrice = priceVersions.starts[0];
        TreeSet<Instant> changes = new TreeSet<>(Arrays.asList(priceVersions.starts));
        Arrays.stream(feeVersions.starts).filter(start -> start.isAfter(firstPrice)).forEach(changes::add);
        List<Instant> starts = new ArrayList<>(changes);
        List<PriceTerms> terms = starts.stream()
                .map(start -> PriceTerms.of(new PriceInForce(priceVersions.inForceAt(start), feeVersions.inForceAt(start))))
                .toList();
        return new Timeline<>(starts.toArray(Instant[]::new), terms.toArray());
    }

    private static String pair(String base, String quote) {
        return base + "/" + quote;
    }

    /** Values by the instant they take effect, sorted: the one in force at T is the last that starts at or before T. */
    private static final class Timeline<T> {

        private final Instant[] starts;
        private final Object[] values;

        private Timeline(Instant[] starts, Object[] values) {
            this.starts = starts;
            this.values = values;
        }

        static <V, T> Timeline<T> of(List<V> versions, Function<V, Instant> effectiveFrom, Function<V, T> value) {
            List<V> sorted = versions.stream().sorted(Comparator.comparing(effectiveFrom)).toList();
            return new Timeline<>(sorted.stream().map(effectiveFrom).toArray(Instant[]::new),
                    sorted.stream().map(value).toArray());
        }

        /** {@code null} if nothing had started at {@code at}. */
        @SuppressWarnings("unchecked")
        T inForceAt(Instant at) {
            int index = Arrays.binarySearch(starts, at);
            int inForce = index >= 0 ? index : -index - 2; // before the insertion point: the last start before at
            return inForce < 0 ? null : (T) values[inForce];
        }
    }
}
