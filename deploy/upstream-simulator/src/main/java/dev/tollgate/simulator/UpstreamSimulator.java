package dev.tollgate.simulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * A deterministic, OpenAI-compatible fake LLM provider: no real provider is reachable from
 * local runs, tests or benchmarks, and billing tests need usage numbers they can predict.
 *
 * <p>Endpoints: {@code POST /v1/chat/completions} (plain and streaming), {@code GET /v1/models},
 * {@code GET /simulator/stats} (requests served per model) and {@code POST /simulator/reset}
 * (zeroes those counts).
 *
 * <p>Token rule, see {@link SimulatedCompletion}: {@code prompt_tokens} = sum over messages of
 * (4 + whitespace-separated words of the message content); {@code completion_tokens} =
 * min(20, {@code max_completion_tokens} or {@code max_tokens}); the answer is exactly that many words;
 * {@code cached_tokens} = the {@code x-simulator-cached-tokens} header capped at {@code prompt_tokens}.
 *
 * <p>Failure and latency knobs are request headers, so concurrent tests never share state:
 * {@code x-simulator-latency-ms}, {@code x-simulator-fail} ({@code 500|503|429|400|timeout|connect-reset}),
 * {@code x-simulator-fail-after-tokens}, {@code x-simulator-chunk-delay-ms} and
 * {@code x-simulator-cached-tokens}. A model whose name starts with {@code failing-} always answers 503.
 */
public final class UpstreamSimulator implements AutoCloseable {

    public static final int DEFAULT_PORT = 8089;

    /** Models listed by {@code GET /v1/models}; any other model name is accepted too. */
    public static final String[] MODELS = {"sim-budget", "sim-light", "sim-standard", "sim-premium"};

    static final String HEADER_LATENCY = "x-simulator-latency-ms";
    static final String HEADER_FAIL = "x-simulator-fail";
    static final String HEADER_FAIL_AFTER_TOKENS = "x-simulator-fail-after-tokens";
    static final String HEADER_CHUNK_DELAY = "x-simulator-chunk-delay-ms";
    static final String HEADER_CACHED_TOKENS = "x-simulator-cached-tokens";

    /** How long {@code x-simulator-fail: timeout} holds the request: far beyond any sane client timeout. */
    static final long TIMEOUT_SLEEP_MILLIS = 60_000;

    /** Pause between the last chunk sent and the drop of {@code x-simulator-fail-after-tokens}. */
    static final long DROP_GRACE_MILLIS = 200;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String NO_DELAY_PROPERTY = "sun.net.httpserver.nodelay";

    private final HttpServer server;
    private final ExecutorService executor;
    private final Map<String, LongAdder> requestsByModel = new ConcurrentHashMap<>();
    private volatile long defaultLatencyMillis;

