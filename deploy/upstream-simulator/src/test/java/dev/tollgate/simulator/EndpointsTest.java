package dev.tollgate.simulator;

import static dev.tollgate.simulator.SimulatorClient.userRequest;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Model listing, error answers for bad requests, and the request counts. */
class EndpointsTest {

    UpstreamSimulator simulator;
    SimulatorClient client;

    @BeforeEach
    void start() {
        simulator = UpstreamSimulator.start(0); // a fresh one per test: the counts start at zero
        client = new SimulatorClient(simulator);
    }

    @AfterEach
    void stop() {
        simulator.close();
    }

    @Test
    void modelsListsTheSimulatedModels() throws Exception {
        SimulatorClient.Reply reply = client.get("/v1/models");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body().path("object").asText()).isEqualTo("list");
        List<String> ids = new ArrayList<>();
        for (JsonNode model : reply.body().path("data")) {
            ids.add(model.path("id").asText());
            assertThat(model.path("object").asText()).isEqualTo("model");
            assertThat(model.path("owned_by").asText()).isEqualTo("tollgate-simulator");
        }
        assertThat(ids).containsExactly("sim-budget", "sim-light", "sim-standard", "sim-premium");
    }

    @Test
    void unknownPathIs404WithAnOpenAiError() throws Exception {
        SimulatorClient.Reply reply = client.get("/v1/embeddings");

        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.body().at("/error/type").asText()).isEqualTo("invalid_request_error");
        assertThat(reply.body().at("/error/message").asText()).contains("/v1/embeddings");
    }

    @Test
    void malformedJsonIs400WithAnOpenAiErrorAndIsNotCounted() throws Exception {
        SimulatorClient.Reply reply = client.chat("{\"model\": \"sim-light\", \"messages\": [");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.body().at("/error/type").asText()).isEqualTo("invalid_request_error");
        assertThat(reply.body().at("/error/message").asText()).contains("parse");
        assertThat(simulator.totalRequestCount()).isZero();
    }

    @Test
    void requestsWithoutModelOrMessagesAre400() throws Exception {
        assertThat(client.chat("{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}").status()).isEqualTo(400);
        assertThat(client.chat("{\"model\":\"sim-light\",\"messages\":[]}").status()).isEqualTo(400);
        assertThat(client.chat("[1, 2]").status()).isEqualTo(400);
    }

    @Test
    void wrongMethodIs405() throws Exception {
        SimulatorClient.Reply reply = client.get("/v1/chat/completions");

        assertThat(reply.status()).isEqualTo(405);
        assertThat(reply.body().at("/error/code").asText()).isEqualTo("method_not_allowed");
    }

    @Test
    void requestsAreCountedPerModelIncludingInjectedFailures() throws Exception {
        client.chat(userRequest("sim-light", "a", ""));
        client.stream(userRequest("sim-light", "b", "\"stream\":true"));
        client.chat(userRequest("sim-premium", "c", ""), "x-simulator-fail", "500");
        client.chat(userRequest("failing-x", "d", ""));

        assertThat(simulator.requestCount("sim-light")).isEqualTo(2);
        assertThat(simulator.requestCount("sim-premium")).isEqualTo(1);
        assertThat(simulator.requestCount("failing-x")).isEqualTo(1);
        assertThat(simulator.requestCount("sim-budget")).isZero();
        assertThat(simulator.totalRequestCount()).isEqualTo(4);

        SimulatorClient.Reply stats = client.get("/simulator/stats");
        assertThat(stats.status()).isEqualTo(200);
        assertThat(stats.body().path("total_requests").asLong()).isEqualTo(4);
        assertThat(stats.body().path("requests_by_model"))
                .isEqualTo(SimulatorClient.parse("{\"failing-x\":1,\"sim-light\":2,\"sim-premium\":1}"));

        SimulatorClient.Reply reset = client.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + simulator.port() + "/simulator/reset"))
                .POST(HttpRequest.BodyPublishers.noBody()).build());
        assertThat(reset.status()).isEqualTo(200);
        assertThat(simulator.totalRequestCount()).isZero();
        assertThat(client.get("/simulator/stats").body().path("total_requests").asLong()).isZero();
    }

    @Test
    void countsAreExactUnderConcurrency() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<Integer>> replies = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                String model = i % 2 == 0 ? "sim-budget" : "sim-standard";
                replies.add(pool.submit(() -> client.chat(userRequest(model, "hi", "")).status()));
            }
            for (Future<Integer> reply : replies) {
                assertThat(reply.get()).isEqualTo(200);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(simulator.requestCount("sim-budget")).isEqualTo(100);
        assertThat(simulator.requestCount("sim-standard")).isEqualTo(100);
        assertThat(simulator.totalRequestCount()).isEqualTo(200);
    }
}
