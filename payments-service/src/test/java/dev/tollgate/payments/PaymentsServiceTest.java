package dev.tollgate.payments;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import dev.tollgate.testing.TollgateServersResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** The payments service starts on its own database (real PostgreSQL), reports health and serves OpenAPI. */
@QuarkusTest
@WithTestResource(TollgateServersResource.class)
class PaymentsServiceTest {

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;

    @Test
    void healthIsUpIncludingTheDatabase() {
        given().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem("Reactive PostgreSQL connections health check"));
    }

    @Test
    void openApiDescribesTheEndpoints() {
        given().get("/q/openapi?format=json").then().statusCode(200)
                .body("paths.'/top-ups/limits'", org.hamcrest.Matchers.notNullValue());
    }

    @Test
    void topUpLimitsAreServed() {
        given().get("/top-ups/limits").then().statusCode(200)
                .body("minimumCredits", equalTo(500))
                .body("currency", equalTo("EUR"));
    }

    @Test
    void migrationsCreatedTheOutbox() throws Exception {
        try (Connection connection = DriverManager.getConnection(jdbcUrl, "payments", "payments");
             ResultSet tables = connection.getMetaData().getTables(null, "public", "outbox_event", null)) {
            assertThat(tables.next()).as("outbox_event table").isTrue();
        }
    }
}
