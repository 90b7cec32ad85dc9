package dev.tollgate.router.upstream;

import java.io.IOException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.core.http.HttpClient;
import io.vertx.mutiny.core.http.HttpClientRequest;
import io.vertx.mutiny.core.http.HttpClientResponse;

/**
 * Any provider speaking the OpenAI chat completions protocol (the simulator among them). Uses the
 * Vert.x HTTP client directly: non-blocking, and a streamed answer is handed on chunk by chunk as it
 * arrives. Only the headers set here go upstream, and of the client's only those with the configured
 * prefix (the simulator's test knobs), never its key.
 */
public class OpenAiCompatibleAdapter implements UpstreamAdapter {

    private static final String JSON = "application/json";
    private static final String EVENT_STREAM = "text/event-stream";

    private final String provider;
    private final String completionsUrl;
    private final Optional<String> apiKey;
    private final Optional<String> forwardHeaderPrefix;
    private final Duration idleTimeout;
    private final HttpClient client;
    private final ObjectMapper mapper;

    public OpenAiCompatibleAdapter(String provider, String baseUrl, Optional<String> apiKey,
                                   Optional<String> forwardHeaderPrefix, Duration idleTimeout, HttpClient client,
                                   ObjectMapper mapper) {
        this.provider = provider;
        this.completionsUrl = (baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl) + "/chat/completions";
        this.apiKey = apiKey.filter(key -> !key.isBlank());
        this.forwardHeaderPrefix = forwardHeaderPrefix.filter(prefix -> !prefix.isBlank())
                .map(prefix -> prefix.toLowerCase(Locale.ROOT));
        this.idleTimeout = idleTimeout;
        this.client = client;
        this.mapper = mapper;
    }

    @Override
    public String provider() {
        return provider;
    }

    @Override
    public Uni<UpstreamAnswer> chatCompletion(ObjectNode request, Map<String, String> clientHeaders) {
        return send(request, clientHeaders, JSON)
                .flatMap(response -> response.body().map(body -> toAnswer(response, body.getBytes()))
                        .onCancellation().invoke(() -> response.request().reset()))
                .onFailure().transform(this::unavailable);
    }

    @Override
    public Uni<UpstreamStream> streamChatCompletion(ObjectNode request, Map<String, String> clientHeaders) {
        return send(request, clientHeaders, EVENT_STREAM + ", " + JSON)
                .flatMap(response -> {
                    String contentType = Optional.ofNullable(response.getHeader(HttpHeaders.CONTENT_TYPE.toString())).orElse("");
                    if (response.statusCode() / 100 == 2 && contentType.startsWith(EVENT_STREAM)) {
                        // hold the body until the relay subscribes: nothing the upstream sends is lost meanwhile
                        response.pause();
                        return Uni.createFrom().item(UpstreamStream.open(events(response)));
                    }
                    return response.body().map(body -> UpstreamStream.whole(toAnswer(response, body.getBytes())))
                            .onCancellation().invoke(() -> response.request().reset());
                })
                .onFailure().transform(this::unavailable);
    }

    private Uni<HttpClientResponse> send(ObjectNode request, Map<String, String> clientHeaders, String accept) {
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setAbsoluteURI(completionsUrl)
                .setIdleTimeout(idleTimeout.toMillis())
                .putHeader(HttpHeaders.CONTENT_TYPE, JSON)
                .putHeader(HttpHeaders.ACCEPT, accept);
        forwardHeaderPrefix.ifPresent(prefix -> clientHeaders.forEach((name, value) -> {
            if (name.toLowerCase(Locale.ROOT).startsWith(prefix)) {
                options.putHeader(name, value);
            }
        }));
        apiKey.ifPresent(key -> options.putHeader(HttpHeaders.AUTHORIZATION, "Bearer " + key));
        Buffer body = Buffer.buffer(serialize(request));
        // a request its caller gave up on (the client went away) is reset: otherwise its connection stays taken
        // until the idle timeout, and enough of them exhaust the pool for every other request
        return pooledRequest(options).flatMap(upstreamRequest -> upstreamRequest.send(body)
                .onCancellation().invoke(() -> upstreamRequest.reset()));
    }

    /**
     * A request on a pooled connection. One obtained after its caller gave up (a client gone while the request waited
     * for a connection) is reset at once: nobody would send it, and it would hold its connection until the upstream
     * closed it, while every request queued behind it waited.
     */
    private Uni<HttpClientRequest> pooledRequest(RequestOptions options) {
        AtomicBoolean abandoned = new AtomicBoolean();
        AtomicReference<io.vertx.core.http.HttpClientRequest> obtained = new AtomicReference<>();
        return Uni.createFrom().<HttpClientRequest>emitter(emitter -> client.getDelegate().request(options).onComplete(result -> {
                    if (result.failed()) {
                        emitter.fail(result.cause());
                        return;
                    }
                    obtained.set(result.result());
                    if (abandoned.get()) {
                        resetIfHeld(obtained);
                        return;
                    }
                    emitter.complete(HttpClientRequest.newInstance(result.result()));
                }))
                .onCancellation().invoke(() -> {
                    abandoned.set(true);
                    resetIfHeld(obtained);
                });
    }

    private static void resetIfHeld(AtomicReference<io.vertx.core.http.HttpClientRequest> obtained) {
        io.vertx.core.http.HttpClientRequest request = obtained.getAndSet(null);
        if (request != null) {
            request.reset();
        }
    }

    /** The data of every event, in order; cancelling stops the upstream call (the connection is reset). */
    private Multi<String> events(HttpClientResponse response) {
        SseEventSplitter splitter = new SseEventSplitter();
        Multi<String> received = response.toMulti()
                .onItem().transformToIterable(chunk -> splitter.feed(chunk.getBytes()));
        Multi<String> rest = Multi.createFrom().deferred(() -> Multi.createFrom().iterable(splitter.finish()));
        return Multi.createBy().concatenating().streams(received, rest)
                .onFailure().transform(this::unavailable)
                .onCancellation().invoke(() -> response.request().reset());
    }

    private UpstreamAnswer toAnswer(HttpClientResponse response, byte[] body) {
        String contentType = Optional.ofNullable(response.getHeader(HttpHeaders.CONTENT_TYPE.toString())).orElse(JSON);
        return new UpstreamAnswer(response.statusCode(), contentType, body, usageIn(body));
    }

    /** The OpenAI {@code usage} object of a JSON answer; absent when the body is not JSON or has none. */
    private Optional<UpstreamUsage> usageIn(byte[] body) {
        JsonNode usage;
        try {
            usage = mapper.readTree(body).path("usage");
        } catch (IOException | RuntimeException notJson) {
            return Optional.empty();
        }
        return usage.isObject() ? Optional.of(UpstreamUsage.fromJson(usage)) : Optional.empty();
    }

    private UpstreamUnavailableException unavailable(Throwable failure) {
        if (failure instanceof UpstreamUnavailableException already) {
            return already;
        }
        return new UpstreamUnavailableException("no answer from " + provider + ": " + failure, failure);
    }

    private byte[] serialize(ObjectNode request) {
        try {
            return mapper.writeValueAsBytes(request);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot serialise the upstream request", e);
        }
    }
}
