package dev.tollgate.simulator;

import static dev.tollgate.simulator.SimulatorClient.userRequest;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The deterministic answers: token rule, limits, streaming and tool calls. */
class ChatCompletionsTest {

    static UpstreamSimulator simulator;
    static SimulatorClient client;

    /** system "You are terse." (3 words) + user "What is the price of tokens?" (6 words): (4+3) + (4+6) = 17. */
    static final String TWO_MESSAGES = "{\"model\":\"sim-standard\",\"messages\":["
            + "{\"role\":\"system\",\"content\":\"You are terse.\"},"
            + "{\"role\":\"user\",\"content\":\"What is the  price\\nof tokens?\"}]";

    @BeforeAll
    static void start() {
        simulator = UpstreamSimulator.start(0);
        client = new SimulatorClient(simulator);
    }

    @AfterAll
    static void stop() {
        simulator.close();
    }

    @Test
    void baseUrlPointsAtTheV1ApiOnLoopback() {
        assertThat(simulator.port()).isPositive();
        assertThat(simulator.baseUrl()).isEqualTo("http://127.0.0.1:" + simulator.port() + "/v1");
    }

    @Test
    void usageFollowsTheTokenRuleAndIsTheSameEveryTime() throws Exception {
        SimulatorClient.Reply first = client.chat(TWO_MESSAGES + "}");
        SimulatorClient.Reply second = client.chat(TWO_MESSAGES + "}");

        assertThat(first.status()).isEqualTo(200);
        assertThat(first.raw().headers().firstValue("Content-Type")).hasValue("application/json");
        JsonNode body = first.body();
        assertThat(body.path("object").asText()).isEqualTo("chat.completion");
        assertThat(body.path("model").asText()).isEqualTo("sim-standard");
        assertThat(body.path("id").asText()).startsWith("chatcmpl-sim-");
        assertThat(body.path("created").asLong()).isPositive();

        JsonNode usage = body.path("usage");
        assertThat(usage.path("prompt_tokens").asInt()).isEqualTo(17);
        assertThat(usage.path("completion_tokens").asInt()).isEqualTo(20);
        assertThat(usage.path("total_tokens").asInt()).isEqualTo(37);
        assertThat(usage.path("prompt_tokens_details").path("cached_tokens").asInt()).isZero();

        JsonNode choice = body.path("choices").get(0);
        assertThat(choice.path("finish_reason").asText()).isEqualTo("stop");
        assertThat(choice.path("message").path("role").asText()).isEqualTo("assistant");
        assertThat(choice.path("message").path("content").asText())
                .isEqualTo(SimulatedCompletion.PHRASE)
                .satisfies(content -> assertThat(content.split(" ")).hasSize(20));

        // same request, same everything that matters for billing and caching
        assertThat(second.body().path("usage")).isEqualTo(usage);
        assertThat(second.body().path("id")).isEqualTo(body.path("id"));
        assertThat(second.body().path("choices")).isEqualTo(body.path("choices"));

        // a different request gets a different id
        assertThat(client.chat(userRequest("sim-standard", "something else", "")).body().path("id"))
                .isNotEqualTo(body.path("id"));
    }

    @Test
    void arrayContentCountsOnlyTheTextOfItsParts() throws Exception {
        String request = "{\"model\":\"sim-light\",\"messages\":[{\"role\":\"user\",\"content\":["
                + "{\"type\":\"text\",\"text\":\"one two\"},"
                + "{\"type\":\"image_url\",\"image_url\":{\"url\":\"https://example.com/a.png\"}},"
                + "{\"type\":\"text\",\"text\":\"three\"}]},"
                + "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[]}]}";

        JsonNode usage = client.chat(request).body().path("usage");

        // (4 + 3 words) + (4 + 0 for null content)
        assertThat(usage.path("prompt_tokens").asInt()).isEqualTo(11);
    }

    @Test
    void maxTokensCutsTheAnswerAndReportsLength() throws Exception {
        JsonNode body = client.chat(userRequest("sim-budget", "hi", "\"max_tokens\":5")).body();

        assertThat(body.path("usage").path("completion_tokens").asInt()).isEqualTo(5);
        assertThat(body.path("usage").path("total_tokens").asInt()).isEqualTo(5 + 5);
        assertThat(body.path("choices").get(0).path("finish_reason").asText()).isEqualTo("length");
        assertThat(body.path("choices").get(0).path("message").path("content").asText())
                .isEqualTo("This is a deterministic answer");
    }

