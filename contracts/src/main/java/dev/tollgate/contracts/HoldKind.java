package dev.tollgate.contracts;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What a hold pays for. Added after v1 shipped: a {@link HoldPlaced} without a kind is a {@link #REQUEST} hold.
 */
public enum HoldKind {
    /** One gateway request (or one refund): its charge, named by request id or hold id, ends the reservation. */
    @JsonProperty("request") REQUEST,
    /**
     * A grant: credits leased to one router instance for one account, spent in the router's memory by many
     * requests. Each charge that names the grant draws its reservation down by the charge; settling it
     * keeps reserved only what the router used and is not charged yet.
     */
    @JsonProperty("grant") GRANT
}
