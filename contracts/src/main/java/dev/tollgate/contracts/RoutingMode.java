package dev.tollgate.contracts;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How the model of a request was chosen; the routing margin depends on it. */
public enum RoutingMode {
    /** The client sent {@code model: "auto"}: the router classified the request and chose. */
    @JsonProperty("auto") AUTO,
    /** The client named a tier; the router chose the model within it. */
    @JsonProperty("tier") TIER,
    /** The client named a model. */
    @JsonProperty("model") MODEL
}
