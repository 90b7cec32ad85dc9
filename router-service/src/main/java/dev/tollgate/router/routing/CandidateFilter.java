package dev.tollgate.router.routing;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.tollgate.contracts.CatalogueEntry;
import dev.tollgate.contracts.Money;
import dev.tollgate.contracts.RoutingMode;
import dev.tollgate.pricing.Credits;

/**
 * Whether a catalogue model may serve one request of an account, and if not, why. A model qualifies when:
 * its tier is within the profile's range; it can be priced; it has every capability the profile requires
 * and every one the request needs (tools when tools are offered, vision for images, json_mode for a JSON
 * {@code response_format}, streaming for {@code stream: true}); when tools are offered, its tool-calling
 * quality reaches the profile's floor; its context window holds the estimated prompt; and the worst case
 * of this request on it is within the profile's cost cap.
 */
final class CandidateFilter {

    private final ObjectNode request;
    private final RoutingProfile profile;
    private final WorstCaseEstimator estimator;
    private final Set<Capability> needed;
    private final boolean usesTools;
    private final long promptTokens;

    CandidateFilter(ObjectNode request, RoutingProfile profile, WorstCaseEstimator estimator) {
        this.request = request;
        this.profile = profile;
        this.estimator = estimator;
        this.usesTools = nonEmpty(request.get("tools")) || nonEmpty(request.get("functions"));
        this.needed = neededCapabilities(request, profile, usesTools);
        this.promptTokens = estimator.estimatePromptTokens(request);
    }

    ObjectNode request() {
        return request;
    }

    long promptTokens() {
        return promptTokens;
    }

    /** The most this request can cost on {@code entry}, from the prompt estimate made once for the request. */
    Money worstCase(CatalogueEntry entry, RoutingMode mode) {
        return estimator.worstCase(entry, request, promptTokens, mode);
    }

    boolean usesTools() {
        return usesTools;
    }

    /** What the profile requires plus what this request needs. */
    Set<Capability> neededCapabilities() {
        return needed;
    }

    /** Empty when {@code entry} qualifies; otherwise the first reason it does not, in words. */
    Optional<String> rejection(CatalogueEntry entry, RoutingMode mode) {
        Optional<Tier> tier = CatalogueEntries.tier(entry);
        if (tier.isEmpty() || !tier.get().within(profile.lowestTier(), profile.highestTier())) {
            return Optional.of("its tier " + entry.tier() + " is outside the key's profile");
        }
        if (!CatalogueEntries.isPriceable(entry)) {
            return Optional.of("it has no price in force in the billing currency");
        }
        Set<Capability> missing = EnumSet.noneOf(Capability.class);
        missing.addAll(needed);
        missing.removeAll(CatalogueEntries.capabilities(entry));
        if (!missing.isEmpty()) {
            return Optional.of("it does not support " + missing.stream().map(Capability::id).collect(Collectors.joining(", ")));
        }
        if (!meetsToolCallingFloor(entry)) {
            return Optional.of("its tool-calling quality is below the profile's floor of " + profile.toolCallingFloor().toPlainString());
        }
        if (!fitsContext(entry)) {
            return Optional.of("the prompt (about " + promptTokens + " tokens) exceeds its context window of "
                    + entry.contextWindowTokens() + " tokens");
        }
        if (profile.costCapMicros() != null) {
            var worst = worstCase(entry, mode);
            if (worst.amountMicros() > profile.costCapMicros()) {
                return Optional.of("the worst case of this request on it (" + Credits.of(worst).toPlainString()
                        + " credits) is above the cost cap");
            }
        }
        return Optional.empty();
    }

    boolean meetsToolCallingFloor(CatalogueEntry entry) {
        if (!usesTools || profile.toolCallingFloor() == null) {
            return true;
        }
        return entry.toolCallingQuality() != null && entry.toolCallingQuality().compareTo(profile.toolCallingFloor()) >= 0;
    }

    /** An unknown context window is not held against the model: the upstream refuses what does not fit. */
    boolean fitsContext(CatalogueEntry entry) {
        return entry.contextWindowTokens() == null || entry.contextWindowTokens() <= 0 || entry.contextWindowTokens() >= promptTokens;
    }

    private static Set<Capability> neededCapabilities(ObjectNode request, RoutingProfile profile, boolean usesTools) {
        Set<Capability> needed = EnumSet.noneOf(Capability.class);
        needed.addAll(profile.requiredCapabilities());
        if (usesTools) {
            needed.add(Capability.TOOLS);
        }
        if (PromptTokenEstimate.imageCount(request) > 0) {
            needed.add(Capability.VISION);
        }
        String format = request.path("response_format").path("type").asText("");
        if (format.equals("json_object") || format.equals("json_schema")) {
            needed.add(Capability.JSON_MODE);
        }
        if (request.path("stream").asBoolean(false)) {
            needed.add(Capability.STREAMING);
        }
        return needed;
    }

    private static boolean nonEmpty(JsonNode value) {
        return value != null && value.isArray() && !value.isEmpty();
    }
}
