package dev.tollgate.pricing;

/**
 * How a deployment earns on a request; its configuration picks one.
 * <ul>
 *   <li>{@link #PLATFORM_FEE}: the catalogue's platform fee per token, no routing margin;</li>
 *   <li>{@link #ROUTING_MARGIN}: a margin on the model (upstream) cost by routing mode, the
 *       catalogue's platform fees are not charged;</li>
 *   <li>{@link #PLATFORM_FEE_AND_ROUTING_MARGIN}: both.</li>
 * </ul>
 */
public enum FeeModel {
    PLATFORM_FEE,
    ROUTING_MARGIN,
    PLATFORM_FEE_AND_ROUTING_MARGIN;

    public boolean chargesPlatformFee() {
        return this != ROUTING_MARGIN;
    }

    public boolean chargesRoutingMargin() {
        return this != PLATFORM_FEE;
    }
}
