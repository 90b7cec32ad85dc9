package dev.tollgate.router.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import dev.tollgate.contracts.RoutingMode;

class ModelSelectorTest {

    private final ModelSelector selector = new ModelSelector("sim-budget");

    @Test
    void namedModelIsUsedAsIs() {
        assertThat(selector.choose("sim-premium")).isEqualTo(new ModelChoice("sim-premium", RoutingMode.MODEL, null));
    }

    @Test
    void autoGoesToTheConfiguredModel() {
        assertThat(selector.choose("auto")).isEqualTo(new ModelChoice("sim-budget", RoutingMode.AUTO, null));
    }

    @Test
    void autoCannotBeConfiguredAsItsOwnTarget() {
        assertThatThrownBy(() -> new ModelSelector("auto")).isInstanceOf(IllegalArgumentException.class);
    }
}
