package dev.tollgate.simulator;

import static dev.tollgate.simulator.SimulatorClient.userRequest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Latency and failure injection, per request (headers) and per model ({@code failing-}). */
class FailureKnobsTest {

    static UpstreamSimulator simulator;
    static SimulatorClient client;
    static final String REQUEST = userRequest("sim-standard", "hello", "");

    @BeforeAll
    static void start() {
        simulator = UpstreamSimulator.start(0);
        client = new SimulatorClient(simulator);
    }

    @AfterAll
    static void stop() {
        simulator.close();
    }

    @ParameterizedTest
    @CsvSource({
        "500, server_error, internal_error",
        "503, server_error, service_unavailable",
        "429, rate_limit_error, rate_limit_exceeded",
        "400, invalid_request_error, invalid_request",
    })
    void failHeaderAnswersWithThatStatusAndAnOpenAiError(int status, String type, String code) throws Exception {
        SimulatorClient.Reply reply = client.chat(REQUEST, "x-simulator-fail", String.valueOf(status));

        assertThat(reply.status()).isEqualTo(status);
        assertThat(reply.raw().headers().firstValue("Content-Type")).hasValue("application/json");
        JsonNode error = reply.body().path("error");
        assertThat(error.path("message").asText()).isNotBlank();
        assertThat(error.path("type").asText()).isEqualTo(type);
        assertThat(error.path("code").asText()).isEqualTo(code);
        assertThat(reply.body().has("choices")).isFalse();
    }

    @Test
    void unknownFailValueIsABadRequestRatherThanSilentlyIgnored() throws Exception {
        SimulatorClient.Reply reply = client.chat(REQUEST, "x-simulator-fail", "502");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.body().at("/error/message").asText()).contains("x-simulator-fail");
    }

    @Test
    void connectResetClosesTheConnectionWithoutAnAnswer() {
        assertThatThrownBy(() -> client.chat(REQUEST, "x-simulator-fail", "connect-reset"))
                .isInstanceOf(IOException.class);
    }

    @Test
    void timeoutHoldsTheRequestLongerThanTheClientWaits() {
        assertThatThrownBy(() -> client.send(client.chatRequest(REQUEST, "x-simulator-fail", "timeout")
                        .timeout(Duration.ofMillis(500)).build()))
                .isInstanceOf(HttpTimeoutException.class);
    }

    @Test
    void latencyHeaderDelaysTheAnswer() throws Exception {
        long start = System.nanoTime();
        SimulatorClient.Reply reply = client.chat(REQUEST, "x-simulator-latency-ms", "400");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isGreaterThanOrEqualTo(400);
    }

    @Test
    void aSlowRequestDoesNotBlockOthers() throws Exception {
        CompletableFuture<HttpResponse<String>> slow = client.http().sendAsync(
                client.chatRequest(REQUEST, "x-simulator-latency-ms", "3000").build(),
                HttpResponse.BodyHandlers.ofString());
        Thread.sleep(100); // let the slow one occupy a handler thread first

        long start = System.nanoTime();
        assertThat(client.chat(REQUEST).status()).isEqualTo(200);
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(2000);
        assertThat(slow).isNotDone();
        assertThat(slow.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    }

    @Test
    void failAfterTokensSendsThatManyChunksThenDropsTheStream() throws Exception {
        SimulatorClient.Stream stream = client.stream(userRequest("sim-standard", "hello",
                "\"stream\":true,\"stream_options\":{\"include_usage\":true}"), "x-simulator-fail-after-tokens", "3");

        assertThat(stream.status()).isEqualTo(200);
        assertThat(stream.failure()).as("the body must end abruptly, not cleanly").isNotNull();
        assertThat(stream.events()).hasSize(3).doesNotContain("[DONE]");
        assertThat(stream.chunks()).allSatisfy(chunk ->
                assertThat(chunk.at("/choices/0/finish_reason").isNull()).isTrue());
    }

    @Test
    void failAfterMoreTokensThanTheAnswerStillNeverFinishes() throws Exception {
        SimulatorClient.Stream stream = client.stream(userRequest("sim-standard", "hello",
                "\"stream\":true,\"max_tokens\":2"), "x-simulator-fail-after-tokens", "50");

        assertThat(stream.failure()).isNotNull();
        assertThat(stream.events()).hasSize(2).doesNotContain("[DONE]");
    }

    @Test
    void failingModelsAlwaysAnswer503() throws Exception {
        SimulatorClient.Reply plain = client.chat(userRequest("failing-gpt", "hello", ""));
        SimulatorClient.Reply streamed = client.chat(userRequest("failing-gpt", "hello", "\"stream\":true"));

        for (SimulatorClient.Reply reply : new SimulatorClient.Reply[] {plain, streamed}) {
            assertThat(reply.status()).isEqualTo(503);
            assertThat(reply.body().at("/error/type").asText()).isEqualTo("server_error");
            assertThat(reply.body().at("/error/message").asText()).contains("failing-gpt");
        }
    }

    @Test
    void serverWideDefaultLatencyAppliesUnlessTheHeaderOverridesIt() throws Exception {
        try (UpstreamSimulator slow = UpstreamSimulator.start(0)) {
            slow.setDefaultLatencyMillis(400);
            SimulatorClient slowClient = new SimulatorClient(slow);
            assertThat(slow.defaultLatencyMillis()).isEqualTo(400);

            long start = System.nanoTime();
            assertThat(slowClient.chat(REQUEST).status()).isEqualTo(200);
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isGreaterThanOrEqualTo(400);

            start = System.nanoTime();
            assertThat(slowClient.chat(REQUEST, "x-simulator-latency-ms", "0").status()).isEqualTo(200);
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(400);
        }
        assertThatThrownBy(() -> simulator.setDefaultLatencyMillis(-1)).isInstanceOf(IllegalArgumentException.class);
    }
}
