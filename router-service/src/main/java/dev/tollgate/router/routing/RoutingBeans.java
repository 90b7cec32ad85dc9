package dev.tollgate.router.routing;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** Makes the plain-Java routing parts beans, configured from this deployment's properties. */
public class RoutingBeans {

    @Produces
    @Singleton
    WorstCaseEstimator worstCaseEstimator(RouterPricingConfiguration configuration) {
        return new WorstCaseEstimator(configuration.rules());
    }
}
