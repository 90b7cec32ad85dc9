package dev.tollgate.router.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.OptionalLong;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.tollgate.contracts.CatalogueEntry;
import dev.tollgate.contracts.Money;
import dev.tollgate.contracts.RoutingMode;
import dev.tollgate.pricing.FeeModel;
import dev.tollgate.pricing.MarginRates;
import dev.tollgate.pricing.PricingRules;

class WorstCaseEstimatorTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final WorstCaseEstimator estimator = new WorstCaseEstimator(PricingRules.platformFeeAndRoutingMargin(MarginRates.STANDARD));

    // ---- prompt tokens ----

    @Test
    void ordinaryTextIsNeverUnderCounted() {
        List<String> texts = List.of(
                "Hello! Can you tell me what the weather is usually like in Lisbon in October?",
                "Summarise the following meeting notes in three bullet points: the team agreed to ship the billing "
                        + "release on Thursday, QA found two blocking bugs in the invoice export, and marketing wants a demo.",
                "Traduis en français : « The invoice will be sent by e-mail once the payment is confirmed. »",
                "SELECT account_id, SUM(amount_micros) FROM ledger_entry WHERE occurred_at >= now() - interval '30 days' "
                        + "GROUP BY account_id HAVING SUM(amount_micros) < 0 ORDER BY 2;",
                "```java\npublic int add(int a, int b) { return a + b; }\n```\nWhy does this overflow for large inputs?",
                "Can you give me 3 ideas for a birthday present for my dad? He likes cycling, jazz and cooking.");
        for (String text : texts) {
            long estimate = estimator.estimatePromptTokens(chat(text));
            long words = text.split("\\s+").length;
            // common rules of thumb for English BPE tokenizers: ~4 characters or ~0.75 words per token,
            // and the upstream simulator's count (4 per message + words)
            assertThat(estimate).as(text)
                    .isGreaterThanOrEqualTo((text.length() + 3) / 4 + 4)
                    .isGreaterThanOrEqualTo(words * 4 / 3 + 4)
                    .isGreaterThanOrEqualTo(4 + words);
        }
    }

    @Test
    void everyMessageAddsItsFramingAndItsText() {
        ObjectNode one = chat("x".repeat(300));
        ObjectNode two = chat("x".repeat(300));
        ((ArrayNode) two.get("messages")).addObject().put("role", "assistant").put("content", "y".repeat(30));

        assertThat(estimator.estimatePromptTokens(one)).isEqualTo(PromptTokenEstimate.REQUEST_OVERHEAD_TOKENS
                + PromptTokenEstimate.MESSAGE_OVERHEAD_TOKENS + 2 /* "user" */ + 100);
        assertThat(estimator.estimatePromptTokens(two) - estimator.estimatePromptTokens(one))
                .isEqualTo(PromptTokenEstimate.MESSAGE_OVERHEAD_TOKENS + 3 /* "assistant" */ + 10);
    }

    @Test
    void charactersOfOtherScriptsCountOneTokenEachAndEmojiThree() {
        assertThat(PromptTokenEstimate.text("東京の天気は")).isEqualTo(6);
        assertThat(PromptTokenEstimate.text("Привет")).isEqualTo(6);
        assertThat(PromptTokenEstimate.text("ok 👍")).isEqualTo(1 + 3);
    }

    @Test
    void imagesCountAFixedAllowanceAndToolsTheirJson() throws Exception {
        ObjectNode withImage = (ObjectNode) JSON.readTree("""
                {"model":"auto","messages":[{"role":"user","content":[
                  {"type":"text","text":"What is in this picture?"},
                  {"type":"image_url","image_url":{"url":"https://example.com/cat.png","detail":"high"}}]}]}""");
        ObjectNode textOnly = chat("What is in this picture?");
        assertThat(estimator.estimatePromptTokens(withImage) - estimator.estimatePromptTokens(textOnly))
                .isEqualTo(PromptTokenEstimate.IMAGE_ALLOWANCE_TOKENS);
        assertThat(PromptTokenEstimate.imageCount(withImage)).isEqualTo(1);

        ObjectNode withTools = chat("What is the weather in Paris?");
        String tools = "[{\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"parameters\":{\"type\":\"object\","
                + "\"properties\":{\"city\":{\"type\":\"string\"}}}}}]";
        withTools.set("tools", JSON.readTree(tools));
        assertThat(estimator.estimatePromptTokens(withTools) - estimator.estimatePromptTokens(chat("What is the weather in Paris?")))
                .isEqualTo(PromptTokenEstimate.text(JSON.readTree(tools).toString()));
    }

    // ---- completion tokens ----

    @Test
    void maxCompletionTokensIsWhatTheRequestAsksCappedAtTheModelsLimit() {
        ObjectNode request = chat("hi");
        assertThat(estimator.maxCompletionTokens(request, SeedCatalogue.BUDGET)).isEqualTo(4_096);

        request.put("max_tokens", 100);
        assertThat(estimator.maxCompletionTokens(request, SeedCatalogue.BUDGET)).isEqualTo(100);

        request.put("max_completion_tokens", 200);
        assertThat(estimator.maxCompletionTokens(request, SeedCatalogue.BUDGET)).as("the newer field wins").isEqualTo(200);

        request.put("max_completion_tokens", 1_000_000);
        assertThat(estimator.maxCompletionTokens(request, SeedCatalogue.BUDGET)).isEqualTo(4_096);

        request.put("max_completion_tokens", -5);
        request.remove("max_tokens");
        assertThat(estimator.maxCompletionTokens(request, SeedCatalogue.BUDGET)).as("invalid: the model's limit").isEqualTo(4_096);
    }

    @Test
    void aModelWithoutOutputLimitUsesItsContextWindow() {
        CatalogueEntry noOutputLimit = SeedCatalogue.entry("x", "light", List.of(), 50_000, 0, "0.5", "1", "1", "1", "0", "0");
        assertThat(estimator.maxCompletionTokens(chat("hi"), noOutputLimit)).isEqualTo(50_000);
    }

    // ---- money ----

    @Test
    void worstCaseIsPricedLikeMeteringPricesAHandComputedExample() {
        // sim-light, 1,000 prompt + 500 completion tokens, auto: upstream 0.0005 + 0.00075, fees 0.00005 + 0.000075,
        // margin 10% of 0.00125 = 0.000125; total 0.0015 EUR
        assertThat(estimator.worstCase(SeedCatalogue.LIGHT, 1_000, 500, RoutingMode.AUTO)).isEqualTo(Money.ofMicros(1_500, "EUR"));
        // named model: no margin
        assertThat(estimator.actualCost(SeedCatalogue.LIGHT, 1_000, 0, 500, RoutingMode.MODEL)).isEqualTo(Money.ofMicros(1_375, "EUR"));
    }

    @Test
    void theFeeModelIsTheConfiguredOne() {
        WorstCaseEstimator feesOnly = new WorstCaseEstimator(new PricingRules(FeeModel.PLATFORM_FEE, MarginRates.STANDARD));
        assertThat(feesOnly.worstCase(SeedCatalogue.LIGHT, 1_000, 500, RoutingMode.AUTO)).isEqualTo(Money.ofMicros(1_375, "EUR"));
        WorstCaseEstimator marginOnly = new WorstCaseEstimator(PricingRules.routingMarginOnly(MarginRates.STANDARD));
        assertThat(marginOnly.worstCase(SeedCatalogue.LIGHT, 1_000, 500, RoutingMode.TIER)).isEqualTo(Money.ofMicros(1_350, "EUR"));
    }

    @Test
    void aForeignCurrencyModelIsConvertedAtTheCataloguesRate() {
        CatalogueEntry usd = SeedCatalogue.inUsd(SeedCatalogue.LIGHT, "0.92");
        assertThat(estimator.worstCase(usd, 1_000, 500, RoutingMode.AUTO)).isEqualTo(Money.ofMicros(1_380, "EUR"));
    }

    @Test
    void theEstimateIsNeverBelowTheActualCostOfUsageWithinIt() {
        ObjectNode request = chat("Explain, step by step, how compound interest works, with a worked example.");
        request.put("max_tokens", 700);
        for (CatalogueEntry model : List.of(SeedCatalogue.BUDGET, SeedCatalogue.LIGHT, SeedCatalogue.STANDARD,
                SeedCatalogue.PREMIUM, SeedCatalogue.inUsd(SeedCatalogue.PREMIUM, "0.92"))) {
            for (RoutingMode mode : RoutingMode.values()) {
                Money worst = estimator.worstCase(model, request, mode);
                long prompt = estimator.estimatePromptTokens(request);
                for (long used : new long[] {0, 1, prompt / 2, prompt}) {
                    for (long cached : new long[] {0, used / 3, used}) {
                        for (long completion : new long[] {0, 1, 350, 700}) {
                            Money actual = estimator.actualCost(model, used, cached, completion, mode);
                            assertThat(actual.amountMicros()).as("%s %s %d/%d/%d", model.model(), mode, used, cached, completion)
                                    .isLessThanOrEqualTo(worst.amountMicros());
                        }
                    }
                }
            }
        }
    }

    @Test
    void severalChoicesMultiplyTheCompletionWorstCase() {
        ObjectNode one = chat("hi");
        one.put("max_tokens", 100);
        ObjectNode three = one.deepCopy();
        three.put("n", 3);
        long prompt = estimator.estimatePromptTokens(one);

        assertThat(estimator.worstCase(SeedCatalogue.PREMIUM, three, RoutingMode.MODEL))
                .isEqualTo(estimator.worstCase(SeedCatalogue.PREMIUM, prompt, 300, RoutingMode.MODEL));
    }

    @Test
    void affordableMaxTokensIsTheLargestThatFits() {
        ObjectNode request = chat("Write a long story about a lighthouse keeper.");
        long prompt = estimator.estimatePromptTokens(request);
        long exactlyFor1234 = estimator.worstCase(SeedCatalogue.STANDARD, prompt, 1_234, RoutingMode.AUTO).amountMicros();

        OptionalLong affordable = estimator.affordableMaxTokens(SeedCatalogue.STANDARD, request, RoutingMode.AUTO, exactlyFor1234);

        assertThat(affordable).isPresent();
        long tokens = affordable.getAsLong();
        assertThat(tokens).isGreaterThanOrEqualTo(1_234);
        assertThat(estimator.worstCase(SeedCatalogue.STANDARD, prompt, tokens, RoutingMode.AUTO).amountMicros())
                .isLessThanOrEqualTo(exactlyFor1234);
        assertThat(estimator.worstCase(SeedCatalogue.STANDARD, prompt, tokens + 1, RoutingMode.AUTO).amountMicros())
                .isGreaterThan(exactlyFor1234);
    }

    @Test
    void affordableMaxTokensIsCappedByWhatTheRequestMayProduceAndEmptyWhenNothingFits() {
        ObjectNode request = chat("hi");
        request.put("max_tokens", 50);
        assertThat(estimator.affordableMaxTokens(SeedCatalogue.BUDGET, request, RoutingMode.AUTO, 1_000_000_000L))
                .hasValue(50);

        long promptOnly = estimator.worstCase(SeedCatalogue.BUDGET, estimator.estimatePromptTokens(request), 0, RoutingMode.AUTO)
                .amountMicros();
        assertThat(estimator.affordableMaxTokens(SeedCatalogue.BUDGET, request, RoutingMode.AUTO, promptOnly - 1)).isEmpty();
        assertThat(estimator.affordableMaxTokens(SeedCatalogue.BUDGET, request, RoutingMode.AUTO, 0)).isEmpty();
    }

    static ObjectNode chat(String userText) {
        ObjectNode request = JSON.createObjectNode().put("model", "auto");
        request.putArray("messages").addObject().put("role", "user").put("content", userText);
        return request;
    }
}
