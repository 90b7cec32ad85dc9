package dev.tollgate.router.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

import io.vertx.mutiny.core.Vertx;

/** The hold client against a stand-in ledger speaking the ledger's HTTP answers, and against no ledger at all. */
class LedgerHoldsClientTest {

    private final Vertx vertx = Vertx.vertx();
    private HttpServer ledger;

    @AfterEach
    void stop() {
        if (ledger != null) {
            ledger.stop(0);
        }
        vertx.closeAndAwait();
    }

    @Test
    void placedHoldAnswersWithTheAccountsBalanceAndAvailable() throws IOException {
        AtomicReference<String> received = new AtomicReference<>();
        String url = answering(201, "application/json", """
                {"holdId":"hold_req_1","accountId":"acct_a","requestId":"req_1","status":"open","heldMicros":5000,
                 "reservedMicros":5000,"capturedMicros":null,"currency":"EUR","expiresAt":"2026-01-01T00:10:00Z",
                 "balanceMicros":90000,"availableMicros":85000}""", received);

        HoldAnswer answer = client(url).place("acct_a", "hold_req_1", "req_1", 5_000, "EUR").await().atMost(Duration.ofSeconds(10));

        assertThat(answer).isEqualTo(new HoldAnswer("hold_req_1", "open", 5_000, "EUR", 90_000, 85_000));
        assertThat(received.get()).contains("\"amountMicros\":5000").contains("\"holdId\":\"hold_req_1\"")
                .contains("\"expiresInSeconds\":600");
    }

    @Test
    void refusalIsInsufficientCreditsWithWhatTheAccountCanSpend() throws IOException {
        String url = answering(402, "application/problem+json", """
                {"type":"urn:tollgate:problem:insufficient-credits","title":"Insufficient credits","status":402,
                 "detail":"account acct_a can spend 1200 micro-units, the hold needs 5000","availableMicros":1200,"currency":"EUR"}""", new AtomicReference<>());

        assertThatThrownBy(() -> client(url).place("acct_a", "hold_req_2", "req_2", 5_000, "EUR").await().atMost(Duration.ofSeconds(10)))
                .isInstanceOf(InsufficientCreditsException.class)
                .satisfies(refused -> assertThat(((InsufficientCreditsException) refused).availableMicros()).hasValue(1200));
    }

    @Test
    void anUnexpectedAnswerOrNoLedgerAtAllIsUnavailable() throws IOException {
        String failing = answering(500, "application/problem+json", "{\"status\":500}", new AtomicReference<>());
        assertThatThrownBy(() -> client(failing).capture("hold_req_3", 10).await().atMost(Duration.ofSeconds(10)))
                .isInstanceOf(LedgerUnavailableException.class);

        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        assertThatThrownBy(() -> client("http://127.0.0.1:" + closedPort).release("hold_req_4").await().atMost(Duration.ofSeconds(10)))
                .isInstanceOf(LedgerUnavailableException.class);
    }

    private LedgerHoldsClient client(String url) {
        return new LedgerHoldsClient(new LedgerClientConfig() {
            @Override
            public String url() {
                return url;
            }

            @Override
            public Duration connectTimeout() {
                return Duration.ofSeconds(2);
            }

            @Override
            public Duration requestTimeout() {
                return Duration.ofSeconds(5);
            }

            @Override
            public int maxConnections() {
                return 2;
            }

            @Override
            public Duration holdLifetime() {
                return Duration.ofMinutes(10);
            }
        }, new ObjectMapper(), vertx);
    }

    private String answering(int status, String contentType, String body, AtomicReference<String> received) throws IOException {
        ledger = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        ledger.createContext("/internal/holds", exchange -> {
            received.set(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", contentType);
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        ledger.start();
        return "http://127.0.0.1:" + ledger.getAddress().getPort();
    }
}
