package dev.tollgate.router.api;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.tollgate.router.auth.ApiKeyOwner;
import dev.tollgate.router.routing.ModelSelector;
import dev.tollgate.router.routing.RoutingDecision;

/**
 * Where a request may go: the selector's decision for the request within the owner's profile, cut to the
 * first {@code tollgate.router.fallback.max-candidates} candidates. The hold covers the largest worst case
 * of the candidates kept, so a longer list would reserve more of the account's credits for every request.
 */
@ApplicationScoped
public class RequestRouting {

    private final ModelSelector selector;
    private final int maxCandidates;

    public RequestRouting(ModelSelector selector,
                          @ConfigProperty(name = "tollgate.router.fallback.max-candidates", defaultValue = "3") int maxCandidates) {
        if (maxCandidates < 1) {
            throw new IllegalArgumentException("tollgate.router.fallback.max-candidates must be at least 1, was " + maxCandidates);
        }
        this.selector = selector;
        this.maxCandidates = maxCandidates;
    }

    RoutingDecision decide(ObjectNode request, ApiKeyOwner owner) {
        RoutingDecision decision = selector.select(request, owner.profile());
        if (decision.candidates().size() <= maxCandidates) {
            return decision;
        }
        return new RoutingDecision(decision.routingMode(), decision.tier(), decision.candidates().subList(0, maxCandidates));
    }
}
