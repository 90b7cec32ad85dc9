package dev.tollgate.router.api;

import static dev.tollgate.router.testing.UpstreamSimulatorResource.DEMO_ACCOUNT_ID;
import static dev.tollgate.router.testing.UpstreamSimulatorResource.DEMO_API_KEY;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;

import jakarta.ws.rs.core.Response.Status;

import org.junit.jupiter.api.Test;

import dev.tollgate.contracts.BalanceAdjusted;
import dev.tollgate.contracts.Money;
import dev.tollgate.contracts.PriceBreakdown;
import dev.tollgate.contracts.RoutingMode;
import dev.tollgate.contracts.UsageCharged;
import dev.tollgate.router.testing.LedgerTopic;
import dev.tollgate.router.testing.UpstreamSimulatorResource;
import dev.tollgate.testing.TollgateServersResource;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@QuarkusTest
@WithTestResource(TollgateServersResource.class)
@WithTestResource(UpstreamSimulatorResource.class)
class CreditBalanceHeaderTest {

    private static final Duration LEDGER_TO_ROUTER = Duration.ofSeconds(20);

    @Test
    void answersCarryTheBalanceOfTheLatestLedgerEntryErrorsIncluded() {
        LedgerTopic.publish(DEMO_ACCOUNT_ID, new BalanceAdjusted(1, euros(10_000_000), euros(10_000_000),
                "demo credits", "test"));

        // an authenticated request refused as invalid still tells the client its balance
        await().atMost(LEDGER_TO_ROUTER).untilAsserted(() -> authenticatedChat("{\"model\": \"sim-light\"}")
                .then()
                .statusCode(Status.BAD_REQUEST.getStatusCode())
                .header(GatewayHeaders.CREDIT_BALANCE, equalTo("1000.0000")));

        LedgerTopic.publish(DEMO_ACCOUNT_ID, new UsageCharged(2, euros(-110), euros(9_999_890), "req_earlier",
                "sim-light", RoutingMode.MODEL, new PriceBreakdown("price-v1", List.of(), BigDecimal.ZERO,
                BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, euros(110))));

        await().atMost(LEDGER_TO_ROUTER).untilAsserted(() -> authenticatedChat(
                "{\"model\": \"sim-light\", \"messages\": [{\"role\": \"user\", \"content\": \"balance?\"}]}")
                .then()
                .statusCode(Status.OK.getStatusCode())
                .header(GatewayHeaders.CREDIT_BALANCE, equalTo("999.9890")));
    }

    private static io.restassured.response.Response authenticatedChat(String body) {
        return given().header("Authorization", "Bearer " + DEMO_API_KEY)
                .contentType(ContentType.JSON).body(body)
                .when().post("/v1/chat/completions");
    }

    private static Money euros(long amountMicros) {
        return Money.ofMicros(amountMicros, "EUR");
    }
}
