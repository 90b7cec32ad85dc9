package dev.tollgate.router.routing;

import java.util.Objects;
import java.util.OptionalLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.tollgate.contracts.CatalogueEntry;
import dev.tollgate.contracts.Money;
import dev.tollgate.contracts.RoutingMode;
import dev.tollgate.pricing.BillingBasis;
import dev.tollgate.pricing.ExchangeRate;
import dev.tollgate.pricing.PricingRules;
import dev.tollgate.pricing.TokenUsage;
import dev.tollgate.pricing.UsagePricer;

/**
 * What a request can cost at most before it is sent, and what a finished one costs, with the catalogue's
 * current prices and exchange rate and this deployment's fee model and margins: the same numbers and the
 * same {@link UsagePricer} maths metering charges with, in the billing currency. Metering remains the one
 * that charges; these amounts decide whether the account can pay and how much a hold reserves.
 *
 * <p>Worst case = every prompt token of the {@link PromptTokenEstimate} (at the dearer of the cached and
 * uncached rates) plus the most completion tokens the request can produce: its {@code max_completion_tokens}
 * (or {@code max_tokens}), capped at the model's output limit, or that limit when it names none, times
 * the number of choices {@code n}.
 */
public final class WorstCaseEstimator {

    /**
     * The output a model may produce when the catalogue gives neither an output limit nor a context
     * window: high, so that a model without limits is never under-estimated.
     */
    public static final long UNKNOWN_OUTPUT_LIMIT_TOKENS = 128_000;

    private final PricingRules rules;

    public WorstCaseEstimator(PricingRules rules) {
        this.rules = Objects.requireNonNull(rules, "rules");
    }

    public PricingRules rules() {
        return rules;
    }

    /** See {@link PromptTokenEstimate}: never below what ordinary text is billed. */
    public long estimatePromptTokens(ObjectNode request) {
        return PromptTokenEstimate.of(request);
    }

    /**
     * The completion tokens one choice may produce: the request's {@code max_completion_tokens} (preferred,
     * as OpenAI does) or {@code max_tokens}, capped at the model's output limit; the limit itself when the
     * request names none (or names a value that is not a positive whole number, which the upstream refuses).
     */
    public long maxCompletionTokens(ObjectNode request, CatalogueEntry model) {
        long limit = outputLimit(model);
        OptionalLong asked = positiveWholeNumber(request.get("max_completion_tokens"));
        if (asked.isEmpty()) {
            asked = positiveWholeNumber(request.get("max_tokens"));
        }
        return asked.isPresent() ? Math.min(asked.getAsLong(), limit) : limit;
    }

    /** How many choices the request asks for ({@code n}, default 1): each may be as long as the limit. */
    public long choices(ObjectNode request) {
        return positiveWholeNumber(request.get("n")).orElse(1);
    }

    /** The most this request can cost on {@code model}, in the billing currency. */
    public Money worstCase(CatalogueEntry model, ObjectNode request, RoutingMode mode) {
        return worstCase(model, request, estimatePromptTokens(request), mode);
    }

    /**
     * The same with the request's prompt estimate already made ({@link #estimatePromptTokens}): the gateway
     * prices every candidate of a request, and walking the messages once is enough.
     */
    public Money worstCase(CatalogueEntry model, ObjectNode request, long promptTokens, RoutingMode mode) {
        return worstCase(model, promptTokens, Math.multiplyExact(maxCompletionTokens(request, model), choices(request)), mode);
    }

    /** The worst case for known token counts (every prompt token at the dearer prompt rate). */
    public Money worstCase(CatalogueEntry model, long promptTokens, long completionTokens, RoutingMode mode) {
        return UsagePricer.worstCase(CatalogueEntries.modelPrice(model), promptTokens, completionTokens, mode, rules,
                exchangeRate(model));
    }

    /** The price of the usage the upstream reported, at the current prices, as metering prices a successful call. */
    public Money actualCost(CatalogueEntry model, long promptTokens, long cachedPromptTokens, long completionTokens,
                            RoutingMode mode) {
        return UsagePricer.price(CatalogueEntries.modelPrice(model),
                new TokenUsage(promptTokens, cachedPromptTokens, completionTokens), mode, rules, exchangeRate(model),
                BillingBasis.FULL).total();
    }

    /**
     * The largest {@code max_tokens} (per choice, at most what the request may produce on this model) whose
     * worst case fits in {@code availableMicros} of the billing currency; empty when not even one
     * completion token fits. Pricing is monotone in tokens, so a binary search finds it exactly.
     */
    public OptionalLong affordableMaxTokens(CatalogueEntry model, ObjectNode request, RoutingMode mode,
                                            long availableMicros) {
        long prompt = estimatePromptTokens(request);
        long choices = choices(request);
        long highest = maxCompletionTokens(request, model);
        if (!fits(model, prompt, choices, 1, mode, availableMicros)) {
            return OptionalLong.empty();
        }
        long low = 1; // fits
        long high = highest;
        while (low < high) {
            long middle = low + (high - low + 1) / 2;
            if (fits(model, prompt, choices, middle, mode, availableMicros)) {
                low = middle;
            } else {
                high = middle - 1;
            }
        }
        return OptionalLong.of(low);
    }

    private boolean fits(CatalogueEntry model, long prompt, long choices, long maxTokens, RoutingMode mode,
                         long availableMicros) {
        return worstCase(model, prompt, Math.multiplyExact(maxTokens, choices), mode).amountMicros() <= availableMicros;
    }

    /** The model's output limit, else its context window, else {@link #UNKNOWN_OUTPUT_LIMIT_TOKENS}. */
    public static long outputLimit(CatalogueEntry model) {
        if (model.maxOutputTokens() != null && model.maxOutputTokens() > 0) {
            return model.maxOutputTokens();
        }
        if (model.contextWindowTokens() != null && model.contextWindowTokens() > 0) {
            return model.contextWindowTokens();
        }
        return UNKNOWN_OUTPUT_LIMIT_TOKENS;
    }

    private static ExchangeRate exchangeRate(CatalogueEntry model) {
        return CatalogueEntries.exchangeRate(model).orElseThrow(() -> new IllegalArgumentException(
                model.model() + " has no exchange rate from " + model.currency() + " to " + model.billingCurrency()));
    }

    private static OptionalLong positiveWholeNumber(JsonNode value) {
        if (value == null || !value.isIntegralNumber() || !value.canConvertToLong() || value.asLong() < 1) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(value.asLong());
    }
}
