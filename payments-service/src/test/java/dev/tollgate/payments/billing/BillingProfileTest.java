package dev.tollgate.payments.billing;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.tollgate.payments.invoicing.InvoicingServers;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** Billing profiles over HTTP: own account or operator only, validated, kept with their history. */
@QuarkusTest
@WithTestResource(InvoicingServers.class)
class BillingProfileTest {

    static final String CUSTOMER = "customer-test-token";   // account acct_customer
    static final String OTHER_CUSTOMER = "other-customer-test-token";
    static final String OPERATOR = "operator-test-token";

    @Inject
    BillingProfiles profiles;

    static Map<String, Object> germanCompany(String vatNumber) {
        return Map.of("legalName", "Muster GmbH", "addressLines", List.of("Hauptstrasse 1"), "postcode", "10115",
                "city", "Berlin", "country", "DE", "vatNumber", vatNumber, "email", "billing@muster.example", "business", true);
    }

    @Test
    void theAccountSetsItsProfileAndReadsItBack() {
        given().auth().oauth2(CUSTOMER).contentType(ContentType.JSON).body(germanCompany("de 123 456 789"))
                .put("/accounts/acct_customer/billing-profile").then().statusCode(200)
                .body("vatNumber", equalTo("DE123456789"));
        given().auth().oauth2(CUSTOMER).get("/accounts/acct_customer/billing-profile").then().statusCode(200)
                .body("legalName", equalTo("Muster GmbH"))
                .body("country", equalTo("DE"))
                .body("business", equalTo(true));
    }

    @Test
    void anotherAccountsTokenIsRefusedWith403AndChangesNothing() throws Exception {
        given().auth().oauth2(OTHER_CUSTOMER).contentType(ContentType.JSON).body(germanCompany("DE123456789"))
                .put("/accounts/acct_forbidden/billing-profile").then().statusCode(403)
                .contentType("application/problem+json").body("status", equalTo(403));
        given().auth().oauth2(OTHER_CUSTOMER).get("/accounts/acct_customer/billing-profile").then().statusCode(403);
        assertThat(profiles.current("acct_forbidden")).isEmpty();
    }

    @Test
    void noOrAnUnknownTokenIsRefusedWith401() {
        given().get("/accounts/acct_customer/billing-profile").then().statusCode(401)
                .contentType("application/problem+json").header("WWW-Authenticate", "Bearer");
        given().auth().oauth2("not-a-token").get("/accounts/acct_customer/billing-profile").then().statusCode(401)
                .contentType("application/problem+json");
    }

    @Test
    void badInputIs400ProblemJsonAndStoresNothing() throws Exception {
        Map<String, Object> malformedVat = new java.util.HashMap<>(germanCompany("DE12345"));
        given().auth().oauth2(OPERATOR).contentType(ContentType.JSON).body(malformedVat)
                .put("/accounts/acct_bad_input/billing-profile").then().statusCode(400)
                .contentType("application/problem+json").body("detail", containsString("vatNumber"));
        Map<String, Object> missing = Map.of("legalName", " ", "addressLines", List.of(), "country", "germany",
                "email", "nope", "business", false);
        given().auth().oauth2(OPERATOR).contentType(ContentType.JSON).body(missing)
                .put("/accounts/acct_bad_input/billing-profile").then().statusCode(400)
                .body("detail", containsString("legalName is required"))
                .body("detail", containsString("country must be"))
                .body("detail", containsString("email"));
        assertThat(profiles.current("acct_bad_input")).isEmpty();
    }

    @Test
    void aNewProfileAppliesFromNowAndThePastOneStaysInForceForThePast() throws Exception {
        given().auth().oauth2(OPERATOR).contentType(ContentType.JSON).body(germanCompany("DE123456789"))
                .put("/accounts/acct_history/billing-profile").then().statusCode(200);
        Instant between = Instant.now();
        Thread.sleep(5);
        Map<String, Object> moved = new java.util.HashMap<>(germanCompany("ATU12345678"));
        moved.put("country", "AT");
        moved.put("city", "Wien");
        given().auth().oauth2(OPERATOR).contentType(ContentType.JSON).body(moved)
                .put("/accounts/acct_history/billing-profile").then().statusCode(200);

        assertThat(profiles.inForceAt("acct_history", between).orElseThrow().block().city()).isEqualTo("Berlin");
        assertThat(profiles.inForceAt("acct_history", Instant.now()).orElseThrow().block().city()).isEqualTo("Wien");
        assertThat(profiles.inForceAt("acct_history", between.minusSeconds(3600))).isEmpty();
    }

    @Test
    void theTopUpQuoteUsesTheProfilesVat() {
        Map<String, Object> consumer = new java.util.HashMap<>(germanCompany(""));
        consumer.put("business", false);
        consumer.put("legalName", "Erika Mustermann");
        given().auth().oauth2(OPERATOR).contentType(ContentType.JSON).body(consumer)
                .put("/accounts/acct_vat_quote/billing-profile").then().statusCode(200);
        // 1000 credits + 50 fee = 1050 cents, German VAT 19% = 199.5 -> 200
        given().auth().oauth2(OPERATOR).get("/top-ups/quote?accountId=acct_vat_quote&credits=1000").then().statusCode(200)
                .body("vatCents", equalTo(200))
                .body("totalCents", equalTo(1250))
                .body("vatCountry", equalTo("DE"));

        given().auth().oauth2(OPERATOR).contentType(ContentType.JSON).body(germanCompany("DE123456789"))
                .put("/accounts/acct_vat_quote/billing-profile").then().statusCode(200);
        given().auth().oauth2(OPERATOR).get("/top-ups/quote?accountId=acct_vat_quote&credits=1000").then().statusCode(200)
                .body("vatCents", equalTo(0))
                .body("reverseCharge", equalTo(true));
    }
}
