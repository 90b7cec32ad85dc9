package dev.tollgate.metering.api;

import static dev.tollgate.metering.TestTokens.CUSTOMER_ACCOUNT;
import static dev.tollgate.metering.TestTokens.asCustomer;
import static dev.tollgate.metering.TestTokens.asFinance;
import static dev.tollgate.metering.TestTokens.asOperator;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.is;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Supplier;

import jakarta.ws.rs.core.Response.Status;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;

import dev.tollgate.testing.TollgateServersResource;

/**
 * Who may do what: catalogue changes need {@code operator}; usage analytics {@code finance} or the account's own
 * token; catalogue reads are public. Every refusal is problem JSON and changes nothing.
 */
@QuarkusTest
@WithTestResource(TollgateServersResource.class)
class CatalogueAccessTest {

    private static final String SAMPLE_LIST = """
            {"access-test-model": {"input_cost_per_token": 1e-06, "output_cost_per_token": 2e-06, "mode": "chat"}}""";

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;

    @Test
    void catalogueChangesWithoutAnOperatorTokenAreRefusedAndChangeNothing() throws SQLException {
        long prices = count("select count(*) from model_price");
        long fees = count("select count(*) from platform_fee");
        long rates = count("select count(*) from exchange_rate");
        long announcements = count("select count(*) from outbox_event");

        for (Supplier<RequestSpecification> caller : Map.<String, Supplier<RequestSpecification>>of(
                "no token", () -> given(),
                "unknown token", () -> given().auth().oauth2("not-a-configured-token")).values()) {
            for (Change change : Change.values()) {
                change.attempt(caller.get())
                        .statusCode(Status.UNAUTHORIZED.getStatusCode()).contentType("application/problem+json")
                        .header("WWW-Authenticate", "Bearer").body("status", is(401));
            }
        }
        for (Supplier<RequestSpecification> wrongRole : java.util.List.<Supplier<RequestSpecification>>of(
                () -> asFinance(), () -> asCustomer())) {
            for (Change change : Change.values()) {
                change.attempt(wrongRole.get())
                        .statusCode(Status.FORBIDDEN.getStatusCode()).contentType("application/problem+json").body("status", is(403));
            }
        }

        assertThat(count("select count(*) from model_price")).isEqualTo(prices);
        assertThat(count("select count(*) from platform_fee")).isEqualTo(fees);
        assertThat(count("select count(*) from exchange_rate")).isEqualTo(rates);
        assertThat(count("select count(*) from outbox_event")).isEqualTo(announcements);
        assertThat(count("select count(*) from model_price where model = 'access-test-model'")).isZero();
    }

    @Test
    void anOperatorTokenMayChangeTheCatalogue() throws SQLException {
        long rates = count("select count(*) from exchange_rate");

        Change.RECORD_EXCHANGE_RATE.attempt(asOperator()).statusCode(Status.CREATED.getStatusCode());

        assertThat(count("select count(*) from exchange_rate")).isEqualTo(rates + 1);
    }

    @Test
    void catalogueReadsArePublic() {
        given().when().get("/prices").then().statusCode(Status.OK.getStatusCode());
        given().when().get("/prices/sim-standard/history").then().statusCode(Status.OK.getStatusCode());
        given().when().get("/exchange-rates").then().statusCode(Status.OK.getStatusCode());
        given().when().get("/exchange-rates/USD/EUR").then().statusCode(Status.OK.getStatusCode());
    }

    @Test
    void usageAnalyticsNeedFinanceOrTheAccountsOwnToken() {
        usage(given(), null).statusCode(Status.UNAUTHORIZED.getStatusCode()).contentType("application/problem+json");
        usage(given(), CUSTOMER_ACCOUNT).statusCode(Status.UNAUTHORIZED.getStatusCode()).contentType("application/problem+json");
        usage(given().auth().oauth2("not-a-configured-token"), CUSTOMER_ACCOUNT)
                .statusCode(Status.UNAUTHORIZED.getStatusCode()).contentType("application/problem+json");

        // a customer: its own account only, and it must name it
        usage(asCustomer(), CUSTOMER_ACCOUNT).statusCode(Status.OK.getStatusCode()).body("accountId", is(CUSTOMER_ACCOUNT));
        usage(asCustomer(), "acct_someone_else").statusCode(Status.FORBIDDEN.getStatusCode()).contentType("application/problem+json");
        usage(asCustomer(), null).statusCode(Status.FORBIDDEN.getStatusCode()).contentType("application/problem+json");
        // the operator changes the catalogue but does not read customers' usage
        usage(asOperator(), null).statusCode(Status.FORBIDDEN.getStatusCode()).contentType("application/problem+json");

        usage(asFinance(), null).statusCode(Status.OK.getStatusCode());
        usage(asFinance(), "acct_someone_else").statusCode(Status.OK.getStatusCode());
    }

    @Test
    void accessIsCheckedBeforeTheRequestIsValidated() {
        // a refused caller learns nothing about the parameters: 401/403, not 400
        given().queryParam("from", "yesterday").when().get("/usage")
                .then().statusCode(Status.UNAUTHORIZED.getStatusCode());
        asCustomer().queryParam("accountId", "acct_someone_else").queryParam("from", "yesterday").when().get("/usage")
                .then().statusCode(Status.FORBIDDEN.getStatusCode());
        asFinance().contentType(ContentType.JSON).body("{not json").when().post("/exchange-rates")
                .then().statusCode(Status.FORBIDDEN.getStatusCode());
    }

    /** Every endpoint that changes the catalogue, with a request that an operator would get through. */
    private enum Change {
        SCHEDULE_PLATFORM_FEE {
            @Override
            ValidatableResponse attempt(RequestSpecification caller) {
                return caller.contentType(ContentType.JSON)
                        .body(Map.of("promptPerMillion", "0.01", "completionPerMillion", "0.02",
                                "effectiveFrom", Instant.now().plus(Duration.ofDays(60)).toString()))
                        .when().post("/prices/sim-standard/platform-fee").then();
            }
        },
        RECORD_EXCHANGE_RATE {
            @Override
            ValidatableResponse attempt(RequestSpecification caller) {
                return caller.contentType(ContentType.JSON)
                        .body(Map.of("baseCurrency", "CHF", "quoteCurrency", "EUR", "rate", "1.05",
                                "effectiveFrom", Instant.now().plus(Duration.ofDays(500)).plusMillis(System.nanoTime() % 1_000_000).toString()))
                        .when().post("/exchange-rates").then();
            }
        },
        IMPORT_PRICE_LIST {
            @Override
            ValidatableResponse attempt(RequestSpecification caller) {
                return caller.contentType(ContentType.JSON).queryParam("source", "access-test").body(SAMPLE_LIST)
                        .when().post("/imports/price-list").then();
            }
        },
        RUN_CONFIGURED_IMPORT {
            @Override
            ValidatableResponse attempt(RequestSpecification caller) {
                return caller.when().post("/imports/price-list/run").then();
            }
        };

        abstract ValidatableResponse attempt(RequestSpecification caller);
    }

    private static ValidatableResponse usage(RequestSpecification caller, String accountId) {
        RequestSpecification request = caller.queryParam("from", "2026-11-20T00:00:00Z").queryParam("to", "2026-11-21T00:00:00Z");
        if (accountId != null) {
            request = request.queryParam("accountId", accountId);
        }
        return request.when().get("/usage").then();
    }

    private long count(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(jdbcUrl, "metering", "metering");
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(sql)) {
            result.next();
            return result.getLong(1);
        }
    }
}
