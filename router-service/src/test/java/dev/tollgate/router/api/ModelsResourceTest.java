package dev.tollgate.router.api;

import static dev.tollgate.router.testing.UpstreamSimulatorResource.DEMO_API_KEY;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.emptyString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response.Status;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import dev.tollgate.contracts.CatalogueEntry;
import dev.tollgate.contracts.Topics;
import dev.tollgate.router.controlplane.ControlPlaneCalls;
import dev.tollgate.router.routing.CatalogueView;
import dev.tollgate.router.testing.UpstreamSimulatorResource;
import dev.tollgate.simulator.UpstreamSimulator;
import dev.tollgate.testing.KafkaTestClient;
import dev.tollgate.testing.TollgateServersResource;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** The model listing, fed by the real catalogue topic; model ids of its own so other tests' models are untouched. */
@QuarkusTest
@WithTestResource(TollgateServersResource.class)
@WithTestResource(UpstreamSimulatorResource.class)
class ModelsResourceTest {

    private static final Duration TOPIC_TO_ROUTER = Duration.ofSeconds(30);
    private static final Instant EFFECTIVE = Instant.parse("2026-02-01T00:00:00Z");

    @Inject
    CatalogueView catalogue;

    @BeforeEach
    void publishTheListingModels() {
        send("listing-light", json(entry("listing-light", "light")));
        send("listing-premium", json(entry("listing-premium", "premium")));
        await().atMost(TOPIC_TO_ROUTER).until(() -> catalogue.model("listing-light").isPresent()
                && catalogue.model("listing-premium").isPresent());
    }

    @Test
    void listsAutoTheTiersAndTheCatalogueModelsInOpenAisShape() {
        given().header("Authorization", "Bearer " + DEMO_API_KEY)
                .when().get("/v1/models")
                .then().statusCode(Status.OK.getStatusCode())
                .body("object", equalTo("list"))
                .body("data.id", hasItems("auto", "light", "premium", "listing-light", "listing-premium"))
                .body("data.find { it.id == 'listing-premium' }.object", equalTo("model"))
                .body("data.find { it.id == 'listing-premium' }.owned_by", equalTo("simulator"))
                .body("data.find { it.id == 'listing-premium' }.created", equalTo((int) EFFECTIVE.getEpochSecond()))
                .body("data.find { it.id == 'listing-premium' }.tier", equalTo("premium"))
                .body("data.find { it.id == 'auto' }.owned_by", equalTo("tollgate"));
    }

    @Test
    void aKeySeesOnlyWhatItsProfileMayUse() {
        String accountId = ControlPlaneCalls.newAccount("models listing").getString("accountId");
        ControlPlaneCalls.newProfile(accountId, """
                {"lowestTier": "light", "highestTier": "standard"}""");
        String key = ControlPlaneCalls.newKey(accountId, "{\"name\": \"listing\"}").getString("key");

        given().header("Authorization", "Bearer " + key)
                .when().get("/v1/models")
                .then().statusCode(Status.OK.getStatusCode())
                .body("data.id", hasItems("auto", "light", "listing-light"))
                .body("data.id", not(hasItems("premium")))
                .body("data.id", not(hasItems("listing-premium")))
                .body("data.id", not(hasItems("budget")));
        given().header("Authorization", "Bearer " + key)
                .when().get("/v1/models/listing-premium")
                .then().statusCode(Status.NOT_FOUND.getStatusCode())
                .body("error.code", equalTo("model_not_found"));
        given().header("Authorization", "Bearer " + key)
                .when().head("/v1/models/premium")
                .then().statusCode(Status.NOT_FOUND.getStatusCode());
    }

    @Test
    void oneModelOrTierByItsId() {
        given().header("Authorization", "Bearer " + DEMO_API_KEY)
                .when().get("/v1/models/listing-light")
                .then().statusCode(Status.OK.getStatusCode())
                .body("id", equalTo("listing-light"))
                .body("object", equalTo("model"))
                .body("owned_by", equalTo("simulator"));
        given().header("Authorization", "Bearer " + DEMO_API_KEY)
                .when().get("/v1/models/light")
                .then().statusCode(Status.OK.getStatusCode())
                .body("owned_by", equalTo("tollgate"));
    }

    @Test
    void anUnknownModelIs404ModelNotFound() {
        given().header("Authorization", "Bearer " + DEMO_API_KEY)
                .when().get("/v1/models/no-such-model")
                .then().statusCode(Status.NOT_FOUND.getStatusCode())
                .body("error.code", equalTo("model_not_found"))
                .body("error.type", equalTo("invalid_request_error"));
    }

    @Test
    void headAnswers200WithoutBodyAndNeverCallsTheUpstream() {
        UpstreamSimulator simulator = UpstreamSimulatorResource.simulator();
        long upstreamCallsBefore = simulator.totalRequestCount();

        given().header("Authorization", "Bearer " + DEMO_API_KEY)
                .when().head("/v1/models")
                .then().statusCode(Status.OK.getStatusCode())
                .body(emptyString());
        given().header("Authorization", "Bearer " + DEMO_API_KEY)
                .when().head("/v1/models/listing-light")
                .then().statusCode(Status.OK.getStatusCode())
                .body(emptyString());
        given().header("Authorization", "Bearer " + DEMO_API_KEY)
                .when().head("/v1/models/no-such-model")
                .then().statusCode(Status.NOT_FOUND.getStatusCode());

        assertThat(simulator.totalRequestCount()).isEqualTo(upstreamCallsBefore);
    }

    @Test
    void withoutAKeyTheListingIsRefusedWith401() {
        given().when().get("/v1/models")
                .then().statusCode(Status.UNAUTHORIZED.getStatusCode())
                .body("error.code", equalTo("invalid_api_key"));
        given().header("Authorization", "Bearer tg_wrong").when().head("/v1/models")
                .then().statusCode(Status.UNAUTHORIZED.getStatusCode());
    }

    @Test
    void aModelRemovedFromTheCatalogueLeavesTheListing() {
        send("listing-retired", json(entry("listing-retired", "budget")));
        await().atMost(TOPIC_TO_ROUTER).until(() -> catalogue.model("listing-retired").isPresent());

        send("listing-retired", null);

        await().atMost(TOPIC_TO_ROUTER).untilAsserted(() -> given().header("Authorization", "Bearer " + DEMO_API_KEY)
                .when().get("/v1/models")
                .then().statusCode(Status.OK.getStatusCode())
                .body("data.id", not(hasItems("listing-retired"))));
        given().header("Authorization", "Bearer " + DEMO_API_KEY)
                .when().get("/v1/models/listing-retired")
                .then().statusCode(Status.NOT_FOUND.getStatusCode());
    }

    private static CatalogueEntry entry(String model, String tier) {
        return new CatalogueEntry(model, "simulator", tier, List.of("streaming", "tools", "json_mode"), 64_000, 8_192,
                new BigDecimal("0.70"), "EUR", new BigDecimal("0.50"), new BigDecimal("0.25"), new BigDecimal("1.50"),
                new BigDecimal("0.05"), new BigDecimal("0.15"), model + "@2026-02-01", EFFECTIVE, "EUR", BigDecimal.ONE, null);
    }

    private static String json(CatalogueEntry entry) {
        try {
            return JsonMapper.builder().addModule(new JavaTimeModule()).disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                    .build().writeValueAsString(entry);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void send(String key, String value) {
        try (KafkaTestClient kafka = new KafkaTestClient(
                ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class))) {
            kafka.send(Topics.PRICE_CATALOGUE, key, value);
        }
    }
}
