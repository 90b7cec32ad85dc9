package dev.tollgate.metering.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;

import java.time.Instant;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.ws.rs.core.Response.Status;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

import dev.tollgate.testing.TollgateServersResource;

@QuarkusTest
@WithTestResource(TollgateServersResource.class)
class PriceCatalogueResourceTest {

    @Test
    void catalogueNowListsEverySimulatorModelWithItsVersionInForce() {
        PriceCatalogueView catalogue = given()
                .when().get("/prices")
                .then().statusCode(Status.OK.getStatusCode()).contentType(ContentType.JSON)
                .extract().as(PriceCatalogueView.class);

        Map<String, ModelPriceView> byModel = byModel(catalogue);
        assertThat(byModel).containsKeys("sim-budget", "sim-light", "sim-standard", "sim-premium");
        assertThat(byModel.get("sim-standard").version()).isEqualTo("sim-standard@2026-01-01");
        assertThat(catalogue.at()).isBeforeOrEqualTo(Instant.now());
    }

    @Test
    void catalogueAtAnInstantShowsThePricesInForceThenAsExactDecimalStrings() {
        given()
                .queryParam("at", "2026-06-01T00:00:00Z")
                .when().get("/prices")
                .then().statusCode(Status.OK.getStatusCode())
                .body("at", startsWith("2026-06-01T00:00:00"))
                .body("prices.find { it.model == 'sim-premium' }.version", is("sim-premium@2026-01-01"))
                .body("prices.find { it.model == 'sim-premium' }.upstreamCompletionPerMillion", is("60.00"))
                .body("prices.find { it.model == 'sim-budget' }.upstreamPromptPerMillion", is("0.10"))
                .body("prices.find { it.model == 'sim-budget' }.platformFeeCompletionPerMillion", is("0.08"))
                .body("prices.find { it.model == 'sim-budget' }.currency", is("EUR"));
    }

    @Test
    void catalogueBeforeTheFirstPricesIsEmpty() {
        PriceCatalogueView catalogue = given()
                .queryParam("at", "2025-12-31T23:59:59Z")
                .when().get("/prices")
                .then().statusCode(Status.OK.getStatusCode())
                .extract().as(PriceCatalogueView.class);

        assertThat(catalogue.prices()).isEmpty();
    }

    @Test
    void unreadableInstantIsAnsweredWith400ProblemJson() {
        Problem problem = given()
                .queryParam("at", "yesterday")
                .when().get("/prices")
                .then().statusCode(Status.BAD_REQUEST.getStatusCode()).contentType("application/problem+json")
                .extract().as(Problem.class);

        assertThat(problem.status()).isEqualTo(400);
        assertThat(problem.type()).isNotBlank();
        assertThat(problem.title()).isEqualTo("Invalid query parameter");
        assertThat(problem.detail()).contains("'at'").contains("ISO-8601");
    }

    @Test
    void healthAndOpenApiAreServed() {
        given().when().get("/q/health/ready").then().statusCode(Status.OK.getStatusCode()).body("status", is("UP"));
        given().when().get("/q/openapi").then().statusCode(Status.OK.getStatusCode()).body(containsString("/prices"));
    }

    private static Map<String, ModelPriceView> byModel(PriceCatalogueView catalogue) {
        return catalogue.prices().stream().collect(Collectors.toMap(ModelPriceView::model, Function.identity()));
    }
}
