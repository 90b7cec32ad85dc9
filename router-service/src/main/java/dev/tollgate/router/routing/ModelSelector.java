package dev.tollgate.router.routing;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response.Status;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.tollgate.contracts.CatalogueEntry;
import dev.tollgate.contracts.Money;
import dev.tollgate.contracts.RoutingMode;
import dev.tollgate.pricing.Credits;
import dev.tollgate.router.api.GatewayException;
import dev.tollgate.router.api.OpenAiError;

/**
 * Picks where a request goes, within the account's {@link RoutingProfile}:
 * <ul>
 *   <li>{@code model: "auto"}: the {@link RequestClassifier}'s tier, clamped into the profile's tier range
 *       (routing mode {@code auto});</li>
 *   <li>{@code model: "<tier>"} ({@code "budget"}, {@code "light"} ...): that tier, 403 if the profile does not
 *       allow it (routing mode {@code tier});</li>
 *   <li>a catalogue model: that model first, 403 if it is outside the profile's tiers, 400 if it cannot
 *       serve this request (routing mode {@code model});</li>
 *   <li>anything else: 404 {@code model_not_found}; an empty catalogue (not read yet): 503.</li>
 * </ul>
 * Candidates are the catalogue's models that fit the profile and the request (see {@link CandidateFilter}),
 * the chosen tier first, cheapest first by this request's worst case, then the higher tiers of the
 * profile, then the lower ones. None: 400 saying which condition left no model.
 */
@ApplicationScoped
public class ModelSelector {

    public static final String AUTO = "auto";

    private static final Logger LOG = Logger.getLogger(ModelSelector.class);

    private final CatalogueView catalogue;
    private final WorstCaseEstimator estimator;
    private final RequestClassifier classifier = new RequestClassifier();

    public ModelSelector(CatalogueView catalogue, WorstCaseEstimator estimator) {
        this.catalogue = catalogue;
        this.estimator = estimator;
    }

    /** The classifier's view of {@code request}, for logs and explanations. */
    public Classification classify(ObjectNode request) {
        return classifier.classify(request);
    }

    /** Where {@code request} goes for an account with {@code profile}; a {@link GatewayException} when nowhere. */
    public RoutingDecision select(ObjectNode request, RoutingProfile profile) {
        if (catalogue.isEmpty()) {
            throw new GatewayException(Status.SERVICE_UNAVAILABLE.getStatusCode(), OpenAiError.SERVER_ERROR, null,
                    "catalogue_unavailable", "The model catalogue is not available yet; please retry in a few seconds.");
        }
        JsonNode modelField = request.get("model");
        String requested = modelField == null || !modelField.isTextual() ? "" : modelField.asText();
        List<CatalogueEntry> all = catalogue.all();
        CandidateFilter filter = new CandidateFilter(request, profile, estimator);

        if (AUTO.equals(requested)) {
            Classification classification = classifier.classify(request);
            Tier tier = clamp(classification.tier(), profile);
            LOG.debugf("auto routing: classified %s (score %d: %s), routed in %s", classification.tier().id(),
                    classification.score(), classification.explanation(), tier.id());
            return decision(RoutingMode.AUTO, tier, null, all, filter, profile);
        }
        var namedTier = Tier.fromId(requested);
        if (namedTier.isPresent()) {
            Tier tier = namedTier.get();
            if (!tier.within(profile.lowestTier(), profile.highestTier())) {
                throw forbidden("tier_not_allowed", "The tier '" + tier.id() + "' is not allowed for this key: its profile allows "
                        + range(profile) + ".");
            }
            return decision(RoutingMode.TIER, tier, null, all, filter, profile);
        }
        CatalogueEntry named = catalogue.model(requested).orElseThrow(() -> new GatewayException(
                Status.NOT_FOUND.getStatusCode(), OpenAiError.INVALID_REQUEST, "model", "model_not_found",
                "The model '" + requested + "' does not exist or you do not have access to it."));
        Tier tier = CatalogueEntries.tier(named).orElse(null);
        if (tier == null || !tier.within(profile.lowestTier(), profile.highestTier())) {
            throw forbidden("model_not_allowed", "The model '" + named.model() + "' (tier " + named.tier()
                    + ") is not allowed for this key: its profile allows " + range(profile) + ".");
        }
        filter.rejection(named, RoutingMode.MODEL).ifPresent(reason -> {
            throw GatewayException.invalidRequest("model", "model_not_eligible",
                    "The model '" + named.model() + "' cannot serve this request: " + reason + ".");
        });
        return decision(RoutingMode.MODEL, tier, named, all, filter, profile);
    }

