package dev.tollgate.router.api;

import static dev.tollgate.router.testing.UpstreamSimulatorResource.DEMO_ACCOUNT_ID;
import static dev.tollgate.router.testing.UpstreamSimulatorResource.DEMO_API_KEY;
import static dev.tollgate.router.testing.UpstreamSimulatorResource.DEMO_KEY_ID;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import java.time.Instant;
import java.util.List;

import jakarta.ws.rs.core.Response.Status;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.tollgate.contracts.EventEnvelope;
import dev.tollgate.contracts.RoutingMode;
import dev.tollgate.contracts.UsageRecorded;
import dev.tollgate.router.routing.CatalogueView;
import dev.tollgate.router.testing.GatewayCatalogue;
import dev.tollgate.router.testing.Ledger;
import dev.tollgate.router.testing.UpstreamSimulatorResource;
import dev.tollgate.router.testing.UsageTopic;
import dev.tollgate.simulator.UpstreamSimulator;
import dev.tollgate.testing.TollgateServersResource;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;

@QuarkusTest
@WithTestResource(TollgateServersResource.class)
@WithTestResource(UpstreamSimulatorResource.class)
class ChatCompletionsTest {

    private static final String HELLO = """
            {"model": "%s", "messages": [{"role": "user", "content": "say hello to the gateway"}], "max_tokens": 7}""";

    private final UpstreamSimulator simulator = UpstreamSimulatorResource.simulator();

    @Inject
    CatalogueView catalogue;

    @BeforeEach
    void catalogueAndFunds() {
        GatewayCatalogue.ensureLoaded(catalogue);
        if (Ledger.balanceMicros(DEMO_ACCOUNT_ID).orElse(0) < 5_000_000) {
            Ledger.fund(DEMO_ACCOUNT_ID, 10_000_000);
        }
    }

    @Test
    void completionReturnsTheUpstreamAnswerAndRecordsItsUsageOnKafka() {
        Instant before = Instant.now();
        try (UsageTopic usage = UsageTopic.fromEnd()) {
            ExtractableResponse<Response> response = chat(HELLO.formatted("sim-standard"))
                    .then()
                    .statusCode(Status.OK.getStatusCode())
                    .header(GatewayHeaders.REQUEST_ID, startsWith("req_"))
                    .body("object", equalTo("chat.completion"))
                    .body("model", equalTo("sim-standard"))
                    .extract();
            String requestId = response.header(GatewayHeaders.REQUEST_ID);
            JsonPath answer = response.jsonPath();

            ConsumerRecord<String, String> record = onlyRecord(usage.readUntil(requestId));
            EventEnvelope<UsageRecorded> event = UsageTopic.decode(record);
            assertThat(record.key()).isEqualTo(DEMO_ACCOUNT_ID);
            assertThat(event.accountId()).isEqualTo(DEMO_ACCOUNT_ID);
            assertThat(event.correlationId()).isEqualTo(requestId);
            assertThat(event.occurredAt()).isBetween(before, Instant.now());
            assertThat(event.payload()).isEqualTo(new UsageRecorded(requestId, DEMO_KEY_ID, "sim-standard",
                    "simulator", RoutingMode.MODEL, "standard",
                    answer.getLong("usage.prompt_tokens"),
                    answer.getLong("usage.prompt_tokens_details.cached_tokens"),
                    answer.getLong("usage.completion_tokens"),
                    200, false, event.payload().holdId()));
            assertThat(event.payload().holdId()).as("the grant that paid").startsWith("grant_").contains("_" + DEMO_ACCOUNT_ID + "_");
            assertThat(event.payload().completionTokens()).isEqualTo(7);
        }
    }

    @Test
    void autoIsRecordedAsAutoWithTheDecisionsTierAndTheModelThatAnswered() {
        try (UsageTopic usage = UsageTopic.fromEnd()) {
            ExtractableResponse<Response> response = chat(HELLO.formatted("auto"))
                    .then()
                    .statusCode(Status.OK.getStatusCode())
                    .extract();
            String answeredBy = response.jsonPath().getString("model");

            UsageRecorded recorded = UsageTopic.decode(onlyRecord(usage.readUntil(response.header(GatewayHeaders.REQUEST_ID)))).payload();
            assertThat(recorded.routingMode()).isEqualTo(RoutingMode.AUTO);
            assertThat(recorded.model()).isEqualTo(answeredBy);
            assertThat(recorded.tier()).isEqualTo(catalogue.model(answeredBy).orElseThrow().tier());
        }
    }

