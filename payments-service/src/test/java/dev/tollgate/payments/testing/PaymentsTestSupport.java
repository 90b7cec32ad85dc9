package dev.tollgate.payments.testing;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.tollgate.payments.stripe.StripeStub;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/** What the payments flow tests do again and again: open a checkout, deliver signed webhooks, read tables and the ledger. */
public final class PaymentsTestSupport {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final String jdbcUrl;

    public PaymentsTestSupport(String jdbcUrl) {
        this.jdbcUrl = jdbcUrl;
    }

    public static final String OPERATOR_TOKEN = "operator-test-token";
    public static final String FINANCE_TOKEN = "finance-test-token";

    /** A request by an operator (who may act on every account). */
    public static io.restassured.specification.RequestSpecification asOperator() {
        return given().auth().oauth2(OPERATOR_TOKEN);
    }

    public static String newAccount(String prefix) {
        return prefix + "_" + UUID.randomUUID().toString().substring(0, 8);
    }

    public record Checkout(String paymentId, String sessionId) {
    }

    public static Checkout checkout(String account, long credits) {
        Response response = asOperator().contentType(ContentType.JSON).header("Idempotency-Key", UUID.randomUUID().toString())
                .body(Map.of("accountId", account, "credits", credits)).post("/top-ups/checkout");
        response.then().statusCode(200);
        return new Checkout(response.path("paymentId"), response.path("checkoutSessionId"));
    }

    public static Response deliver(String payload) {
        return given().header("Stripe-Signature", StripeStub.sign(payload, PaymentsWorld.WEBHOOK_SECRET))
                .contentType(ContentType.JSON).body(payload).post("/webhooks/stripe");
    }

    /** A card payment, paid and delivered; returns its PaymentIntent id. */
    public static String payByCard(Checkout checkout) {
        StripeStub stripe = PaymentsWorld.stripe();
        deliver(stripe.completeSession(checkout.sessionId(), true)).then().statusCode(200);
        return (String) stripe.session(checkout.sessionId()).get("payment_intent");
    }

    public long count(String query) throws SQLException {
        try (Connection connection = DriverManager.getConnection(jdbcUrl, "payments", "payments");
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(query)) {
            result.next();
            return result.getLong(1);
        }
    }

    public String text(String query) throws SQLException {
        try (Connection connection = DriverManager.getConnection(jdbcUrl, "payments", "payments");
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(query)) {
            return result.next() ? result.getString(1) : null;
        }
    }

    public void execute(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(jdbcUrl, "payments", "payments");
             Statement statement = connection.createStatement()) {
            statement.executeUpdate(sql);
        }
    }

    /** The ledger's balance of the account in micro-units, or null when the ledger does not know it. */
    public static Long ledgerBalanceMicros(String account) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                URI.create(PaymentsWorld.ledgerUrl() + "/accounts/" + account + "/balance")).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            return null;
        }
        JsonNode balance = JSON.readTree(response.body());
        return balance.get("balanceMicros").asLong();
    }

    public static void awaitLedgerBalance(String account, long expectedMicros) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        Long seen = null;
        while (System.nanoTime() < deadline) {
            seen = ledgerBalanceMicros(account);
            if (seen != null && seen == expectedMicros) {
                return;
            }
            Thread.sleep(100);
        }
        assertThat(seen).as("ledger balance of " + account).isEqualTo(expectedMicros);
    }
}
