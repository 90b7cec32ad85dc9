package dev.tollgate.router.limits;

import static dev.tollgate.router.controlplane.ControlPlaneCalls.OPERATOR_TOKEN;
import static dev.tollgate.router.controlplane.ControlPlaneCalls.UNRESTRICTED_PROFILE;
import static dev.tollgate.router.controlplane.ControlPlaneCalls.as;
import static dev.tollgate.router.controlplane.ControlPlaneCalls.newAccount;
import static dev.tollgate.router.controlplane.ControlPlaneCalls.newKey;
import static dev.tollgate.router.controlplane.ControlPlaneCalls.newProfile;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

import dev.tollgate.router.api.GatewayException;
import dev.tollgate.router.api.OpenAiError;
import dev.tollgate.router.auth.ApiKeyOwner;
import dev.tollgate.router.auth.AuthenticatedKey;
import dev.tollgate.router.auth.KeyRateLimits;
import dev.tollgate.router.routing.RoutingProfile;
import dev.tollgate.router.testing.UpstreamSimulatorResource;
import dev.tollgate.simulator.UpstreamSimulator;
import dev.tollgate.testing.TollgateServersResource;

@QuarkusTest
@WithTestResource(TollgateServersResource.class)
@WithTestResource(UpstreamSimulatorResource.class)
class KeyLimitsTest {

    private static final String CHAT = """
            {"model": "sim-budget", "messages": [{"role": "user", "content": "hello"}], "max_tokens": 3}""";

    private final UpstreamSimulator simulator = UpstreamSimulatorResource.simulator();

    @Inject
    GatewayKeyLimits limits;

    @Test
    void aKeyOverItsRequestRateGets429WithRetryAfterAndReachesNoUpstream() {
        String key = keyOfNewAccount("{\"name\": \"two a minute\", \"requestsPerMinute\": 2}").getString("key");
        chat(key);
        chat(key);
        long upstreamCallsBefore = simulator.totalRequestCount();

        String retryAfter = given().header("Authorization", "Bearer " + key).contentType(ContentType.JSON).body(CHAT)
                .when().post("/v1/chat/completions")
                .then().statusCode(429)
                .contentType(ContentType.JSON)
                .body("error.code", equalTo("rate_limit_exceeded"))
                .body("error.type", equalTo("requests"))
                .body("error.message", startsWith("Rate limit reached for requests"))
                .extract().header("Retry-After");

        assertThat(Long.parseLong(retryAfter)).isBetween(1L, 30L); // 2 a minute: one back every 30 s
        assertThat(simulator.totalRequestCount()).isEqualTo(upstreamCallsBefore);
    }

    @Test
    void aKeyOverItsTokenRateIsRefusedWith429AndRetryAfter() {
        JsonPath created = keyOfNewAccount("{\"name\": \"few tokens\", \"tokensPerMinute\": 1000}");
        ApiKeyOwner owner = new ApiKeyOwner(created.getString("accountId"), created.getString("keyId"), RoutingProfile.unrestricted(), null);
        limits.admitRequest(new AuthenticatedKey(owner, new KeyRateLimits(null, 1_000L)));

        limits.admit(owner, 800, 0).await().indefinitely();
        Response refused = refusal(() -> limits.admit(owner, 800, 0).await().indefinitely());

        assertThat(refused.getStatus()).isEqualTo(429);
        assertThat(errorCode(refused)).isEqualTo("rate_limit_exceeded");
        assertThat(Long.parseLong(refused.getHeaderString("Retry-After"))).isBetween(30L, 37L); // 600 missing at 1000/min = 36 s
    }

    @Test
    void spendIsRecordedOncePerRequestAndTheKeysLimitRefusesWhatCouldCrossIt() {
        JsonPath created = keyOfNewAccount("{\"name\": \"one credit\", \"spendLimitCredits\": \"1\"}");
        ApiKeyOwner owner = new ApiKeyOwner(created.getString("accountId"), created.getString("keyId"), RoutingProfile.unrestricted(), 10_000L);

        limits.admit(owner, 10, 10_000).await().indefinitely();
        limits.recordSpend(owner, "req_" + created.getString("keyId") + "_1", 50, 6_000).await().indefinitely();
        limits.recordSpend(owner, "req_" + created.getString("keyId") + "_1", 50, 6_000).await().indefinitely();

        as(OPERATOR_TOKEN).when().get("/control/v1/accounts/{id}/keys", owner.accountId())
                .then().statusCode(200).body("[0].spentCredits", equalTo("0.6000"));
        limits.admit(owner, 10, 4_000).await().indefinitely();
        Response refused = refusal(() -> limits.admit(owner, 10, 4_001).await().indefinitely());
        assertThat(refused.getStatus()).isEqualTo(403);
        assertThat(errorCode(refused)).isEqualTo("key_limit_reached");
        assertThat(((OpenAiError) refused.getEntity()).error().message())
                .contains("spend limit of 1.0000 credits").contains("0.4000 credits are left");
    }

    private static JsonPath keyOfNewAccount(String keyJson) {
        String accountId = newAccount("Limits").getString("accountId");
        newProfile(accountId, UNRESTRICTED_PROFILE);
        JsonPath key = newKey(accountId, keyJson);
        return new JsonPath("{\"accountId\": \"" + accountId + "\", \"keyId\": \"" + key.getString("keyId")
                + "\", \"key\": \"" + key.getString("key") + "\"}");
    }

    private static void chat(String key) {
        given().header("Authorization", "Bearer " + key).contentType(ContentType.JSON).body(CHAT)
                .when().post("/v1/chat/completions").then().statusCode(org.hamcrest.Matchers.not(equalTo(429)));
    }

    private static Response refusal(Runnable call) {
        Throwable thrown = catchThrowable(call::run);
        assertThat(thrown).isInstanceOf(GatewayException.class);
        return ((GatewayException) thrown).toResponse();
    }

    private static String errorCode(Response response) {
        return ((OpenAiError) response.getEntity()).error().code();
    }
}
