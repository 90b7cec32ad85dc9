package dev.tollgate.router.api;

import static dev.tollgate.router.testing.UpstreamSimulatorResource.DEMO_ACCOUNT_ID;
import static dev.tollgate.router.testing.UpstreamSimulatorResource.DEMO_API_KEY;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response.Status;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.tollgate.contracts.Money;
import dev.tollgate.contracts.RoutingMode;
import dev.tollgate.contracts.UsageRecorded;
import dev.tollgate.pricing.Credits;
import dev.tollgate.router.balance.BalanceView;
import dev.tollgate.router.billing.GrantLeases;
import dev.tollgate.router.routing.CatalogueView;
import dev.tollgate.router.routing.WorstCaseEstimator;
import dev.tollgate.router.testing.CatalogueTopic;
import dev.tollgate.router.testing.GatewayAccounts;
import dev.tollgate.router.testing.GatewayCatalogue;
import dev.tollgate.router.testing.Ledger;
import dev.tollgate.router.testing.RefusingUpstream;
import dev.tollgate.router.testing.UpstreamSimulatorResource;
import dev.tollgate.router.testing.UsageTopic;
import dev.tollgate.simulator.UpstreamSimulator;
import dev.tollgate.testing.TollgateServersResource;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/** Pay before calling upstream: reserved from grants of the real ledger, what is billed and what never is. */
@QuarkusTest
@WithTestResource(TollgateServersResource.class)
@WithTestResource(UpstreamSimulatorResource.class)
class PaidCompletionsTest {

    private static final String HELLO = """
            {"model": "%s", "messages": [{"role": "user", "content": "say hello to the gateway"}], "max_tokens": %d}""";

    @Inject
    CatalogueView catalogue;

    @Inject
    WorstCaseEstimator estimator;

    @Inject
    GrantLeases leases;

    @Inject
    BalanceView balances;

    private final UpstreamSimulator simulator = UpstreamSimulatorResource.simulator();

    @BeforeEach
    void catalogueAndFunds() {
        GatewayCatalogue.ensureLoaded(catalogue);
        if (Ledger.balanceMicros(DEMO_ACCOUNT_ID).orElse(0) < 5_000_000) {
            Ledger.fund(DEMO_ACCOUNT_ID, 10_000_000);
        }
        awaitGatewayKnowsTheBalance(balances, DEMO_ACCOUNT_ID);
    }

    @Test
    void answeredRequestIsRecordedCapturedAtItsCostAndAnsweredWithTheCost() {
        try (UsageTopic usage = UsageTopic.fromEnd()) {
            Response response = chat(DEMO_API_KEY, HELLO.formatted("sim-standard", 7));
            response.then().statusCode(Status.OK.getStatusCode()).contentType(ContentType.JSON);
            assertThat(response.headers().getList(GatewayHeaders.REQUEST_ID)).hasSize(1);
            assertThat(response.headers().getList(GatewayHeaders.CREDIT_BALANCE)).hasSize(1);
            String requestId = response.header(GatewayHeaders.REQUEST_ID);
            JsonNode answer = json(response.asString());

            UsageRecorded recorded = UsageTopic.decode(onlyRecord(usage.readUntil(requestId))).payload();
            assertThat(recorded.model()).isEqualTo("sim-standard");
            assertThat(recorded.tier()).isEqualTo("standard");
            assertThat(recorded.routingMode()).isEqualTo(RoutingMode.MODEL);
            assertThat(recorded.streamed()).isFalse();
            assertThat(recorded.completionTokens()).isEqualTo(7).isEqualTo(answer.at("/usage/completion_tokens").asLong());
            assertThat(recorded.promptTokens()).isEqualTo(answer.at("/usage/prompt_tokens").asLong());

            Money cost = estimator.actualCost(CatalogueTopic.STANDARD, recorded.promptTokens(), recorded.cachedPromptTokens(),
                    recorded.completionTokens(), RoutingMode.MODEL);
            assertThat(answer.at("/usage/cost").decimalValue()).isEqualByComparingTo(Credits.of(cost));
            assertThat(answer.at("/usage/cost").toString()).matches("\\d+\\.\\d{4}");

            assertPaidFromAGrant(leases, recorded, cost);
            // the balance: a grant does not lower it (only the request's charge will)
            assertThat(new BigDecimal(response.header(GatewayHeaders.CREDIT_BALANCE)))
                    .isEqualByComparingTo(Credits.of(Money.ofMicros(Ledger.balanceMicros(DEMO_ACCOUNT_ID).orElseThrow(), "EUR")));
        }
    }

