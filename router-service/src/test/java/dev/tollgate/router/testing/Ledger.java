package dev.tollgate.router.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;
import java.util.UUID;

import org.eclipse.microprofile.config.ConfigProvider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.tollgate.contracts.CreditsPurchased;
import dev.tollgate.contracts.EventCodec;
import dev.tollgate.contracts.EventEnvelope;
import dev.tollgate.contracts.Money;
import dev.tollgate.contracts.Topics;
import dev.tollgate.testing.KafkaTestClient;

/** Funds test accounts the way production does (a confirmed payment on the payments topic) and reads the ledger. */
public final class Ledger {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    private Ledger() {
    }

    /** Credits {@code micros} to the account through a {@code CreditsPurchased} and waits until the ledger has it. */
    public static void fund(String accountId, long micros) {
        long before = balanceMicros(accountId).orElse(0);
        Money credited = Money.ofMicros(micros, "EUR");
        CreditsPurchased purchase = new CreditsPurchased("pay_" + UUID.randomUUID(), "test", "pi_test", credited,
                Money.zero("EUR"), Money.zero("EUR"), credited, null);
        EventEnvelope<CreditsPurchased> event = EventEnvelope.wrap(UUID.randomUUID(), accountId, Instant.now(), null, null, purchase);
        try (KafkaTestClient kafka = new KafkaTestClient(
                ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class))) {
            kafka.send(Topics.PAYMENTS_EVENTS, accountId, EventCodec.encode(event));
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> balanceMicros(accountId).orElse(0) == before + micros);
    }

    /** The account's balance at the ledger; empty for an account it does not know. */
    public static OptionalLong balanceMicros(String accountId) {
        JsonNode balance = get("/accounts/" + accountId + "/balance");
        return balance == null ? OptionalLong.empty() : OptionalLong.of(balance.path("balanceMicros").asLong());
    }

    /** The per-request hold of a request, or {@code null} if none was placed (the gateway pays from grants). */
    public static JsonNode holdOf(String requestId) {
        return get("/internal/holds/hold_" + requestId);
    }

    /** A hold or grant by its id, or {@code null} if the ledger has none. */
    public static JsonNode hold(String holdId) {
        return get("/internal/holds/" + holdId);
    }

    private static JsonNode get(String path) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(LedgerServiceResource.ledger().url() + path)).GET().build();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 404) {
                return null;
            }
            if (response.statusCode() != 200) {
                throw new IllegalStateException("ledger answered " + response.statusCode() + " to " + path + ": " + response.body());
            }
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException("ledger unreachable", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
