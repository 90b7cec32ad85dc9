package dev.tollgate.payments.topup;

import static dev.tollgate.payments.testing.PaymentsTestSupport.asOperator;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import java.util.Map;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import dev.tollgate.payments.testing.PaymentsTestSupport;
import dev.tollgate.payments.testing.PaymentsWorld;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** Quote and Checkout Session through the real stripe-java client against the local Stripe stub. */
@QuarkusTest
@WithTestResource(PaymentsWorld.class)
class TopUpTest {

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;

    @Test
    void quoteShowsCreditsFeeVatAndTotalWithoutCreatingAnything() throws Exception {
        int sessionsBefore = PaymentsWorld.stripe().sessionsCreated();
        asOperator().get("/top-ups/quote?accountId=acct_quote&credits=1000").then().statusCode(200)
                .body("credits", equalTo(1000))
                .body("creditsCents", equalTo(1000))
                .body("processingFeeCents", equalTo(50))
                .body("vatCents", equalTo(0))
                .body("totalCents", equalTo(1050))
                .body("currency", equalTo("EUR"));
        assertThat(PaymentsWorld.stripe().sessionsCreated()).isEqualTo(sessionsBefore);
        assertThat(new PaymentsTestSupport(jdbcUrl).count("select count(*) from payment where account_id = 'acct_quote'")).isZero();
    }

    @Test
    void limitsAndQuickPicksAreServed() {
        given().get("/top-ups/limits").then().statusCode(200)
                .body("minimumCredits", equalTo(500))
                .body("maximumCredits", equalTo(100000))
                .body("quickPicksCredits", org.hamcrest.Matchers.contains(500, 1000, 2500, 10000));
    }

    @Test
    void topUpsOutsideTheLimitsAreRefusedWith400AndCreateNothing() throws Exception {
        int sessionsBefore = PaymentsWorld.stripe().sessionsCreated();
        asOperator().get("/top-ups/quote?accountId=acct_limits&credits=499").then().statusCode(400)
                .body("type", equalTo("urn:tollgate:problem:top-up-out-of-range"));
        asOperator().contentType(ContentType.JSON).body(Map.of("accountId", "acct_limits", "credits", 100_001))
                .post("/top-ups/checkout").then().statusCode(400)
                .contentType(startsWith("application/problem+json"));
        asOperator().get("/top-ups/quote?accountId=&credits=1000").then().statusCode(400);
        assertThat(PaymentsWorld.stripe().sessionsCreated()).isEqualTo(sessionsBefore);
        assertThat(new PaymentsTestSupport(jdbcUrl).count("select count(*) from payment where account_id = 'acct_limits'")).isZero();
    }

    @Test
    void topUpsNeedTheAccountsOwnTokenOrAnOperator() {
        given().get("/top-ups/quote?accountId=acct_customer&credits=1000").then().statusCode(401);
        given().auth().oauth2("customer-test-token").get("/top-ups/quote?accountId=acct_other&credits=1000").then().statusCode(403);
        given().auth().oauth2("customer-test-token").get("/top-ups/quote?accountId=acct_customer&credits=1000").then().statusCode(200);
    }

    @Test
    void aRetriedCheckoutReturnsTheSameSessionAndStripeCreatesOnlyOne() throws Exception {
        int sessionsBefore = PaymentsWorld.stripe().sessionsCreated();
        String account = PaymentsTestSupport.newAccount("acct_retry");
        Map<String, Object> body = Map.of("accountId", account, "credits", 2500);
        String first = asOperator().contentType(ContentType.JSON).header("Idempotency-Key", "k1").body(body)
                .post("/top-ups/checkout").then().statusCode(200)
                .body("checkoutUrl", startsWith("https://checkout.stripe.test/"))
                .body("quote.totalCents", equalTo(2550))
                .extract().path("checkoutSessionId");
        String second = asOperator().contentType(ContentType.JSON).header("Idempotency-Key", "k1").body(body)
                .post("/top-ups/checkout").then().statusCode(200).extract().path("checkoutSessionId");

        assertThat(second).isEqualTo(first);
        assertThat(PaymentsWorld.stripe().sessionsCreated()).isEqualTo(sessionsBefore + 1);
        assertThat(((Number) PaymentsWorld.stripe().session(first).get("amount_total")).longValue()).isEqualTo(2550L);
        assertThat(PaymentsWorld.stripe().idempotencyKeysSeen()).filteredOn(key -> key.contains(account)).hasSize(2).allMatch(
                key -> key.equals("topup_" + account + "_k1"));
        assertThat(new PaymentsTestSupport(jdbcUrl).count("select count(*) from payment where account_id = '" + account + "'"))
                .isEqualTo(1);
    }
}
