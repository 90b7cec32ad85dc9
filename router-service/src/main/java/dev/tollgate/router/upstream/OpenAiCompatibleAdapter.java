package dev.tollgate.router.upstream;

import java.io.IOException;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.core.http.HttpClient;
import io.vertx.mutiny.core.http.HttpClientResponse;

/**
 * Any provider speaking the OpenAI chat completions protocol (the simulator among them). Uses the
 * Vert.x HTTP client directly: it is non-blocking and can hand a response on chunk by chunk, which
 * streaming will need. Only the headers set here go upstream, never the client's.
 */
@ApplicationScoped
public class OpenAiCompatibleAdapter implements UpstreamAdapter {

    private static final Logger LOG = Logger.getLogger(OpenAiCompatibleAdapter.class);
    private static final String JSON = "application/json";

    private final UpstreamConfig config;
    private final ObjectMapper mapper;
    private final HttpClient client;
    private final String completionsUrl;

    public OpenAiCompatibleAdapter(UpstreamConfig config, ObjectMapper mapper, Vertx vertx) {
        this.config = config;
        this.mapper = mapper;
        this.client = vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout(Math.toIntExact(config.connectTimeout().toMillis())));
        this.completionsUrl = stripTrailingSlash(config.baseUrl()) + "/chat/completions";
    }

    @Override
    public String provider() {
        return config.provider();
    }

    @Override
    public Uni<UpstreamAnswer> chatCompletion(ObjectNode request) {
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setAbsoluteURI(completionsUrl)
                .setIdleTimeout(config.idleTimeout().toMillis())
                .putHeader(HttpHeaders.CONTENT_TYPE, JSON)
                .putHeader(HttpHeaders.ACCEPT, JSON);
        config.apiKey().filter(key -> !key.isBlank())
                .ifPresent(key -> options.putHeader(HttpHeaders.AUTHORIZATION, "Bearer " + key));
        Buffer body = Buffer.buffer(serialize(request));
        return client.request(options)
                .flatMap(upstreamRequest -> upstreamRequest.send(body))
                .flatMap(response -> response.body().map(answerBody -> toAnswer(response, answerBody.getBytes())))
                .onFailure().transform(failure -> new UpstreamUnavailableException(
                        "no answer from " + config.provider() + ": " + failure.getMessage(), failure));
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
        if (!usage.isObject()) {
            return Optional.empty();
        }
        long prompt = Math.max(0, usage.path("prompt_tokens").asLong(0));
        long completion = Math.max(0, usage.path("completion_tokens").asLong(0));
        long cached = Math.max(0, usage.path("prompt_tokens_details").path("cached_tokens").asLong(0));
        if (cached > prompt) {
            // cached tokens are a part of the prompt: never bill more cached tokens than prompt tokens
            LOG.warnf("%s reported %d cached of %d prompt tokens; counting %d", config.provider(), cached, prompt, prompt);
            cached = prompt;
        }
        return Optional.of(new UpstreamUsage(prompt, cached, completion));
    }

    private byte[] serialize(ObjectNode request) {
        try {
            return mapper.writeValueAsBytes(request);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot serialise the upstream request", e);
        }
    }

    private static String stripTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