    private RoutingDecision decision(RoutingMode mode, Tier tier, CatalogueEntry first, List<CatalogueEntry> all,
                                     CandidateFilter filter, RoutingProfile profile) {
        Map<String, String> rejections = new LinkedHashMap<>();
        Map<CatalogueEntry, Money> eligible = new LinkedHashMap<>();
        for (CatalogueEntry entry : all) {
            var rejection = filter.rejection(entry, mode);
            if (rejection.isPresent()) {
                rejections.put(entry.model(), rejection.get());
            } else {
                eligible.put(entry, filter.worstCase(entry, mode));
            }
        }
        List<CatalogueEntry> candidates = new ArrayList<>();
        if (first != null) {
            candidates.add(first);
        }
        for (Tier next : fallbackOrder(tier, profile)) {
            eligible.entrySet().stream()
                    .filter(candidate -> CatalogueEntries.tier(candidate.getKey()).orElse(null) == next)
                    .sorted(Map.Entry.<CatalogueEntry, Money>comparingByValue(Comparator.comparingLong(Money::amountMicros))
                            .thenComparing(candidate -> candidate.getKey().model()))
                    .map(Map.Entry::getKey)
                    .filter(entry -> !entry.equals(first))
                    .forEach(candidates::add);
        }
        if (candidates.isEmpty()) {
            throw GatewayException.invalidRequest("model", "no_eligible_model", noModelMessage(filter, rejections, profile, all, mode));
        }
        return new RoutingDecision(mode, tier, candidates);
    }

    /** The chosen tier, then the profile's higher tiers (cheapest first), then its lower ones (closest first). */
    static List<Tier> fallbackOrder(Tier tier, RoutingProfile profile) {
        List<Tier> order = new ArrayList<>();
        order.add(tier);
        for (Tier higher : Tier.values()) {
            if (higher.compareTo(tier) > 0 && higher.compareTo(profile.highestTier()) <= 0) {
                order.add(higher);
            }
        }
        for (int i = tier.ordinal() - 1; i >= profile.lowestTier().ordinal(); i--) {
            order.add(Tier.values()[i]);
        }
        return order;
    }

    static Tier clamp(Tier tier, RoutingProfile profile) {
        if (tier.compareTo(profile.lowestTier()) < 0) {
            return profile.lowestTier();
        }
        return tier.compareTo(profile.highestTier()) > 0 ? profile.highestTier() : tier;
    }

    /**
     * Why no model qualified, in the client's terms: the first condition, in the order the filter applies
     * them, after which no model of the allowed tiers was left.
     */
    private String noModelMessage(CandidateFilter filter, Map<String, String> rejections, RoutingProfile profile,
                                  List<CatalogueEntry> all, RoutingMode mode) {
        List<CatalogueEntry> inRange = all.stream().filter(entry -> CatalogueEntries.tier(entry)
                .map(tier -> tier.within(profile.lowestTier(), profile.highestTier())).orElse(false)).toList();
        if (inRange.isEmpty()) {
            return "The catalogue has no model in the tiers this key may use (" + range(profile) + ").";
        }
        Set<Capability> needed = filter.neededCapabilities();
        List<CatalogueEntry> capable = inRange.stream()
                .filter(entry -> CatalogueEntries.capabilities(entry).containsAll(needed)).toList();
        if (capable.isEmpty()) {
            Set<Capability> missing = EnumSet.noneOf(Capability.class);
            for (Capability capability : needed) {
                if (inRange.stream().noneMatch(entry -> CatalogueEntries.capabilities(entry).contains(capability))) {
                    missing.add(capability);
                }
            }
            String which = (missing.isEmpty() ? needed : missing).stream().map(Capability::id).collect(Collectors.joining(", "));
            return "No model in the tiers this key may use (" + range(profile) + ") supports " + which
                    + (missing.isEmpty() ? " together" : "") + ", which this request or the key's profile requires.";
        }
        if (filter.usesTools() && profile.toolCallingFloor() != null
                && capable.stream().noneMatch(filter::meetsToolCallingFloor)) {
            return "No model in the tiers this key may use (" + range(profile) + ") reaches the tool-calling quality floor of "
                    + profile.toolCallingFloor().toPlainString() + " set in the key's profile.";
        }
        List<CatalogueEntry> fitting = capable.stream().filter(filter::meetsToolCallingFloor).filter(filter::fitsContext).toList();
        if (fitting.isEmpty()) {
            return "The prompt (about " + filter.promptTokens() + " tokens) is longer than the context window of every model "
                    + "this key may use.";
        }
        if (profile.costCapMicros() != null) {
            CatalogueEntry cheapest = fitting.stream().filter(CatalogueEntries::isPriceable)
                    .min(Comparator.comparingLong(entry -> filter.worstCase(entry, mode).amountMicros()))
                    .orElse(null);
            if (cheapest != null) {
                Money worst = filter.worstCase(cheapest, mode);
                String currency = worst.currency();
                return "The cost cap of " + Credits.of(Money.ofMicros(profile.costCapMicros(), currency)).toPlainString()
                        + " credits per request is too low for this request: its worst case is at least "
                        + Credits.of(worst).toPlainString() + " credits (on " + cheapest.model() + "). Lower max_tokens "
                        + "(or max_completion_tokens) or shorten the prompt.";
            }
        }
        return "No model can serve this request within the key's profile: " + rejections.entrySet().stream()
                .map(rejection -> rejection.getKey() + ": " + rejection.getValue()).collect(Collectors.joining("; ")) + ".";
    }

    private static GatewayException forbidden(String code, String message) {
        return new GatewayException(Status.FORBIDDEN.getStatusCode(), OpenAiError.INVALID_REQUEST, "model", code, message);
    }

    private static String range(RoutingProfile profile) {
        return profile.lowestTier() == profile.highestTier() ? profile.lowestTier().id()
                : profile.lowestTier().id() + " to " + profile.highestTier().id();
    }
}