    @Test
    void requestsArePaidFromAGrantThatIsSettledAtTheLedgerWithExactlyWhatTheyCost() {
        GatewayAccounts.TestAccount account = GatewayAccounts.create("grant settled");
        Ledger.fund(account.accountId(), 1_000_000);
        try (UsageTopic usage = UsageTopic.fromEnd()) {
            List<String> requestIds = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                requestIds.add(chat(account.apiKey(), HELLO.formatted("sim-standard", 5 + i)).then().statusCode(Status.OK.getStatusCode())
                        .extract().header(GatewayHeaders.REQUEST_ID));
            }
            Map<String, Long> costByGrant = new HashMap<>();
            for (String requestId : requestIds) {
                UsageRecorded recorded = UsageTopic.decode(onlyRecord(usage.readUntil(requestId))).payload();
                Money cost = estimator.actualCost(CatalogueTopic.STANDARD, recorded.promptTokens(), 0, recorded.completionTokens(),
                        RoutingMode.MODEL);
                assertThat(recorded.holdId()).startsWith("grant_" + leases.instanceId() + "_" + account.accountId() + "_");
                costByGrant.merge(recorded.holdId(), cost.amountMicros(), Long::sum);
            }

            // rotated after a few seconds (test configuration) and settled with the sum of the costs; no metering here,
            // so nothing is charged and all of it stays reserved, the rest of the grant went back to the account
            long usedMicros = costByGrant.values().stream().mapToLong(Long::longValue).sum();
            costByGrant.forEach((grantId, costMicros) -> {
                JsonNode grant = await().atMost(Duration.ofSeconds(30)).until(() -> Ledger.hold(grantId),
                        settled -> "captured".equals(settled.path("status").asText()));
                assertThat(grant.path("kind").asText()).isEqualTo("grant");
                assertThat(grant.path("capturedMicros").asLong()).as("used on %s", grantId).isEqualTo(costMicros);
                assertThat(grant.path("reservedMicros").asLong()).isEqualTo(costMicros);
            });
            await().atMost(Duration.ofSeconds(30)).until(() -> leases.grantsOf(account.accountId()).isEmpty());
            JsonNode last = Ledger.hold(costByGrant.keySet().iterator().next());
            assertThat(last.path("availableMicros").asLong()).as("available: the balance minus what was used")
                    .isEqualTo(1_000_000 - usedMicros);
        }
    }

    @Test
    void accountThatCannotCoverTheWorstCaseGets402WithTheAffordableMaxTokensAndNoUpstreamCall() {
        GatewayAccounts.TestAccount poor = GatewayAccounts.create("poor");
        Ledger.fund(poor.accountId(), 5_000); // 0.5000 credits
        long upstreamCallsBefore = simulator.totalRequestCount();
        String body = HELLO.formatted("sim-premium", 2000);

        try (UsageTopic usage = UsageTopic.fromEnd()) {
            Response response = chat(poor.apiKey(), body);
            response.then()
                    .statusCode(Status.PAYMENT_REQUIRED.getStatusCode())
                    .contentType(ContentType.JSON);
            assertThat(response.headers().getList(GatewayHeaders.CREDIT_BALANCE)).hasSize(1);
            JsonNode error = json(response.asString()).path("error");
            assertThat(error.path("type").asText()).isEqualTo("insufficient_quota");
            assertThat(error.path("code").asText()).isEqualTo("insufficient_credits");

            ObjectNode request = (ObjectNode) json(body);
            long affordable = estimator.affordableMaxTokens(CatalogueTopic.PREMIUM, request, RoutingMode.MODEL, 5_000).orElseThrow();
            assertThat(estimator.worstCase(CatalogueTopic.PREMIUM, estimator.estimatePromptTokens(request), affordable,
                    RoutingMode.MODEL).amountMicros()).isLessThanOrEqualTo(5_000);
            assertThat(estimator.worstCase(CatalogueTopic.PREMIUM, estimator.estimatePromptTokens(request), affordable + 1,
                    RoutingMode.MODEL).amountMicros()).isGreaterThan(5_000);
            assertThat(error.path("message").asText())
                    .contains("available balance is 0.5000 credits")
                    .contains("The largest max_tokens you can afford for this request on sim-premium is " + affordable + ".");
            assertThat(response.header(GatewayHeaders.CREDIT_BALANCE)).isEqualTo("0.5000");

            assertThat(simulator.totalRequestCount()).isEqualTo(upstreamCallsBefore);
            assertThat(Ledger.holdOf(response.header(GatewayHeaders.REQUEST_ID))).isNull();
            assertThat(leases.grantsOf(poor.accountId())).as("no grant: the ledger refused").isEmpty();
            assertThat(Ledger.balanceMicros(poor.accountId())).hasValue(5_000);
            assertNothingRecordedBeforeTheNextCompletion(usage);
        }
    }

    @Test
    void upstreamFailureWithoutTokensIs502NotBilledAndTheHoldIsReleased() {
        try (UsageTopic usage = UsageTopic.fromEnd()) {
            Response response = given().header("Authorization", "Bearer " + DEMO_API_KEY)
                    .header("x-simulator-fail", "500")
                    .contentType(ContentType.JSON).body(HELLO.formatted("sim-light", 5))
                    .when().post("/v1/chat/completions");
            response.then()
                    .statusCode(Status.BAD_GATEWAY.getStatusCode())
                    .body("error.code", org.hamcrest.Matchers.equalTo("upstream_error"));
            assertThat(response.header(GatewayHeaders.CREDIT_BALANCE)).isNotNull();

            awaitNothingReserved(leases, DEMO_ACCOUNT_ID);
            assertNothingRecordedBeforeTheNextCompletion(usage);
        }
    }

    @Test
    void upstreamRefusalWithoutTokensIsPassedThroughNotBilledAndReleased() {
        try (UsageTopic usage = UsageTopic.fromEnd()) {
            Response response = given().header("Authorization", "Bearer " + DEMO_API_KEY)
                    .header("x-simulator-fail", "400")
                    .contentType(ContentType.JSON).body(HELLO.formatted("sim-light", 5))
                    .when().post("/v1/chat/completions");
            response.then()
                    .statusCode(Status.BAD_REQUEST.getStatusCode())
                    .body("error.message", org.hamcrest.Matchers.equalTo("Invalid request (simulated)"));
            awaitNothingReserved(leases, DEMO_ACCOUNT_ID);
            assertNothingRecordedBeforeTheNextCompletion(usage);
        }
    }

    @Test
    void upstreamRefusalThatReportsTokensIsPassedThroughAndBilledAtCost() {
        long refusalsBefore = RefusingUpstream.get().requestCount();
        try (UsageTopic usage = UsageTopic.fromEnd()) {
            Response response = chat(DEMO_API_KEY, HELLO.formatted("refusing-premium", 10));
            response.then().statusCode(Status.BAD_REQUEST.getStatusCode());
            String requestId = response.header(GatewayHeaders.REQUEST_ID);
            JsonNode answer = json(response.asString());

            assertThat(answer.at("/error/code").asText()).isEqualTo("context_length_exceeded");
            assertThat(RefusingUpstream.get().requestCount()).as("a refusal is not a failure: no fallback").isEqualTo(refusalsBefore + 1);
            UsageRecorded recorded = UsageTopic.decode(onlyRecord(usage.readUntil(requestId))).payload();
            assertThat(recorded.upstreamStatus()).isEqualTo(400);
            assertThat(recorded.model()).isEqualTo("refusing-premium");
            assertThat(recorded.provider()).isEqualTo("refusing");
            assertThat(recorded.promptTokens()).isEqualTo(RefusingUpstream.PROMPT_TOKENS);
            assertThat(recorded.completionTokens()).isZero();
            Money cost = estimator.actualCost(CatalogueTopic.REFUSING_PREMIUM, RefusingUpstream.PROMPT_TOKENS, 0, 0, RoutingMode.MODEL);
            assertThat(cost.amountMicros()).isPositive();
            assertThat(answer.at("/usage/cost").decimalValue()).isEqualByComparingTo(Credits.of(cost));
            assertPaidFromAGrant(leases, recorded, cost);
        }
    }

    @Test
    void modelFailingBeforeTokensFallsBackToTheNextCandidateAndOnlyTheAnswerIsBilled() {
        long failingBefore = simulator.requestCount("failing-standard");
        long standardBefore = simulator.requestCount("sim-standard");
        try (UsageTopic usage = UsageTopic.fromEnd()) {
            Response response = chat(DEMO_API_KEY, HELLO.formatted("failing-standard", 4));
            response.then().statusCode(Status.OK.getStatusCode());
            String requestId = response.header(GatewayHeaders.REQUEST_ID);
            JsonNode answer = json(response.asString());

            assertThat(answer.path("model").asText()).isEqualTo("sim-standard");
            assertThat(simulator.requestCount("failing-standard")).isEqualTo(failingBefore + 1);
            assertThat(simulator.requestCount("sim-standard")).isEqualTo(standardBefore + 1);
            UsageRecorded recorded = UsageTopic.decode(onlyRecord(usage.readUntil(requestId))).payload();
            assertThat(recorded.model()).isEqualTo("sim-standard");
            assertThat(recorded.routingMode()).isEqualTo(RoutingMode.MODEL);
            assertThat(recorded.completionTokens()).isEqualTo(4);
            Money cost = estimator.actualCost(CatalogueTopic.STANDARD, recorded.promptTokens(), 0, 4, RoutingMode.MODEL);
            assertPaidFromAGrant(leases, recorded, cost);
        }
    }

    @Test
    void toolCallsAndUnknownFieldsPassThroughUntouched() {
        String body = """
                {"model": "sim-light", "messages": [{"role": "user", "content": "what is the weather in Paris"}],
                 "tools": [{"type": "function", "function": {"name": "get_weather", "description": "weather of a city",
                   "parameters": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}}}]}""";
        JsonNode direct = json(given().contentType(ContentType.JSON).body(body)
                .when().post(simulator.baseUrl() + "/chat/completions").then().statusCode(200).extract().asString());

        JsonNode answer = json(chat(DEMO_API_KEY, body).then().statusCode(Status.OK.getStatusCode()).extract().asString());

        assertThat(answer.at("/choices/0/finish_reason").asText()).isEqualTo("tool_calls");
        // the simulator derives the call id from the request's bytes, which the gateway writes anew
        assertThat(answer.at("/choices/0/message/tool_calls/0/id").asText()).startsWith("call_sim_");
        assertThat(withoutCallId(answer.path("choices"))).isEqualTo(withoutCallId(direct.path("choices")));
        assertThat(answer.at("/choices/0/message/tool_calls/0/function/name").asText()).isEqualTo("get_weather");
        ObjectNode usageWithoutCost = ((ObjectNode) answer.path("usage").deepCopy());
        assertThat(usageWithoutCost.remove("cost")).isNotNull();
        assertThat(usageWithoutCost).isEqualTo(direct.path("usage"));
    }

    private static JsonNode withoutCallId(JsonNode choices) {
        JsonNode copy = choices.deepCopy();
        ((ObjectNode) copy.at("/0/message/tool_calls/0")).remove("id");
        return copy;
    }

    private static Response chat(String apiKey, String body) {
        return given().header("Authorization", "Bearer " + apiKey)
                .contentType(ContentType.JSON).body(body)
                .when().post("/v1/chat/completions");
    }

    static JsonNode json(String text) {
        try {
            return AnswerJson.EXACT_JSON.readTree(text);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }

    /** Usage of one account is recorded in order before its answer: earlier records would come first. */
    private static void assertNothingRecordedBeforeTheNextCompletion(UsageTopic usage) {
        String markerId = chat(DEMO_API_KEY, HELLO.formatted("sim-budget", 3))
                .then().statusCode(Status.OK.getStatusCode())
                .extract().header(GatewayHeaders.REQUEST_ID);
        onlyRecord(usage.readUntil(markerId));
    }

    private static ConsumerRecord<String, String> onlyRecord(List<ConsumerRecord<String, String>> records) {
        assertThat(records).hasSize(1);
        return records.get(0);
    }

    /**
     * The usage names the grant of this instance that paid for the request, a grant the ledger holds, and there is
     * no hold per request. (That the grant is settled with exactly what its requests cost: see
     * {@link #requestsArePaidFromAGrantThatIsSettledAtTheLedgerWithExactlyWhatTheyCost}.)
     */
    static void assertPaidFromAGrant(GrantLeases leases, UsageRecorded recorded, Money cost) {
        assertThat(recorded.holdId()).startsWith("grant_" + leases.instanceId() + "_" + DEMO_ACCOUNT_ID + "_");
        JsonNode grant = Ledger.hold(recorded.holdId());
        assertThat(grant).as("grant %s at the ledger", recorded.holdId()).isNotNull();
        assertThat(grant.path("kind").asText()).isEqualTo("grant");
        assertThat(grant.path("heldMicros").asLong()).isGreaterThanOrEqualTo(cost.amountMicros());
        assertThat(Ledger.holdOf(recorded.requestId())).as("no hold per request").isNull();
    }

    /** Every reservation of the account on this instance was captured or released (the capture follows the answer). */
    static void awaitNothingReserved(GrantLeases leases, String accountId) {
        await().atMost(Duration.ofSeconds(10)).until(() -> leases.grantsOf(accountId).stream()
                .allMatch(grant -> grant.reservedMicros() == 0 && grant.inFlight() == 0));
    }

    /** The gateway's view of the balance caught up with the ledger's (after funding, through the balances topic). */
    static void awaitGatewayKnowsTheBalance(BalanceView balances, String accountId) {
        await().atMost(Duration.ofSeconds(30)).until(() -> balances.balanceOf(accountId).map(Money::amountMicros).orElse(-1L)
                == Ledger.balanceMicros(accountId).orElse(-2));
    }

    private static void awaitBalanceKnown() {
        await().atMost(Duration.ofSeconds(20)).until(() -> Ledger.balanceMicros(DEMO_ACCOUNT_ID).isPresent());
    }
}