    @Test
    void maxCompletionTokensWinsOverMaxTokensAndLargeLimitsChangeNothing() throws Exception {
        JsonNode both = client.chat(userRequest("sim-budget", "hi",
                "\"max_tokens\":3,\"max_completion_tokens\":7")).body();
        assertThat(both.path("usage").path("completion_tokens").asInt()).isEqualTo(7);

        JsonNode large = client.chat(userRequest("sim-budget", "hi", "\"max_tokens\":500")).body();
        assertThat(large.path("usage").path("completion_tokens").asInt()).isEqualTo(20);
        assertThat(large.path("choices").get(0).path("finish_reason").asText()).isEqualTo("stop");

        JsonNode exact = client.chat(userRequest("sim-budget", "hi", "\"max_tokens\":20")).body();
        assertThat(exact.path("choices").get(0).path("finish_reason").asText()).isEqualTo("stop");

        SimulatorClient.Reply zero = client.chat(userRequest("sim-budget", "hi", "\"max_tokens\":0"));
        assertThat(zero.status()).isEqualTo(400);
        assertThat(zero.body().path("error").path("message").asText()).contains("max_tokens");
    }

    @Test
    void cachedTokensComeFromTheHeaderCappedAtPromptTokens() throws Exception {
        String request = userRequest("sim-standard", "one two three four five six", ""); // 4 + 6 = 10

        assertThat(client.chat(request, "x-simulator-cached-tokens", "6").body()
                .path("usage").path("prompt_tokens_details").path("cached_tokens").asInt()).isEqualTo(6);
        assertThat(client.chat(request, "x-simulator-cached-tokens", "1000").body()
                .path("usage").path("prompt_tokens_details").path("cached_tokens").asInt()).isEqualTo(10);

        SimulatorClient.Reply bad = client.chat(request, "x-simulator-cached-tokens", "lots");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body().path("error").path("type").asText()).isEqualTo("invalid_request_error");
    }

    @Test
    void streamSendsOneChunkPerWordThenFinishThenUsageThenDone() throws Exception {
        String request = TWO_MESSAGES + ",\"max_tokens\":4,\"stream\":true,\"stream_options\":{\"include_usage\":true}}";
        String plain = TWO_MESSAGES + ",\"max_tokens\":4}";

        SimulatorClient.Stream stream = client.stream(request, "x-simulator-cached-tokens", "3");
        JsonNode nonStreaming = client.chat(plain, "x-simulator-cached-tokens", "3").body();

        assertThat(stream.status()).isEqualTo(200);
        assertThat(stream.contentType()).startsWith("text/event-stream");
        assertThat(stream.failure()).isNull();
        assertThat(stream.events()).hasSize(4 + 1 + 1 + 1).last().isEqualTo("[DONE]");

        List<JsonNode> chunks = stream.chunks();
        assertThat(chunks).allSatisfy(chunk -> {
            assertThat(chunk.path("object").asText()).isEqualTo("chat.completion.chunk");
            assertThat(chunk.path("model").asText()).isEqualTo("sim-standard");
            assertThat(chunk.path("id")).isEqualTo(chunks.get(0).path("id"));
        });
        List<JsonNode> deltas = chunks.subList(0, 4);
        assertThat(deltas.get(0).at("/choices/0/delta/role").asText()).isEqualTo("assistant");
        assertThat(deltas.subList(1, 4)).allSatisfy(chunk -> assertThat(chunk.at("/choices/0/delta/role").isMissingNode()).isTrue());
        String streamedContent = deltas.stream()
                .map(chunk -> chunk.at("/choices/0/delta/content").asText())
                .collect(Collectors.joining());
        assertThat(streamedContent).isEqualTo(nonStreaming.at("/choices/0/message/content").asText());

        JsonNode finish = chunks.get(4);
        assertThat(finish.at("/choices/0/finish_reason").asText()).isEqualTo("length");
        assertThat(finish.at("/choices/0/delta").isEmpty()).isTrue();

        JsonNode usageChunk = chunks.get(5);
        assertThat(usageChunk.path("choices").isArray()).isTrue();
        assertThat(usageChunk.path("choices").isEmpty()).isTrue();
        assertThat(usageChunk.path("usage")).isEqualTo(nonStreaming.path("usage"));
        assertThat(usageChunk.at("/usage/prompt_tokens_details/cached_tokens").asInt()).isEqualTo(3);
    }

    @Test
    void streamWithoutIncludeUsageHasNoUsageChunk() throws Exception {
        SimulatorClient.Stream stream = client.stream(userRequest("sim-light", "hi", "\"stream\":true"));

        assertThat(stream.events()).hasSize(20 + 1 + 1).last().isEqualTo("[DONE]");
        assertThat(stream.chunks()).allSatisfy(chunk -> {
            assertThat(chunk.has("usage")).isFalse();
            assertThat(chunk.path("choices")).hasSize(1);
        });
        assertThat(stream.chunks().get(20).at("/choices/0/finish_reason").asText()).isEqualTo("stop");
    }

    @Test
    void streamChunksAreFlushedOneByOne() throws Exception {
        // 10 chunks 300 ms apart: the whole stream takes at least 2.7 s, the first chunk must not wait for it
        String request = userRequest("sim-light", "hi", "\"stream\":true,\"max_tokens\":10");
        long start = System.nanoTime();
        HttpResponse<InputStream> response = client.http().send(
                client.chatRequest(request, "x-simulator-chunk-delay-ms", "300").build(),
                HttpResponse.BodyHandlers.ofInputStream());
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String firstLine = reader.readLine();
            long firstMillis = (System.nanoTime() - start) / 1_000_000;
            assertThat(firstLine).startsWith("data: {").contains("\"This\"");
            assertThat(firstMillis).isLessThan(1500);

            String line;
            String last = null;
            while ((line = reader.readLine()) != null) {
                if (!line.isEmpty()) {
                    last = line;
                }
            }
            assertThat(last).isEqualTo("data: [DONE]");
            assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(2700);
        }
    }

    @Test
    void weatherQuestionWithToolsGetsAToolCall() throws Exception {
        String tools = "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"parameters\":{\"type\":\"object\"}}},"
                + "{\"type\":\"function\",\"function\":{\"name\":\"get_time\"}}]";

        JsonNode body = client.chat(userRequest("sim-premium", "What is the Weather in Paris?", tools)).body();

        JsonNode choice = body.at("/choices/0");
        assertThat(choice.path("finish_reason").asText()).isEqualTo("tool_calls");
        assertThat(choice.at("/message/content").isNull()).isTrue();
        JsonNode call = choice.at("/message/tool_calls/0");
        assertThat(call.path("type").asText()).isEqualTo("function");
        assertThat(call.path("id").asText()).startsWith("call_sim_");
        assertThat(call.at("/function/name").asText()).isEqualTo("get_weather");
        assertThat(call.at("/function/arguments").asText()).isEqualTo("{}");
        assertThat(body.at("/usage/prompt_tokens").asInt()).isEqualTo(4 + 6);

        // no "weather": a plain answer even with tools offered
        JsonNode plain = client.chat(userRequest("sim-premium", "Hello", tools)).body();
        assertThat(plain.at("/choices/0/finish_reason").asText()).isEqualTo("stop");
        assertThat(plain.at("/choices/0/message/tool_calls").isMissingNode()).isTrue();

        // streamed: the name in the first delta, the arguments after, finish reason tool_calls
        SimulatorClient.Stream stream = client.stream(userRequest("sim-premium", "weather?", tools + ",\"stream\":true"));
        List<JsonNode> chunks = stream.chunks();
        assertThat(stream.events()).last().isEqualTo("[DONE]");
        assertThat(chunks.get(0).at("/choices/0/delta/tool_calls/0/function/name").asText()).isEqualTo("get_weather");
        assertThat(chunks.get(1).at("/choices/0/delta/tool_calls/0/function/arguments").asText()).isEqualTo("{}");
        assertThat(chunks.get(chunks.size() - 1).at("/choices/0/finish_reason").asText()).isEqualTo("tool_calls");
    }
}
