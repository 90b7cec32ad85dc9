package dev.tollgate.router.routing;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import dev.tollgate.contracts.RoutingMode;

/**
 * Picks the model for a request. For now: a named model is used as is, and {@code "auto"} goes to
 * one configured model. The classifier that picks the cheapest model fitting the profile replaces
 * the {@code "auto"} branch later; the recorded routing mode is already the right one.
 */
@ApplicationScoped
public class ModelSelector {

    public static final String AUTO = "auto";

    private final String autoModel;

    public ModelSelector(@ConfigProperty(name = "tollgate.router.auto-model") String autoModel) {
        if (autoModel == null || autoModel.isBlank() || AUTO.equals(autoModel)) {
            throw new IllegalArgumentException("tollgate.router.auto-model must name a real model, was '" + autoModel + "'");
        }
        this.autoModel = autoModel;
    }

    public ModelChoice choose(String requestedModel) {
        if (AUTO.equals(requestedModel)) {
            return new ModelChoice(autoModel, RoutingMode.AUTO, null);
        }
        return new ModelChoice(requestedModel, RoutingMode.MODEL, null);
    }
}
