package dev.tollgate.router.controlplane.application;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import dev.tollgate.router.routing.Capability;
import dev.tollgate.router.routing.RoutingProfile;
import dev.tollgate.router.routing.Tier;

/**
 * A routing profile as a client sends it (tier ids, credits and the floor as decimal text), checked
 * whole before anything is stored.
 *
 * @param lowestTier           e.g. {@code "budget"}; required
 * @param highestTier          e.g. {@code "premium"}; required, not below {@code lowestTier}
 * @param costCapCredits       the most one request may cost at worst, in credits; {@code null}: no cap
 * @param requiredCapabilities capability ids, e.g. {@code ["tools"]}; {@code null}: none
 * @param toolCallingFloor     from 0 to 1; {@code null}: no floor
 */
public record ProfileInput(String lowestTier, String highestTier, String costCapCredits,
                           List<String> requiredCapabilities, String toolCallingFloor) {

    public RoutingProfile toProfile() {
        Tier lowest = tier("lowestTier", lowestTier);
        Tier highest = tier("highestTier", highestTier);
        if (lowest.compareTo(highest) > 0) {
            throw ControlPlaneProblem.badRequest("invalid-profile",
                    "lowestTier " + lowest.id() + " is above highestTier " + highest.id() + " (tiers, cheapest first: " + tierIds() + ")");
        }
        Long costCapMicros = costCapCredits == null ? null : CreditAmounts.positiveMicros("costCapCredits", costCapCredits);
        return new RoutingProfile(lowest, highest, costCapMicros, capabilities(), floor());
    }

    private static Tier tier(String field, String id) {
        if (id == null) {
            throw ControlPlaneProblem.badRequest("invalid-profile", field + " is required (one of " + tierIds() + ")");
        }
        return Tier.fromId(id).orElseThrow(() -> ControlPlaneProblem.badRequest("invalid-profile",
                field + " is not a known tier (one of " + tierIds() + ")"));
    }

    private Set<Capability> capabilities() {
        Set<Capability> capabilities = EnumSet.noneOf(Capability.class);
        if (requiredCapabilities == null) {
            return capabilities;
        }
        for (String id : requiredCapabilities) {
            capabilities.add(Capability.fromId(id).orElseThrow(() -> ControlPlaneProblem.badRequest("invalid-profile",
                    "requiredCapabilities holds an unknown capability (known: "
                            + Arrays.stream(Capability.values()).map(Capability::id).collect(Collectors.joining(", ")) + ")")));
        }
        return capabilities;
    }

    private BigDecimal floor() {
        if (toolCallingFloor == null) {
            return null;
        }
        BigDecimal floor;
        try {
            floor = new BigDecimal(toolCallingFloor.strip());
        } catch (NumberFormatException e) {
            throw ControlPlaneProblem.badRequest("invalid-profile", "toolCallingFloor must be a decimal number from 0 to 1");
        }
        if (floor.signum() < 0 || floor.compareTo(BigDecimal.ONE) > 0) {
            throw ControlPlaneProblem.badRequest("invalid-profile", "toolCallingFloor must be from 0 to 1");
        }
        if (floor.stripTrailingZeros().scale() > 4) {
            throw ControlPlaneProblem.badRequest("invalid-profile", "toolCallingFloor has more than 4 decimals");
        }
        return floor;
    }

    private static String tierIds() {
        return Arrays.stream(Tier.values()).map(Tier::id).collect(Collectors.joining(", "));
    }
}
