package dev.tollgate.router.routing;

import static dev.tollgate.router.routing.WorstCaseEstimatorTest.chat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.tollgate.contracts.CatalogueEntry;
import dev.tollgate.contracts.RoutingMode;
import dev.tollgate.pricing.MarginRates;
import dev.tollgate.pricing.PricingRules;
import dev.tollgate.router.api.GatewayException;

class ModelSelectorTest {

    private static final RoutingProfile ANYTHING = RoutingProfile.unrestricted();

    private final WorstCaseEstimator estimator = new WorstCaseEstimator(PricingRules.platformFeeAndRoutingMargin(MarginRates.STANDARD));
    private final CatalogueView catalogue = SeedCatalogue.view();
    private final ModelSelector selector = new ModelSelector(catalogue, estimator);

    // ---- modes ----

    @Test
    void autoRoutesASimpleRequestToTheBudgetTierWithTheHigherTiersAsFallbacks() {
        RoutingDecision decision = selector.select(chat("Hi there!"), ANYTHING);

        assertThat(decision.routingMode()).isEqualTo(RoutingMode.AUTO);
        assertThat(decision.tier()).isEqualTo(Tier.BUDGET);
        assertThat(models(decision)).containsExactly("sim-budget", "sim-light", "sim-standard", "sim-premium");
    }

    @Test
    void autoRoutesAProofToPremiumThenFallsBackToLowerTiers() {
        RoutingDecision decision = selector.select(chat("Prove that the square root of 2 is irrational."), ANYTHING);

        assertThat(decision.tier()).isEqualTo(Tier.PREMIUM);
        assertThat(models(decision)).containsExactly("sim-premium", "sim-standard", "sim-light", "sim-budget");
    }

    @Test
    void autoClampsTheClassifiedTierIntoTheProfilesRange() {
        RoutingProfile lightToStandard = new RoutingProfile(Tier.LIGHT, Tier.STANDARD, null, Set.of(), null);

        assertThat(selector.select(chat("Hi there!"), lightToStandard).tier()).isEqualTo(Tier.LIGHT);
        RoutingDecision proof = selector.select(chat("Prove that the square root of 2 is irrational."), lightToStandard);
        assertThat(proof.tier()).isEqualTo(Tier.STANDARD);
        assertThat(models(proof)).containsExactly("sim-standard", "sim-light");
    }

    @Test
    void aNamedTierIsUsedWithRoutingModeTier() {
        RoutingDecision decision = selector.select(request("light", "Hi"), ANYTHING);

        assertThat(decision.routingMode()).isEqualTo(RoutingMode.TIER);
        assertThat(decision.tier()).isEqualTo(Tier.LIGHT);
        assertThat(decision.first().model()).isEqualTo("sim-light");
    }

    @Test
    void aTierOutsideTheProfileIsRefusedWith403() {
        RoutingProfile budgetOnly = new RoutingProfile(Tier.BUDGET, Tier.BUDGET, null, Set.of(), null);

        assertError(() -> selector.select(request("premium", "Hi"), budgetOnly), 403, "tier_not_allowed");
    }

    @Test
    void aNamedModelComesFirstWithRoutingModeModel() {
        RoutingDecision decision = selector.select(request("sim-standard", "Hi"), ANYTHING);

        assertThat(decision.routingMode()).isEqualTo(RoutingMode.MODEL);
        assertThat(decision.tier()).isEqualTo(Tier.STANDARD);
        assertThat(models(decision)).containsExactly("sim-standard", "sim-premium", "sim-light", "sim-budget");
    }

    @Test
    void aNamedModelOutsideTheProfileIsRefusedWith403() {
        RoutingProfile upToLight = new RoutingProfile(Tier.BUDGET, Tier.LIGHT, null, Set.of(), null);

        assertError(() -> selector.select(request("sim-premium", "Hi"), upToLight), 403, "model_not_allowed");
    }

    @Test
    void aNamedModelThatCannotServeTheRequestIsRefusedWith400() {
        assertError(() -> selector.select(withImage(request("sim-light", "What is this?")), ANYTHING), 400, "model_not_eligible");
    }

    @Test
    void anUnknownModelIs404ModelNotFound() {
        assertError(() -> selector.select(request("gpt-17", "Hi"), ANYTHING), 404, "model_not_found");
    }

    @Test
    void anEmptyCatalogueIs503() {
        ModelSelector empty = new ModelSelector(new CatalogueView(), estimator);

        assertError(() -> empty.select(chat("Hi"), ANYTHING), 503, "catalogue_unavailable");
    }

    // ---- candidates ----

    @Test
    void withinATierTheCheapestModelForThisRequestComesFirst() {
        CatalogueEntry cheaperLight = SeedCatalogue.entry("sim-light-cheap", "light", List.of("streaming", "tools", "json_mode"),
                64_000, 8_192, "0.70", "0.40", "0.20", "1.20", "0.05", "0.15");
        catalogue.put(cheaperLight);

        assertThat(models(selector.select(request("light", "Hi"), ANYTHING)))
                .containsSubsequence("sim-light-cheap", "sim-light", "sim-standard");
    }

    @Test
    void imagesNeedVisionSoOnlyVisionModelsQualify() {
        RoutingDecision decision = selector.select(withImage(chat("What is this?")), ANYTHING);

        assertThat(models(decision)).containsExactly("sim-standard", "sim-premium");
    }

    @Test
    void noVisionModelInTheAllowedTiersSaysSo() {
        RoutingProfile upToLight = new RoutingProfile(Tier.BUDGET, Tier.LIGHT, null, Set.of(), null);

        GatewayException error = assertError(() -> selector.select(withImage(chat("What is this?")), upToLight), 400,
                "no_eligible_model");
        assertThat(error.getMessage()).contains("vision").contains("budget to light");
    }

