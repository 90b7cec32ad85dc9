package dev.tollgate.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A thin {@link HttpClient} wrapper for the tests: raw JSON in, status + parsed JSON out. */
final class SimulatorClient {

    static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1) // what gateways speak to providers; no h2c upgrade dance
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final UpstreamSimulator simulator;

    SimulatorClient(UpstreamSimulator simulator) {
        this.simulator = simulator;
    }

    record Reply(int status, JsonNode body, HttpResponse<String> raw) {
    }

    /** The server-sent events of a stream, without the {@code data: } prefix. */
    record Stream(int status, String contentType, List<String> events, IOException failure) {
        List<JsonNode> chunks() {
            List<JsonNode> chunks = new ArrayList<>();
            for (String event : events) {
                if (!event.equals("[DONE]")) {
                    chunks.add(parse(event));
                }
            }
            return chunks;
        }
    }

    HttpRequest.Builder chatRequest(String body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(simulator.baseUrl() + "/chat/completions"))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return request;
    }

    Reply chat(String body, String... headers) throws IOException, InterruptedException {
        return send(chatRequest(body, headers).build());
    }

    Reply get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + simulator.port() + path)).GET().build());
    }

    Reply send(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        return new Reply(response.statusCode(), parse(response.body()), response);
    }

    /** Reads a stream event by event; an abrupt end is captured in {@link Stream#failure()}, not thrown. */
    Stream stream(String body, String... headers) throws IOException, InterruptedException {
        HttpResponse<InputStream> response =
                http.send(chatRequest(body, headers).build(), HttpResponse.BodyHandlers.ofInputStream());
        List<String> events = new ArrayList<>();
        IOException failure = null;
        try (BufferedReader reader =
                new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.startsWith("data: ")) {
                    events.add(line.substring("data: ".length()));
                }
            }
        } catch (IOException e) {
            failure = e;
        }
        return new Stream(response.statusCode(),
                response.headers().firstValue("Content-Type").orElse(""), events, failure);
    }

    HttpClient http() {
        return http;
    }

    static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + json, e);
        }
    }

    /** A minimal request with one user message. */
    static String userRequest(String model, String text, String extraFields) {
        return "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"" + text + "\"}]"
                + (extraFields.isEmpty() ? "" : "," + extraFields) + "}";
    }
}
