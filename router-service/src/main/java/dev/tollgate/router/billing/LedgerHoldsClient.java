package dev.tollgate.router.billing;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.OptionalLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.tollgate.contracts.Money;

import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.core.http.HttpClient;

/**
 * The ledger's hold API over HTTP: non-blocking Vert.x client, pooled keep-alive connections,
 * a timeout per call. A 402 becomes {@link InsufficientCreditsException}, a 409 or 404 {@link HoldConflictException};
 * no answer, a timeout or any other unexpected status becomes {@link LedgerUnavailableException}.
 *
 * <p>Per-request holds ({@link LedgerHolds}) and grants ({@link GrantLedger}). The gateway pays through
 * {@link GrantLeases}, which uses the grants; this bean is injectable by its class only, so that
 * {@link LedgerHolds} means the leases.
 */
@ApplicationScoped
@Typed(LedgerHoldsClient.class)
public class LedgerHoldsClient implements LedgerHolds, GrantLedger {

    private static final String JSON = "application/json";

    private final LedgerClientConfig config;
    private final ObjectMapper mapper;
    private final HttpClient client;
    private final String holdsUrl;
    private final String accountsUrl;

    public LedgerHoldsClient(LedgerClientConfig config, ObjectMapper mapper, Vertx vertx) {
        this.config = config;
        this.mapper = mapper;
        this.client = vertx.createHttpClient(new HttpClientOptions()
                .setKeepAlive(true)
                .setMaxPoolSize(config.maxConnections())
                .setConnectTimeout(Math.toIntExact(config.connectTimeout().toMillis())));
        String base = config.url().endsWith("/") ? config.url().substring(0, config.url().length() - 1) : config.url();
        this.holdsUrl = base + "/internal/holds";
        this.accountsUrl = base + "/accounts/";
    }

    @Override
    public Uni<HoldAnswer> place(String accountId, String holdId, String requestId, long amountMicros, String currency) {
        ObjectNode body = mapper.createObjectNode()
                .put("accountId", accountId)
                .put("holdId", holdId)
                .put("requestId", requestId)
                .put("amountMicros", amountMicros)
                .put("currency", currency)
                .put("expiresInSeconds", config.holdLifetime().toSeconds());
        return call(holdsUrl, body);
    }

    @Override
    public Uni<HoldAnswer> placeGrant(String accountId, String grantId, long amountMicros, String currency) {
        ObjectNode body = mapper.createObjectNode()
                .put("accountId", accountId)
                .put("holdId", grantId)
                .put("kind", "grant")
                .put("amountMicros", amountMicros)
                .put("currency", currency)
                .put("expiresInSeconds", config.holdLifetime().toSeconds());
        return call(holdsUrl, body);
    }

    @Override
    public Uni<HoldAnswer> settleGrant(String grantId, long usedMicros) {
        return capture(grantId, usedMicros);
    }

    @Override
    public Uni<HoldAnswer> capture(String holdId, long amountMicros) {
        return call(holdsUrl + "/" + holdId + "/capture", mapper.createObjectNode().put("amountMicros", amountMicros));
    }

    @Override
    public Uni<HoldAnswer> release(String holdId) {
        return call(holdsUrl + "/" + holdId + "/release", null);
    }

    @Override
    public Uni<Optional<Money>> balance(String accountId) {
        String url = accountsUrl + URLEncoder.encode(accountId, StandardCharsets.UTF_8) + "/balance";
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(url)
                .setTimeout(config.requestTimeout().toMillis()).putHeader(HttpHeaders.ACCEPT, JSON);
        return client.request(options)
                .flatMap(request -> request.send())
                .flatMap(response -> response.body().map(body -> {
                    if (response.statusCode() == 404) {
                        return Optional.<Money>empty();
                    }
                    if (response.statusCode() != 200) {
                        throw new LedgerUnavailableException("the ledger answered " + response.statusCode() + " to " + url, null);
                    }
                    JsonNode balance = readTree(body.toString());
                    return Optional.of(Money.ofMicros(balance.path("balanceMicros").asLong(), balance.path("currency").asText()));
                }))
                .onFailure(failure -> !(failure instanceof LedgerUnavailableException))
                .transform(failure -> new LedgerUnavailableException("the ledger did not answer " + url + ": " + failure.getMessage(), failure));
    }

    private Uni<HoldAnswer> call(String url, ObjectNode body) {
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setAbsoluteURI(url)
                .setTimeout(config.requestTimeout().toMillis())
                .putHeader(HttpHeaders.ACCEPT, JSON);
        if (body != null) {
            options.putHeader(HttpHeaders.CONTENT_TYPE, JSON);
        }
        Buffer payload = body == null ? Buffer.buffer() : Buffer.buffer(body.toString());
        return client.request(options)
                .flatMap(request -> request.send(payload))
                .flatMap(response -> response.body().map(answer -> toAnswer(url, response.statusCode(), answer.toString())))
                .onFailure(failure -> !(failure instanceof InsufficientCreditsException || failure instanceof LedgerUnavailableException))
                .transform(failure -> new LedgerUnavailableException("the ledger did not answer " + url + ": " + failure.getMessage(), failure));
    }

    private HoldAnswer toAnswer(String url, int status, String body) {
        if (status == 402) {
            throw new InsufficientCreditsException(detail(body), availableIn(readTree(body)));
        }
        if (status == 409 || status == 404) {
            throw new HoldConflictException("the ledger answered " + status + " to " + url + ": " + detail(body));
        }
        if (status != 200 && status != 201) {
            throw new LedgerUnavailableException("the ledger answered " + status + " to " + url + ": " + detail(body), null);
        }
        JsonNode hold = readTree(body);
        return new HoldAnswer(hold.path("holdId").asText(), hold.path("status").asText(), hold.path("heldMicros").asLong(),
                hold.path("currency").asText(), hold.path("balanceMicros").asLong(), hold.path("availableMicros").asLong(),
                hold.path("lastSequence").asLong(0));
    }

    private String detail(String problem) {
        JsonNode detail = readTree(problem).path("detail");
        return detail.isTextual() ? detail.asText() : problem;
    }

    /** The available balance the ledger's 402 problem carries in {@code availableMicros}; empty if it is missing. */
    static OptionalLong availableIn(JsonNode problem) {
        JsonNode available = problem.path("availableMicros");
        return available.isIntegralNumber() ? OptionalLong.of(available.asLong()) : OptionalLong.empty();
    }

    private JsonNode readTree(String body) {
        try {
            return mapper.readTree(body);
        } catch (Exception notJson) {
            return mapper.missingNode();
        }
    }
}
