package dev.tollgate.metering.application;

import java.time.Instant;

/**
 * The catalogue has no price for this model at this instant (an unknown model, or a request made
 * before the model's first price), or no exchange rate to the billing currency then. Retrying cannot
 * help: the usage goes to the dead-letter topic.
 */
public class NoPriceInForceException extends RuntimeException {

    public NoPriceInForceException(String model, Instant at) {
        super("no price in force for model '" + model + "' at " + at);
    }

    public NoPriceInForceException(String baseCurrency, String quoteCurrency, Instant at) {
        super("no exchange rate in force from " + baseCurrency + " to " + quoteCurrency + " at " + at);
    }
}