    private UpstreamSimulator(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /**
     * Starts a simulator on 127.0.0.1.
     *
     * @param port the port to listen on, 0 for any free port (see {@link #port()})
     */
    public static UpstreamSimulator start(int port) {
        // The JDK server leaves Nagle's algorithm on and writes a response's head and body apart: on a keep-alive
        // connection the body then waits for the client's delayed ACK, about 40 ms per answer, which is the
        // simulator's doing, not the gateway's. Read once per JVM, so set here unless already chosen.
        if (System.getProperty(NO_DELAY_PROPERTY) == null) {
            System.setProperty(NO_DELAY_PROPERTY, "true");
        }
        HttpServer server;
        try {
            // loopback only: this is a test double and must never be reachable from outside
            server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port), 512);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on 127.0.0.1:" + port, e);
        }
        // one thread per in-flight request: a slow stream or an injected timeout must not
        // hold up other requests (the JDK server runs handlers on a single thread by default)
        AtomicInteger threads = new AtomicInteger();
        ExecutorService executor = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "upstream-simulator-" + threads.incrementAndGet());
            thread.setDaemon(true); // never keep a test JVM alive
            return thread;
        });
        UpstreamSimulator simulator = new UpstreamSimulator(server, executor);
        server.createContext("/", simulator::handle);
        server.setExecutor(executor);
        server.start();
        return simulator;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** The OpenAI base URL to configure in clients, e.g. {@code http://127.0.0.1:8089/v1}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port() + "/v1";
    }

    /** Latency added to every chat completion that has no {@code x-simulator-latency-ms} header. */
    public void setDefaultLatencyMillis(long millis) {
        if (millis < 0) {
            throw new IllegalArgumentException("latency must be >= 0, got " + millis);
        }
        this.defaultLatencyMillis = millis;
    }

    public long defaultLatencyMillis() {
        return defaultLatencyMillis;
    }

    /**
     * Chat completion requests received for a model, counting those answered with an injected
     * failure: router tests use it to prove how many upstream calls were made (retries, fallbacks).
     * Requests rejected before the model was known (malformed JSON, no model) are not counted.
     */
    public long requestCount(String model) {
        LongAdder count = requestsByModel.get(model);
        return count == null ? 0 : count.sum();
    }

    public long totalRequestCount() {
        return requestsByModel.values().stream().mapToLong(LongAdder::sum).sum();
    }

    public void resetCounts() {
        requestsByModel.clear();
    }

    /** Stops listening at once; in-flight requests (including injected timeouts) are interrupted. */
    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    // ---- routing ----

    private void handle(HttpExchange exchange) throws IOException {
        try {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            switch (path) {
                case "/v1/chat/completions" -> {
                    requireMethod(method, "POST");
                    chatCompletions(exchange);
                }
                case "/v1/models" -> {
                    requireMethod(method, "GET");
                    sendJson(exchange, 200, models());
                }
                case "/simulator/stats" -> {
                    requireMethod(method, "GET");
                    sendJson(exchange, 200, stats());
                }
                case "/simulator/reset" -> {
                    requireMethod(method, "POST");
                    resetCounts();
                    sendJson(exchange, 200, stats());
                }
                default -> throw new SimulatorException(404, "invalid_request_error", "unknown_url",
                        "Unknown request URL: " + method + " " + path);
            }
            exchange.close();
        } catch (SimulatorException e) {
            sendError(exchange, e);
            exchange.close();
        } catch (SimulatorException.DropConnection e) {
            // no exchange.close() here: mid-stream it would write the final empty chunk and end the
            // body cleanly; the JDK server instead drops the connection of a handler that throws
            throw e;
        } catch (RuntimeException e) {
            // a bug in the simulator: say so loudly rather than look like an injected failure
            e.printStackTrace();
            sendError(exchange, new SimulatorException(500, "server_error", "simulator_bug", e.toString()));
            exchange.close();
        }
    }

    private static void requireMethod(String actual, String expected) {
        if (!expected.equals(actual)) {
            throw new SimulatorException(405, "invalid_request_error", "method_not_allowed",
                    "Method " + actual + " not allowed, use " + expected);
        }
    }

    // ---- POST /v1/chat/completions ----

    private void chatCompletions(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        JsonNode request = parseObject(body);
        String model = SimulatedCompletion.model(request);
        requestsByModel.computeIfAbsent(model, m -> new LongAdder()).increment();

        // read every knob first, so a mistyped header is a fast 400 rather than a confusing delay
        long latency = headerLong(exchange, HEADER_LATENCY, defaultLatencyMillis);
        String fail = exchange.getRequestHeaders().getFirst(HEADER_FAIL);
        long failAfterTokens = headerLong(exchange, HEADER_FAIL_AFTER_TOKENS, -1);
        long chunkDelay = headerLong(exchange, HEADER_CHUNK_DELAY, 0);
        int cachedTokens = (int) Math.min(Integer.MAX_VALUE, headerLong(exchange, HEADER_CACHED_TOKENS, 0));

        sleep(latency);
        if (fail != null) {
            injectFailure(fail.strip());
        }
        if (model.startsWith("failing-")) {
            throw new SimulatorException(503, "server_error", "service_unavailable",
                    "Model " + model + " is configured to always fail (simulated outage)");
        }

        SimulatedCompletion completion =
                SimulatedCompletion.of(request, body, cachedTokens, System.currentTimeMillis() / 1000);
        if (request.path("stream").asBoolean(false)) {
            boolean includeUsage = request.path("stream_options").path("include_usage").asBoolean(false);
            stream(exchange, completion.streamEvents(JSON, includeUsage), failAfterTokens, chunkDelay);
        } else {
            sendJson(exchange, 200, completion.completionJson(JSON));
        }
    }

    private static JsonNode parseObject(byte[] body) {
        try {
            JsonNode request = JSON.readTree(body);
            if (request == null || !request.isObject()) {
                throw SimulatorException.badRequest("The request body must be a JSON object");
            }
            return request;
        } catch (JsonProcessingException e) {
            throw SimulatorException.badRequest("We could not parse the JSON body of your request: "
                    + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void injectFailure(String fail) {
        switch (fail) {
            case "500" -> throw new SimulatorException(500, "server_error", "internal_error",
                    "The server had an error while processing your request (simulated)");
            case "503" -> throw new SimulatorException(503, "server_error", "service_unavailable",
                    "The engine is currently overloaded, please try again later (simulated)");
            case "429" -> throw new SimulatorException(429, "rate_limit_error", "rate_limit_exceeded",
                    "Rate limit reached for requests (simulated)");
            case "400" -> throw new SimulatorException(400, "invalid_request_error", "invalid_request",
                    "Invalid request (simulated)");
            case "timeout" -> {
                sleep(TIMEOUT_SLEEP_MILLIS);
                // only reached by a client more patient than any real one
                throw new SimulatorException(504, "server_error", "timeout", "Request timed out (simulated)");
            }
            case "connect-reset" -> throw new SimulatorException.DropConnection("simulated connection reset");
            default -> throw SimulatorException.badRequest("Unknown " + HEADER_FAIL + " value '" + fail
                    + "', expected 500, 503, 429, 400, timeout or connect-reset");
        }
    }

    /**
     * Sends server-sent events, flushing each one so clients see tokens as they are "generated".
     * With {@code failAfterTokens >= 0} the connection is dropped after that many delta chunks,
     * before the finish chunk, whatever the answer length: the stream never completes.
     */
    private static void stream(HttpExchange exchange, SimulatedCompletion.StreamEvents events,
            long failAfterTokens, long chunkDelay) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
        exchange.getResponseHeaders().set("Cache-Control", "no-cache");
        exchange.sendResponseHeaders(200, 0); // 0 = chunked: the length is not known up front
        OutputStream out = exchange.getResponseBody();
        int sent = 0;
        for (ObjectNode delta : events.deltas()) {
            if (sent == failAfterTokens) {
                break;
            }
            if (sent > 0) {
                sleep(chunkDelay);
            }
            sendEvent(out, JSON.writeValueAsString(delta));
            sent++;
        }
        if (failAfterTokens >= 0) {
            // a short stall before the drop: some clients (the JDK's among them) discard chunks they
            // received but had not yet handed over when the connection dies, which would make the
            // number of chunks a test sees depend on thread timing
            sleep(Math.max(chunkDelay, DROP_GRACE_MILLIS));
            throw new SimulatorException.DropConnection("simulated failure after " + sent + " chunks");
        }
        sendEvent(out, JSON.writeValueAsString(events.finish()));
        if (events.usage() != null) {
            sendEvent(out, JSON.writeValueAsString(events.usage()));
        }
        sendEvent(out, "[DONE]");
        out.close();
    }

    private static void sendEvent(OutputStream out, String data) throws IOException {
        out.write(("data: " + data + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush(); // the JDK server writes one HTTP chunk per flush
    }

    // ---- GET endpoints ----

    private static ObjectNode models() {
        ObjectNode root = JSON.createObjectNode().put("object", "list");
        ArrayNode data = root.putArray("data");
        for (String model : MODELS) {
            // fixed "created" so the listing is byte-for-byte stable
            data.addObject().put("id", model).put("object", "model").put("created", 1_700_000_000L)
                    .put("owned_by", "tollgate-simulator");
        }
        return root;
    }

    private ObjectNode stats() {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode byModel = JSON.createObjectNode();
        long total = 0;
        // sorted, so the output is stable; each count is read once so the total matches the parts
        for (Map.Entry<String, LongAdder> entry : new TreeMap<>(requestsByModel).entrySet()) {
            long count = entry.getValue().sum();
            byModel.put(entry.getKey(), count);
            total += count;
        }
        root.put("total_requests", total);
        root.set("requests_by_model", byModel);
        return root;
    }

    // ---- helpers ----

    private static void sendJson(HttpExchange exchange, int status, JsonNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static void sendError(HttpExchange exchange, SimulatorException e) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode error = root.putObject("error");
        error.put("message", e.getMessage());
        error.put("type", e.type);
        error.putNull("param");
        error.put("code", e.code);
        sendJson(exchange, e.status, root);
    }

    private static long headerLong(HttpExchange exchange, String name, long absent) {
        String value = exchange.getRequestHeaders().getFirst(name);
        if (value == null) {
            return absent;
        }
        try {
            long parsed = Long.parseLong(value.strip());
            if (parsed >= 0) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // fall through to the same message as a negative number
        }
        throw SimulatorException.badRequest("Header " + name + " must be a non-negative integer, got '" + value + "'");
    }

    private static void sleep(long millis) {
        if (millis <= 0) {
            return;
        }
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            // the simulator is closing: give up on this request
            Thread.currentThread().interrupt();
            throw new SimulatorException.DropConnection("interrupted by close()");
        }
    }

    // ---- command line ----

    /**
     * Runs the simulator until the process is killed.
     * Arguments: {@code [--port N] [--latency-ms N]} (defaults: 8089 and 0).
     */
    public static void main(String[] args) throws InterruptedException {
        int port = DEFAULT_PORT;
        long latency = 0;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if ((arg.equals("--port") || arg.equals("--latency-ms")) && i + 1 < args.length) {
                long value = Long.parseLong(args[++i]);
                if (arg.equals("--port")) {
                    port = Math.toIntExact(value);
                } else {
                    latency = value;
                }
            } else {
                System.err.println("usage: UpstreamSimulator [--port N] [--latency-ms N]");
                System.exit(2);
            }
        }
        UpstreamSimulator simulator = start(port);
        simulator.setDefaultLatencyMillis(latency);
        Runtime.getRuntime().addShutdownHook(new Thread(simulator::close, "upstream-simulator-shutdown"));
        System.out.println("upstream simulator listening on " + simulator.baseUrl());
        new CountDownLatch(1).await(); // handler threads are daemons: keep the JVM alive until killed
    }
}