    @Test
    void requiredCapabilitiesOfTheProfileApplyToEveryRequest() {
        RoutingProfile needsVision = new RoutingProfile(Tier.BUDGET, Tier.PREMIUM, null, Set.of(Capability.VISION), null);

        assertThat(models(selector.select(chat("Hi"), needsVision))).containsExactly("sim-standard", "sim-premium");
    }

    @Test
    void toolsJsonModeAndStreamingNeedTheirCapabilities() {
        CatalogueEntry plain = SeedCatalogue.entry("sim-plain", "budget", List.of(), 32_000, 4_096, "0.9",
                "0.01", "0.01", "0.01", "0", "0");
        catalogue.put(plain);
        assertThat(models(selector.select(chat("Hi"), ANYTHING))).startsWith("sim-plain");

        ObjectNode tools = chat("Hi");
        tools.putArray("tools").addObject().put("type", "function").putObject("function").put("name", "f");
        ObjectNode json = chat("Hi");
        json.putObject("response_format").put("type", "json_object");
        ObjectNode stream = chat("Hi");
        stream.put("stream", true);
        for (ObjectNode request : List.of(tools, json, stream)) {
            assertThat(models(selector.select(request, ANYTHING))).as(request.toString()).doesNotContain("sim-plain");
        }
    }

    @Test
    void theToolCallingFloorAppliesOnlyWhenToolsAreUsed() {
        RoutingProfile floor = new RoutingProfile(Tier.BUDGET, Tier.PREMIUM, null, Set.of(), new BigDecimal("0.80"));
        ObjectNode tools = chat("What's the weather in Paris?");
        tools.putArray("tools").addObject().put("type", "function").putObject("function").put("name", "get_weather");

        assertThat(models(selector.select(tools, floor))).containsExactlyInAnyOrder("sim-standard", "sim-premium");
        assertThat(models(selector.select(chat("Hi"), floor))).hasSize(4);

        RoutingProfile unreachable = new RoutingProfile(Tier.BUDGET, Tier.LIGHT, null, Set.of(), new BigDecimal("0.80"));
        assertThat(assertError(() -> selector.select(tools, unreachable), 400, "no_eligible_model").getMessage())
                .contains("tool-calling quality floor of 0.80");
    }

    @Test
    void theCostCapKeepsOnlyModelsWhoseWorstCaseFits() {
        ObjectNode request = chat("Hi");
        request.put("max_tokens", 1_000);
        long onLight = estimator.worstCase(SeedCatalogue.LIGHT, request, RoutingMode.AUTO).amountMicros();
        RoutingProfile capped = new RoutingProfile(Tier.BUDGET, Tier.PREMIUM, onLight, Set.of(), null);

        assertThat(models(selector.select(request, capped))).containsExactly("sim-budget", "sim-light");
    }

    @Test
    void aCostCapTooLowForThisRequestSaysHowMuchItWouldNeed() {
        RoutingProfile tinyCap = new RoutingProfile(Tier.BUDGET, Tier.PREMIUM, 1L, Set.of(), null);

        GatewayException error = assertError(() -> selector.select(chat("Hi"), tinyCap), 400, "no_eligible_model");
        assertThat(error.getMessage()).contains("cost cap of 0.0001 credits").contains("sim-budget").contains("max_tokens");
    }

    @Test
    void aPromptLongerThanEveryContextWindowIsRefused() {
        ObjectNode huge = chat("word ".repeat(400_000));

        assertThat(assertError(() -> selector.select(huge, ANYTHING), 400, "no_eligible_model").getMessage())
                .contains("context window");
    }

    @Test
    void aPromptTooLongForTheSmallModelsGoesToTheLargerOnes() {
        ObjectNode long_ = chat("word ".repeat(100_000)); // about 167,000 tokens estimated: only sim-premium holds it

        assertThat(models(selector.select(long_, ANYTHING))).containsExactly("sim-premium");
    }

    @Test
    void fallbackOrderIsChosenTierThenHigherThenLowerWithinTheProfile() {
        RoutingProfile lightToStandard = new RoutingProfile(Tier.LIGHT, Tier.STANDARD, null, Set.of(), null);

        assertThat(ModelSelector.fallbackOrder(Tier.LIGHT, ANYTHING)).containsExactly(Tier.LIGHT, Tier.STANDARD, Tier.PREMIUM, Tier.BUDGET);
        assertThat(ModelSelector.fallbackOrder(Tier.STANDARD, lightToStandard)).containsExactly(Tier.STANDARD, Tier.LIGHT);
    }

    private static List<String> models(RoutingDecision decision) {
        return decision.candidates().stream().map(CatalogueEntry::model).toList();
    }

    private static ObjectNode request(String model, String text) {
        ObjectNode request = chat(text);
        request.put("model", model);
        return request;
    }

    private static ObjectNode withImage(ObjectNode request) {
        ((ObjectNode) request.get("messages").get(0)).putArray("content").addObject().put("type", "image_url")
                .putObject("image_url").put("url", "https://example.com/a.png");
        return request;
    }

    private static GatewayException assertError(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, int status, String code) {
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(call);
        assertThat(thrown).isInstanceOf(GatewayException.class);
        GatewayException error = (GatewayException) thrown;
        var response = error.toResponse();
        assertThat(response.getStatus()).isEqualTo(status);
        assertThat(((dev.tollgate.router.api.OpenAiError) response.getEntity()).error().code()).isEqualTo(code);
        return error;
    }
}