    @Test
    void missingOrUnknownKeyIsRefusedWith401WithoutUpstreamCallOrUsage() {
        long upstreamCallsBefore = simulator.totalRequestCount();
        try (UsageTopic usage = UsageTopic.fromEnd()) {
            given().contentType(ContentType.JSON).body(HELLO.formatted("sim-standard"))
                    .when().post("/v1/chat/completions")
                    .then()
                    .statusCode(Status.UNAUTHORIZED.getStatusCode())
                    .contentType(ContentType.JSON)
                    .header(GatewayHeaders.REQUEST_ID, startsWith("req_"))
                    .header(GatewayHeaders.CREDIT_BALANCE, nullValue())
                    .body("error.type", equalTo("invalid_request_error"))
                    .body("error.code", equalTo("invalid_api_key"))
                    .body("error", hasKey("param"))
                    .body("error.message", startsWith("You didn't provide an API key"));
            given().header("Authorization", "Bearer " + DEMO_API_KEY + "-but-wrong")
                    .contentType(ContentType.JSON).body(HELLO.formatted("sim-standard"))
                    .when().post("/v1/chat/completions")
                    .then()
                    .statusCode(Status.UNAUTHORIZED.getStatusCode())
                    .header(GatewayHeaders.CREDIT_BALANCE, nullValue())
                    .body("error.code", equalTo("invalid_api_key"))
                    .body("error.message", equalTo("Incorrect API key provided."));

            assertThat(simulator.totalRequestCount()).isEqualTo(upstreamCallsBefore);
            assertNothingRecordedBeforeTheNextCompletion(usage);
        }
    }

    @Test
    void upstreamFailureOfEveryCandidateAnswers502AndIsNotBilled() {
        long upstreamCallsBefore = simulator.totalRequestCount();
        try (UsageTopic usage = UsageTopic.fromEnd()) {
            given().header("Authorization", "Bearer " + DEMO_API_KEY)
                    .header("x-simulator-fail", "503")
                    .contentType(ContentType.JSON).body(HELLO.formatted("sim-standard"))
                    .when().post("/v1/chat/completions")
                    .then()
                    .statusCode(Status.BAD_GATEWAY.getStatusCode())
                    .header(GatewayHeaders.REQUEST_ID, startsWith("req_"))
                    .body("error.type", equalTo("server_error"))
                    .body("error.code", equalTo("upstream_error"));

            // the chosen model and its fallbacks were each tried once
            assertThat(simulator.totalRequestCount() - upstreamCallsBefore).isBetween(2L, 3L);
            assertNothingRecordedBeforeTheNextCompletion(usage);
        }
    }

    @Test
    void requestWithoutMessagesIsRefusedWith400WithoutUpstreamCallOrUsage() {
        long upstreamCallsBefore = simulator.totalRequestCount();
        try (UsageTopic usage = UsageTopic.fromEnd()) {
            chat("{\"model\": \"sim-standard\"}")
                    .then()
                    .statusCode(Status.BAD_REQUEST.getStatusCode())
                    .contentType(ContentType.JSON)
                    .body("error.type", equalTo("invalid_request_error"))
                    .body("error.param", equalTo("messages"))
                    .body("error.code", equalTo("missing_required_parameter"));
            chat("{\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}")
                    .then()
                    .statusCode(Status.BAD_REQUEST.getStatusCode())
                    .body("error.param", equalTo("model"));
            chat("{not json")
                    .then()
                    .statusCode(Status.BAD_REQUEST.getStatusCode())
                    .body("error.code", equalTo("invalid_json"));

            assertThat(simulator.totalRequestCount()).isEqualTo(upstreamCallsBefore);
            assertNothingRecordedBeforeTheNextCompletion(usage);
        }
    }

    private static Response chat(String body) {
        return given().header("Authorization", "Bearer " + DEMO_API_KEY)
                .contentType(ContentType.JSON)
                .body(body)
                .when().post("/v1/chat/completions");
    }

    /**
     * Usage of one account is produced in order and acknowledged before the client is answered, so
     * anything the earlier requests had recorded would come before the next completion's usage.
     */
    private static void assertNothingRecordedBeforeTheNextCompletion(UsageTopic usage) {
        String markerId = chat(HELLO.formatted("sim-light"))
                .then().statusCode(Status.OK.getStatusCode())
                .extract().header(GatewayHeaders.REQUEST_ID);
        onlyRecord(usage.readUntil(markerId));
    }

    private static ConsumerRecord<String, String> onlyRecord(List<ConsumerRecord<String, String>> records) {
        assertThat(records).hasSize(1);
        return records.get(0);
    }
}
