package dev.tollgate.router.controlplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.tollgate.router.controlplane.application.ControlPlaneProblem;
import dev.tollgate.router.controlplane.application.CreditAmounts;
import dev.tollgate.router.controlplane.application.ProfileInput;
import dev.tollgate.router.routing.Capability;
import dev.tollgate.router.routing.RoutingProfile;
import dev.tollgate.router.routing.Tier;

class ProfileInputTest {

    @Test
    void aCompleteProfileBecomesTheRoutingProfileInMicros() {
        RoutingProfile profile = new ProfileInput("light", "standard", "2.5", List.of("tools", "json_mode"), "0.8").toProfile();

        assertThat(profile).isEqualTo(new RoutingProfile(Tier.LIGHT, Tier.STANDARD, 25_000L,
                Set.of(Capability.TOOLS, Capability.JSON_MODE), new BigDecimal("0.8")));
    }

    @Test
    void optionalPartsMayBeLeftOut() {
        assertThat(new ProfileInput("budget", "premium", null, null, null).toProfile()).isEqualTo(RoutingProfile.unrestricted());
    }

    @Test
    void everyInvalidPartIsRefusedWith400() {
        assertRefused(new ProfileInput(null, "premium", null, null, null), "lowestTier is required");
        assertRefused(new ProfileInput("budget", "platinum", null, null, null), "highestTier is not a known tier");
        assertRefused(new ProfileInput("premium", "budget", null, null, null), "lowestTier premium is above highestTier budget");
        assertRefused(new ProfileInput("budget", "premium", "0", null, null), "costCapCredits must be greater than 0");
        assertRefused(new ProfileInput("budget", "premium", "-1", null, null), "costCapCredits must be greater than 0");
        assertRefused(new ProfileInput("budget", "premium", "ten", null, null), "costCapCredits must be a decimal number");
        assertRefused(new ProfileInput("budget", "premium", "0.00001", null, null), "more than 4 decimals");
        assertRefused(new ProfileInput("budget", "premium", null, List.of("telepathy"), null), "unknown capability");
        assertRefused(new ProfileInput("budget", "premium", null, null, "1.01"), "toolCallingFloor must be from 0 to 1");
        assertRefused(new ProfileInput("budget", "premium", null, null, "-0.1"), "toolCallingFloor must be from 0 to 1");
        assertRefused(new ProfileInput("budget", "premium", null, null, "high"), "toolCallingFloor must be a decimal number");
    }

    @Test
    void creditsAreShownWithFourDecimals() {
        assertThat(CreditAmounts.credits(125_000L)).isEqualTo("12.5000");
        assertThat(CreditAmounts.credits(1L)).isEqualTo("0.0001");
        assertThat(CreditAmounts.credits(null)).isNull();
        assertThat(CreditAmounts.positiveMicros("amount", "0.0001")).isEqualTo(1);
        assertThat(CreditAmounts.positiveMicros("amount", "12.50000")).isEqualTo(125_000);
    }

    private static void assertRefused(ProfileInput input, String detail) {
        assertThatThrownBy(input::toProfile)
                .isInstanceOfSatisfying(ControlPlaneProblem.class, problem -> assertThat(problem.status()).isEqualTo(400))
                .hasMessageContaining(detail);
    }
}
