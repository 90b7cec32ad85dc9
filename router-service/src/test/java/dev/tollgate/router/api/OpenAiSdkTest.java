package dev.tollgate.router.api;

import static dev.tollgate.router.testing.UpstreamSimulatorResource.DEMO_ACCOUNT_ID;
import static dev.tollgate.router.testing.UpstreamSimulatorResource.DEMO_API_KEY;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.net.URL;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.HttpResponseFor;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.completions.CompletionUsage;

import dev.tollgate.contracts.Money;
import dev.tollgate.contracts.RoutingMode;
import dev.tollgate.pricing.Credits;
import dev.tollgate.router.balance.BalanceView;
import dev.tollgate.router.routing.CatalogueView;
import dev.tollgate.router.routing.WorstCaseEstimator;
import dev.tollgate.router.testing.CatalogueTopic;
import dev.tollgate.router.testing.GatewayCatalogue;
import dev.tollgate.router.testing.Ledger;
import dev.tollgate.router.testing.UpstreamSimulatorResource;
import dev.tollgate.testing.TollgateServersResource;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/** The official OpenAI Java client talks to the gateway as to OpenAI, plain and streamed. */
@QuarkusTest
@WithTestResource(TollgateServersResource.class)
@WithTestResource(UpstreamSimulatorResource.class)
class OpenAiSdkTest {

    @TestHTTPResource("/v1")
    URL gateway;

    @Inject
    CatalogueView catalogue;

    @Inject
    WorstCaseEstimator estimator;

    @Inject
    BalanceView balances;

    @BeforeEach
    void catalogueAndFunds() {
        GatewayCatalogue.ensureLoaded(catalogue);
        if (Ledger.balanceMicros(DEMO_ACCOUNT_ID).orElse(0) < 5_000_000) {
            Ledger.fund(DEMO_ACCOUNT_ID, 10_000_000);
        }
        PaidCompletionsTest.awaitGatewayKnowsTheBalance(balances, DEMO_ACCOUNT_ID);
    }

    @Test
    void plainCompletionHasTheAnswerItsUsageWithCostAndTheBalanceHeader() {
        HttpResponseFor<ChatCompletion> raw = client().chat().completions().withRawResponse().create(
                ChatCompletionCreateParams.builder().model("sim-standard").maxCompletionTokens(9)
                        .addUserMessage("Say hello to the gateway").build());
        ChatCompletion completion = raw.parse();

        assertThat(raw.statusCode()).isEqualTo(200);
        assertThat(completion.model()).isEqualTo("sim-standard");
        assertThat(completion.choices().get(0).message().content()).hasValueSatisfying(content ->
                assertThat(content.trim().split("\\s+")).hasSize(9));
        CompletionUsage usage = completion.usage().orElseThrow();
        assertThat(usage.completionTokens()).isEqualTo(9);
        assertThat(cost(usage)).isEqualByComparingTo(Credits.of(costOn(CatalogueTopic.STANDARD, usage)));
        String balance = raw.headers().values(GatewayHeaders.CREDIT_BALANCE).get(0);
        assertThat(new BigDecimal(balance).scale()).isEqualTo(4);
        assertThat(new BigDecimal(balance)).isEqualByComparingTo(
                Credits.of(Money.ofMicros(Ledger.balanceMicros(DEMO_ACCOUNT_ID).orElseThrow(), "EUR")));
    }

    @Test
    void streamedCompletionArrivesAsChunksWithTheUsageAndItsCostAtTheEnd() {
        HttpResponseFor<StreamResponse<ChatCompletionChunk>> raw = client().chat().completions().withRawResponse().createStreaming(
                ChatCompletionCreateParams.builder().model("sim-light").maxCompletionTokens(8)
                        .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build())
                        .addUserMessage("Stream a hello to the gateway").build());
        assertThat(raw.headers().values(GatewayHeaders.CREDIT_BALANCE)).hasSize(1);
        List<ChatCompletionChunk> chunks;
        try (StreamResponse<ChatCompletionChunk> stream = raw.parse()) {
            chunks = stream.stream().toList();
        }

        String content = chunks.stream().flatMap(chunk -> chunk.choices().stream())
                .map(choice -> choice.delta().content().orElse("")).reduce("", String::concat);
        assertThat(content.trim().split("\\s+")).hasSize(8);
        ChatCompletionChunk last = chunks.get(chunks.size() - 1);
        assertThat(last.choices()).isEmpty();
        CompletionUsage usage = last.usage().orElseThrow();
        assertThat(usage.completionTokens()).isEqualTo(8);
        assertThat(cost(usage)).isEqualByComparingTo(Credits.of(costOn(CatalogueTopic.LIGHT, usage)));
    }

    private OpenAIClient client() {
        return OpenAIOkHttpClient.builder().baseUrl(gateway.toString()).apiKey(DEMO_API_KEY).maxRetries(0).build();
    }

    private Money costOn(dev.tollgate.contracts.CatalogueEntry model, CompletionUsage usage) {
        long cached = usage.promptTokensDetails().flatMap(details -> details.cachedTokens()).orElse(0L);
        return estimator.actualCost(model, usage.promptTokens(), cached, usage.completionTokens(), RoutingMode.MODEL);
    }

    private static BigDecimal cost(CompletionUsage usage) {
        return usage._additionalProperties().get("cost").convert(BigDecimal.class);
    }
}
