package dev.tollgate.payments.refund;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The ledger's hold API (see ledger-service README, "Holds"): a refund holds the credits first, so
 * usage cannot spend them while Stripe refunds, then captures what was refunded. The captured hold
 * keeps the amount reserved until the ledger appends the refund's {@code RefundDebited} (whose refund
 * id is the hold's request id), so the credits are never available twice nor debited twice.
 */
@ApplicationScoped
public class LedgerHolds {

    /** The ledger's longest hold; Stripe refunds take seconds. */
    static final long HOLD_SECONDS = 900;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    private final ObjectMapper json = new ObjectMapper();
    private final String ledgerUrl;

    public LedgerHolds(@ConfigProperty(name = "tollgate.payments.ledger.url") String ledgerUrl) {
        this.ledgerUrl = ledgerUrl;
    }

    /** The ledger refused the hold: the account cannot spend that much; {@code availableMicros} is what it can. */
    public static final class Insufficient extends Exception {
        private final long availableMicros;

        Insufficient(long availableMicros) {
            super("only " + availableMicros + " micro-units available");
            this.availableMicros = availableMicros;
        }

        public long availableMicros() {
            return availableMicros;
        }
    }

    public void place(String accountId, String holdId, String requestId, long amountMicros, String currency)
            throws Insufficient {
        HttpResponse<String> response = post("/internal/holds", Map.of("accountId", accountId, "holdId", holdId,
                "requestId", requestId, "amountMicros", amountMicros, "currency", currency, "expiresInSeconds", HOLD_SECONDS));
        if (response.statusCode() == 402) {
            throw new Insufficient(availableIn(response.body()));
        }
        requireOk(response, "place hold " + holdId);
    }

    public void capture(String holdId, long amountMicros) {
        requireOk(post("/internal/holds/" + holdId + "/capture", Map.of("amountMicros", amountMicros)), "capture hold " + holdId);
    }

    public void release(String holdId) {
        requireOk(post("/internal/holds/" + holdId + "/release", null), "release hold " + holdId);
    }

    private HttpResponse<String> post(String path, Map<String, Object> body) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(ledgerUrl + path))
                    .timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json")
                    .POST(body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(encode(body)))
                    .build();
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("ledger unreachable at " + ledgerUrl, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while calling the ledger", e);
        }
    }

    /** The ledger's 402 problem names what the account can spend in its {@code availableMicros} member. */
    private long availableIn(String problem) {
        try {
            return Math.max(0, json.readTree(problem).path("availableMicros").asLong(0));
        } catch (JsonProcessingException notJson) {
            return 0;
        }
    }

    private String encode(Map<String, Object> body) {
        try {
            return json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static void requireOk(HttpResponse<String> response, String what) {
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException("ledger refused to " + what + ": HTTP " + response.statusCode() + " " + response.body());
        }
    }
}
