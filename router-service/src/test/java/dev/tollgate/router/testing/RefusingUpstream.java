package dev.tollgate.router.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.net.httpserver.HttpServer;

/**
 * An OpenAI-compatible provider that refuses every completion with {@code 400} yet reports the prompt
 * tokens it consumed, as real providers do for some refusals: the case the gateway bills at cost and
 * passes through, which the simulator cannot produce.
 */
public final class RefusingUpstream {

    public static final long PROMPT_TOKENS = 25;
    public static final String ANSWER = """
            {"error":{"message":"This model's maximum context length was exceeded (simulated refusal)",\
            "type":"invalid_request_error","param":"messages","code":"context_length_exceeded"},\
            "usage":{"prompt_tokens":25,"completion_tokens":0,"total_tokens":25}}""";

    private static RefusingUpstream running;

    private final HttpServer server;
    private final AtomicLong requests = new AtomicLong();

    private RefusingUpstream(HttpServer server) {
        this.server = server;
    }

    public static synchronized RefusingUpstream get() {
        if (running == null) {
            try {
                HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
                RefusingUpstream upstream = new RefusingUpstream(server);
                server.createContext("/v1/chat/completions", exchange -> {
                    exchange.getRequestBody().readAllBytes();
                    upstream.requests.incrementAndGet();
                    byte[] body = ANSWER.getBytes(StandardCharsets.UTF_8);
                    exchange.getResponseHeaders().set("Content-Type", "application/json");
                    exchange.sendResponseHeaders(400, body.length);
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(body);
                    }
                });
                server.start();
                Runtime.getRuntime().addShutdownHook(new Thread(() -> server.stop(0), "refusing-upstream-stop"));
                running = upstream;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return running;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    public long requestCount() {
        return requests.get();
    }
}
