package dev.tollgate.router.api;

import static dev.tollgate.router.testing.UpstreamSimulatorResource.DEMO_ACCOUNT_ID;
import static dev.tollgate.router.testing.UpstreamSimulatorResource.DEMO_API_KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.tollgate.contracts.Money;
import dev.tollgate.contracts.RoutingMode;
import dev.tollgate.contracts.UsageRecorded;
import dev.tollgate.pricing.Credits;
import dev.tollgate.router.billing.GrantLeases;
import dev.tollgate.router.routing.CatalogueView;
import dev.tollgate.router.routing.WorstCaseEstimator;
import dev.tollgate.router.testing.CatalogueTopic;
import dev.tollgate.router.testing.GatewayAccounts;
import dev.tollgate.router.testing.GatewayCatalogue;
import dev.tollgate.router.testing.Ledger;
import dev.tollgate.router.testing.UpstreamSimulatorResource;
import dev.tollgate.router.testing.UsageTopic;
import dev.tollgate.simulator.UpstreamSimulator;
import dev.tollgate.testing.TollgateServersResource;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/** {@code stream: true}: relayed event by event, billed once with the stream's usage, and when abandoned. */
@QuarkusTest
@WithTestResource(TollgateServersResource.class)
@WithTestResource(UpstreamSimulatorResource.class)
class StreamingCompletionsTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TestHTTPResource("/v1/chat/completions")
    URL completions;

    @Inject
    CatalogueView catalogue;

    @Inject
    WorstCaseEstimator estimator;

    @Inject
    GrantLeases leases;

    private final UpstreamSimulator simulator = UpstreamSimulatorResource.simulator();

    @BeforeEach
    void catalogueAndFunds() {
        GatewayCatalogue.ensureLoaded(catalogue);
        if (Ledger.balanceMicros(DEMO_ACCOUNT_ID).orElse(0) < 5_000_000) {
            Ledger.fund(DEMO_ACCOUNT_ID, 10_000_000);
        }
    }

    @Test
    void eventsReachTheClientWhileTheUpstreamIsStillSendingAndTheStreamIsBilledOnce() throws Exception {
        long chunkDelayMillis = 300;
        try (UsageTopic usage = UsageTopic.fromEnd()) {
            HttpResponse<Stream<String>> response = HTTP.send(request(streamBody("sim-light", 6, false))
                    .header("x-simulator-chunk-delay-ms", Long.toString(chunkDelayMillis)).build(),
                    HttpResponse.BodyHandlers.ofLines());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/event-stream"));
            assertThat(response.headers().allValues(GatewayHeaders.CREDIT_BALANCE)).hasSize(1);
            assertThat(response.headers().allValues(GatewayHeaders.REQUEST_ID)).hasSize(1);
            String requestId = response.headers().firstValue(GatewayHeaders.REQUEST_ID).orElseThrow();

            List<String> events = new ArrayList<>();
            List<Long> arrivedAtNanos = new ArrayList<>();
            response.body().filter(line -> line.startsWith("data: ")).forEach(line -> {
                events.add(line.substring(6));
                arrivedAtNanos.add(System.nanoTime());
            });

            // 6 content chunks 300 ms apart: the first reached the client long before the upstream sent the last
            long firstToLastMillis = Duration.ofNanos(arrivedAtNanos.get(arrivedAtNanos.size() - 1) - arrivedAtNanos.get(0)).toMillis();
            assertThat(firstToLastMillis).isGreaterThanOrEqualTo(4 * chunkDelayMillis);
            assertThat(events.get(events.size() - 1)).isEqualTo("[DONE]");
            List<JsonNode> chunks = events.subList(0, events.size() - 1).stream().map(PaidCompletionsTest::json).toList();
            assertThat(chunks).allSatisfy(chunk -> {
                assertThat(chunk.path("object").asText()).isEqualTo("chat.completion.chunk");
                assertThat(chunk.has("usage")).as("the client did not ask for usage").isFalse();
                assertThat(chunk.path("choices")).isNotEmpty();
            });
            String content = chunks.stream().map(chunk -> chunk.at("/choices/0/delta/content").asText("")).reduce("", String::concat);
            assertThat(content.trim().split("\\s+")).hasSize(6);

            UsageRecorded recorded = UsageTopic.decode(onlyRecord(usage.readUntil(requestId))).payload();
            assertThat(recorded.streamed()).isTrue();
            assertThat(recorded.model()).isEqualTo("sim-light");
            assertThat(recorded.completionTokens()).isEqualTo(6);
            Money cost = estimator.actualCost(CatalogueTopic.LIGHT, recorded.promptTokens(), 0, 6, RoutingMode.MODEL);
            PaidCompletionsTest.assertPaidFromAGrant(leases, recorded, cost);
        }
    }

    @Test
    void clientAskingForUsageGetsTheUsageChunkWithItsCost() throws Exception {
        try (UsageTopic usage = UsageTopic.fromEnd()) {
            HttpResponse<Stream<String>> response = HTTP.send(request(streamBody("sim-budget", 5, true)).build(),
                    HttpResponse.BodyHandlers.ofLines());
            String requestId = response.headers().firstValue(GatewayHeaders.REQUEST_ID).orElseThrow();
            List<String> events = response.body().filter(line -> line.startsWith("data: ")).map(line -> line.substring(6)).toList();

            assertThat(events.get(events.size() - 1)).isEqualTo("[DONE]");
            JsonNode usageChunk = PaidCompletionsTest.json(events.get(events.size() - 2));
            assertThat(usageChunk.path("choices")).isEmpty();
            UsageRecorded recorded = UsageTopic.decode(onlyRecord(usage.readUntil(requestId))).payload();
            assertThat(usageChunk.at("/usage/completion_tokens").asLong()).isEqualTo(recorded.completionTokens()).isEqualTo(5);
            Money cost = estimator.actualCost(CatalogueTopic.BUDGET, recorded.promptTokens(), 0, 5, RoutingMode.MODEL);
            assertThat(usageChunk.at("/usage/cost").decimalValue()).isEqualByComparingTo(Credits.of(cost));
        }
    }

    @Test
    void abandonedStreamCancelsTheUpstreamAndBillsWhatItProduced() throws Exception {
        try (UsageTopic usage = UsageTopic.fromEnd()) {
            HttpResponse<InputStream> response = HTTP.send(request(streamBody("sim-standard", 20, false))
                    .header("x-simulator-chunk-delay-ms", "250").build(), HttpResponse.BodyHandlers.ofInputStream());
            String requestId = response.headers().firstValue(GatewayHeaders.REQUEST_ID).orElseThrow();
            int read = 0;
            try (InputStream body = response.body();
                 BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
                String line;
                while (read < 3 && (line = lines.readLine()) != null) {
                    if (line.startsWith("data: ")) {
                        read++;
                    }
                }
            } // closing the body before the end abandons the stream
            assertThat(read).isEqualTo(3);

            UsageRecorded recorded = UsageTopic.decode(onlyRecord(usage.readUntil(requestId))).payload();
            assertThat(recorded.streamed()).isTrue();
            assertThat(recorded.model()).isEqualTo("sim-standard");
            // billed for the chunks the upstream produced before the cancel reached it: at least what the
            // client read, far from the 20 it would have sent
            assertThat(recorded.completionTokens()).isBetween(3L, 12L);
            Money cost = estimator.actualCost(CatalogueTopic.STANDARD, recorded.promptTokens(), 0, recorded.completionTokens(),
                    RoutingMode.MODEL);
            PaidCompletionsTest.assertPaidFromAGrant(leases, recorded, cost);
            PaidCompletionsTest.awaitNothingReserved(leases, DEMO_ACCOUNT_ID);
        }
    }

    @Test
    void streamTheAccountCannotPayForIsRefusedWithA402ErrorNotAStream() throws Exception {
        GatewayAccounts.TestAccount poor = GatewayAccounts.create("poor streamer");
        long upstreamCallsBefore = simulator.totalRequestCount();

        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(completions.toString()))
                .header("Authorization", "Bearer " + poor.apiKey())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(streamBody("sim-premium", 500, false))).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(402);
        assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        assertThat(PaidCompletionsTest.json(response.body()).at("/error/code").asText()).isEqualTo("insufficient_credits");
        assertThat(simulator.totalRequestCount()).isEqualTo(upstreamCallsBefore);
    }

    private HttpRequest.Builder request(String body) {
        return HttpRequest.newBuilder(URI.create(completions.toString()))
                .header("Authorization", "Bearer " + DEMO_API_KEY)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
    }

    private static String streamBody(String model, int maxTokens, boolean includeUsage) {
        return """
                {"model": "%s", "stream": true, %s"max_tokens": %d,
                 "messages": [{"role": "user", "content": "tell the gateway a short story"}]}"""
                .formatted(model, includeUsage ? "\"stream_options\": {\"include_usage\": true}, " : "", maxTokens);
    }

    private static org.apache.kafka.clients.consumer.ConsumerRecord<String, String> onlyRecord(
            List<org.apache.kafka.clients.consumer.ConsumerRecord<String, String>> records) {
        assertThat(records).hasSize(1);
        return records.get(0);
    }
}
