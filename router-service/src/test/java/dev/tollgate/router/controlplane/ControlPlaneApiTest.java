package dev.tollgate.router.controlplane;

import static dev.tollgate.router.controlplane.ControlPlaneCalls.OPERATOR_TOKEN;
import static dev.tollgate.router.controlplane.ControlPlaneCalls.UNRESTRICTED_PROFILE;
import static dev.tollgate.router.controlplane.ControlPlaneCalls.as;
import static dev.tollgate.router.controlplane.ControlPlaneCalls.newAccount;
import static dev.tollgate.router.controlplane.ControlPlaneCalls.newKey;
import static dev.tollgate.router.controlplane.ControlPlaneCalls.newProfile;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

import dev.tollgate.router.auth.ApiKeyHasher;
import dev.tollgate.router.controlplane.application.Secrets;
import dev.tollgate.router.testing.UpstreamSimulatorResource;
import dev.tollgate.testing.TollgateServersResource;

@QuarkusTest
@WithTestResource(TollgateServersResource.class)
@WithTestResource(UpstreamSimulatorResource.class)
class ControlPlaneApiTest {

    private static final String PROBLEM_JSON = "application/problem+json";
    private static final String CHAT = """
            {"model": "sim-budget", "messages": [{"role": "user", "content": "hello"}], "max_tokens": 3}""";

    @Inject
    Pool pool;

    @ConfigProperty(name = "tollgate.router.key-pepper")
    String pepper;

    @Test
    void operatorCreatesAnAccountWhoseManagementTokenIsShownOnceAndStoredAsItsHash() {
        JsonPath created = as(OPERATOR_TOKEN).body("{\"name\": \"Acme\"}")
                .when().post("/control/v1/accounts")
                .then().statusCode(201)
                .body("accountId", startsWith("acct_"))
                .body("name", equalTo("Acme"))
                .body("status", equalTo("active"))
                .body("createdAt", notNullValue())
                .body("managementToken", startsWith("tgm_"))
                .extract().jsonPath();
        String accountId = created.getString("accountId");
        String token = created.getString("managementToken");

        as(token).when().get("/control/v1/accounts/{id}", accountId)
                .then().statusCode(200)
                .body("accountId", equalTo(accountId))
                .body("name", equalTo("Acme"))
                .body("managementToken", nullValue());
        Row stored = single("select token_sha256::text as stored from management_credential where account_id = $1", accountId);
        assertThat(stored.getString("stored")).isEqualTo("\\x" + HexFormat.of().formatHex(Secrets.sha256(token)))
                .doesNotContain(token.substring(4));
    }

    @Test
    void withoutValidControlPlaneCredentialsEverythingIs401() {
        String accountId = newAccount("Unauthenticated").getString("accountId");

        problem(given().contentType(ContentType.JSON).body("{\"name\": \"x\"}").when().post("/control/v1/accounts"), 401)
                .body("detail", containsString("gateway API keys are not accepted"));
        problem(as("tgm_not-a-token").when().get("/control/v1/accounts/{id}", accountId), 401);
        problem(given().header("Authorization", "Basic b3BlcmF0b3I6eA==").when().get("/control/v1/accounts/{id}/keys", accountId), 401);
        // the demo gateway key is a credential of the gateway only
        problem(as(UpstreamSimulatorResource.DEMO_API_KEY).when().get("/control/v1/accounts/{id}", UpstreamSimulatorResource.DEMO_ACCOUNT_ID), 401);
    }

    @Test
    void onlyTheOperatorCreatesAccounts() {
        String token = newAccount("Not an operator").getString("managementToken");

        problem(as(token).body("{\"name\": \"Sneaky\"}").when().post("/control/v1/accounts"), 403);
    }

    @Test
    void anAccountsTokenCannotTouchAnotherAccount() {
        JsonPath a = newAccount("Account A");
        JsonPath b = newAccount("Account B");
        String accountB = b.getString("accountId");
        newProfile(accountB, UNRESTRICTED_PROFILE);
        String keyOfB = newKey(accountB, "{\"name\": \"b's key\"}").getString("keyId");
        String tokenOfA = a.getString("managementToken");

        problem(as(tokenOfA).when().get("/control/v1/accounts/{id}", accountB), 403);
        problem(as(tokenOfA).when().get("/control/v1/accounts/{id}/profile", accountB), 403);
        problem(as(tokenOfA).body("{\"lowestTier\": \"budget\", \"highestTier\": \"budget\"}")
                .when().put("/control/v1/accounts/{id}/profile", accountB), 403);
        problem(as(tokenOfA).when().get("/control/v1/accounts/{id}/keys", accountB), 403);
        problem(as(tokenOfA).body("{\"name\": \"mine now\"}").when().post("/control/v1/accounts/{id}/keys", accountB), 403);
        problem(as(tokenOfA).when().post("/control/v1/accounts/{id}/keys/{key}/revoke", accountB, keyOfB), 403);
        problem(as(tokenOfA).when().delete("/control/v1/accounts/{id}/keys/{key}", accountB, keyOfB), 403);

        as(b.getString("managementToken")).when().get("/control/v1/accounts/{id}/keys", accountB)
                .then().statusCode(200).body("", hasSize(1)).body("[0].revokedAt", nullValue());
        as(OPERATOR_TOKEN).when().get("/control/v1/accounts/{id}/profile", accountB)
                .then().statusCode(200).body("highestTier", equalTo("premium"));
    }

    @Test
    void anAccountHasExactlyOneProfileChangedWithPut() {
        JsonPath account = newAccount("One profile");
        String accountId = account.getString("accountId");
        String token = account.getString("managementToken");

        problem(as(token).when().get("/control/v1/accounts/{id}/profile", accountId), 404);
        as(token).body("""
                        {"lowestTier": "light", "highestTier": "standard", "costCapCredits": "2.5",
                         "requiredCapabilities": ["tools", "json_mode"], "toolCallingFloor": "0.75"}""")
                .when().post("/control/v1/accounts/{id}/profile", accountId)
                .then().statusCode(201)
                .body("lowestTier", equalTo("light"))
                .body("highestTier", equalTo("standard"))
                .body("costCapCredits", equalTo("2.5000"))
                .body("requiredCapabilities", equalTo(List.of("tools", "json_mode")))
                .body("toolCallingFloor", equalTo("0.75"));

        problem(as(token).body(UNRESTRICTED_PROFILE).when().post("/control/v1/accounts/{id}/profile", accountId), 403)
                .body("detail", equalTo("an account has exactly one routing profile; change it with PUT"));

        as(token).body("{\"lowestTier\": \"budget\", \"highestTier\": \"light\", \"costCapCredits\": \"1\"}")
                .when().put("/control/v1/accounts/{id}/profile", accountId)
                .then().statusCode(200).body("highestTier", equalTo("light"));
        as(token).when().get("/control/v1/accounts/{id}/profile", accountId)
                .then().statusCode(200)
                .body("lowestTier", equalTo("budget"))
                .body("highestTier", equalTo("light"))
                .body("costCapCredits", equalTo("1.0000"))
                .body("requiredCapabilities", hasSize(0))
                .body("toolCallingFloor", nullValue());
        Row rows = single("select count(*) as profiles from routing_profile where account_id = $1", accountId);
        assertThat(rows.getLong("profiles")).isEqualTo(1);
    }

    @Test
    void anInvalidProfileIsRefusedWith400AndChangesNothing() {
        String accountId = newAccount("Invalid profiles").getString("accountId");

        for (String invalid : List.of(
                "{\"lowestTier\": \"premium\", \"highestTier\": \"budget\"}",
                "{\"lowestTier\": \"budget\", \"highestTier\": \"gold\"}",
                "{\"highestTier\": \"budget\"}",
                "{\"lowestTier\": \"budget\", \"highestTier\": \"premium\", \"requiredCapabilities\": [\"telepathy\"]}",
                "{\"lowestTier\": \"budget\", \"highestTier\": \"premium\", \"toolCallingFloor\": \"1.5\"}",
                "{\"lowestTier\": \"budget\", \"highestTier\": \"premium\", \"costCapCredits\": \"0\"}",
                "{\"lowestTier\": \"budget\", \"highestTier\": \"premium\", \"costCapCredits\": \"-3\"}")) {
            problem(as(OPERATOR_TOKEN).body(invalid).when().post("/control/v1/accounts/{id}/profile", accountId), 400)
                    .body("type", startsWith("urn:tollgate:problem:"));
        }
        problem(as(OPERATOR_TOKEN).body("{not json").when().post("/control/v1/accounts/{id}/profile", accountId), 400);
        problem(as(OPERATOR_TOKEN).when().get("/control/v1/accounts/{id}/profile", accountId), 404);

        newProfile(accountId, "{\"lowestTier\": \"light\", \"highestTier\": \"premium\"}");
        problem(as(OPERATOR_TOKEN).body("{\"lowestTier\": \"premium\", \"highestTier\": \"light\"}")
                .when().put("/control/v1/accounts/{id}/profile", accountId), 400);
        as(OPERATOR_TOKEN).when().get("/control/v1/accounts/{id}/profile", accountId)
                .then().statusCode(200).body("lowestTier", equalTo("light")).body("highestTier", equalTo("premium"));
    }

    @Test
    void unknownAccountsAndKeysAre404() {
        problem(as(OPERATOR_TOKEN).when().get("/control/v1/accounts/acct_nobody"), 404);
        problem(as(OPERATOR_TOKEN).body(UNRESTRICTED_PROFILE).when().post("/control/v1/accounts/acct_nobody/profile"), 404);
        problem(as(OPERATOR_TOKEN).body(UNRESTRICTED_PROFILE).when().put("/control/v1/accounts/acct_nobody/profile"), 404);
        problem(as(OPERATOR_TOKEN).when().get("/control/v1/accounts/acct_nobody/keys"), 404);
        problem(as(OPERATOR_TOKEN).body("{\"name\": \"k\"}").when().post("/control/v1/accounts/acct_nobody/keys"), 404);
        String accountId = newAccount("No such key").getString("accountId");
        problem(as(OPERATOR_TOKEN).when().post("/control/v1/accounts/{id}/keys/key_nobody/revoke", accountId), 404);
        problem(as(OPERATOR_TOKEN).body(UNRESTRICTED_PROFILE).when().put("/control/v1/accounts/{id}/profile", accountId), 404)
                .body("detail", containsString("create it with POST"));
    }

    @Test
    void aKeyNeedsTheAccountsProfileFirst() {
        String accountId = newAccount("Keys before profile").getString("accountId");

        problem(as(OPERATOR_TOKEN).body("{\"name\": \"too early\"}").when().post("/control/v1/accounts/{id}/keys", accountId), 409)
                .body("detail", containsString("has no routing profile yet"));
        as(OPERATOR_TOKEN).when().get("/control/v1/accounts/{id}/keys", accountId).then().statusCode(200).body("", hasSize(0));
    }

    @Test
    void aKeyIsShownOnceAndStoredOnlyAsItsHmac() {
        JsonPath account = newAccount("Key owner");
        String accountId = account.getString("accountId");
        newProfile(accountId, UNRESTRICTED_PROFILE);

        JsonPath created = as(account.getString("managementToken"))
                .body("{\"name\": \"ci\", \"spendLimitCredits\": \"12.5\", \"requestsPerMinute\": 30}")
                .when().post("/control/v1/accounts/{id}/keys", accountId)
                .then().statusCode(201)
                .body("keyId", startsWith("key_"))
                .body("name", equalTo("ci"))
                .body("spendLimitCredits", equalTo("12.5000"))
                .body("requestsPerMinute", equalTo(30))
                .body("tokensPerMinute", nullValue())
                .extract().jsonPath();
        String key = created.getString("key");
        assertThat(key).startsWith("tg_").matches("tg_[A-Za-z0-9_-]{32,}");
        assertThat(created.getString("prefix")).isEqualTo(key.substring(0, 8));

        String listed = as(OPERATOR_TOKEN).when().get("/control/v1/accounts/{id}/keys", accountId)
                .then().statusCode(200)
                .body("", hasSize(1))
                .body("[0].keyId", equalTo(created.getString("keyId")))
                .body("[0].prefix", equalTo(key.substring(0, 8)))
                .body("[0].spendLimitCredits", equalTo("12.5000"))
                .body("[0].spentCredits", equalTo("0.0000"))
                .body("[0].createdAt", notNullValue())
                .body("[0].revokedAt", nullValue())
                .body("[0].key", nullValue())
                .extract().asString();
        assertThat(listed).doesNotContain(key.substring(8));

        Row stored = single("select key_hash, api_key::text as whole_row from api_key where account_id = $1", accountId);
        assertThat(stored.getBuffer("key_hash").getBytes()).isEqualTo(new ApiKeyHasher(pepper).hash(key));
        assertThat(stored.getString("whole_row")).doesNotContain(key.substring(8));
        assertThat(new String(stored.getBuffer("key_hash").getBytes(), StandardCharsets.ISO_8859_1)).doesNotContain(key);
    }

    @Test
    void anInvalidKeyRequestIsRefusedWith400AndCreatesNothing() {
        String accountId = newAccount("Invalid keys").getString("accountId");
        newProfile(accountId, UNRESTRICTED_PROFILE);

        for (String invalid : List.of("{}", "{\"name\": \" \"}", "{\"name\": \"k\", \"spendLimitCredits\": \"lots\"}",
                "{\"name\": \"k\", \"spendLimitCredits\": \"0\"}", "{\"name\": \"k\", \"spendLimitCredits\": \"0.00001\"}",
                "{\"name\": \"k\", \"requestsPerMinute\": 0}", "{\"name\": \"k\", \"tokensPerMinute\": -5}", "[1, 2]")) {
            problem(as(OPERATOR_TOKEN).body(invalid).when().post("/control/v1/accounts/{id}/keys", accountId), 400);
        }
        as(OPERATOR_TOKEN).when().get("/control/v1/accounts/{id}/keys", accountId).then().statusCode(200).body("", hasSize(0));
    }

    @Test
    void anIssuedKeyOpensTheGatewayUntilItIsRevokedThenIsRefusedAtOnce() {
        JsonPath account = newAccount("Revocation");
        String accountId = account.getString("accountId");
        newProfile(accountId, UNRESTRICTED_PROFILE);
        JsonPath created = newKey(accountId, "{\"name\": \"soon revoked\"}");
        String key = created.getString("key");

        int before = chat(key).extract().statusCode();
        assertThat(before).as("a fresh key is authenticated").isNotEqualTo(401);

        as(account.getString("managementToken")).when().post("/control/v1/accounts/{id}/keys/{key}/revoke", accountId, created.getString("keyId"))
                .then().statusCode(200).body("revokedAt", notNullValue());
        chat(key).statusCode(401).body("error.code", equalTo("invalid_api_key"));

        // revoking again changes nothing; DELETE does the same
        String firstRevocation = as(OPERATOR_TOKEN).when().get("/control/v1/accounts/{id}/keys", accountId)
                .then().extract().jsonPath().getString("[0].revokedAt");
        as(OPERATOR_TOKEN).when().delete("/control/v1/accounts/{id}/keys/{key}", accountId, created.getString("keyId"))
                .then().statusCode(200).body("revokedAt", equalTo(firstRevocation));
    }

    @Test
    void theDemoKeyIsSeededHashedIntoTheDemoAccountWithAnUnrestrictedProfile() {
        as(OPERATOR_TOKEN).when().get("/control/v1/accounts/{id}/profile", UpstreamSimulatorResource.DEMO_ACCOUNT_ID)
                .then().statusCode(200).body("lowestTier", equalTo("budget")).body("highestTier", equalTo("premium"));
        as(OPERATOR_TOKEN).when().get("/control/v1/accounts/{id}/keys", UpstreamSimulatorResource.DEMO_ACCOUNT_ID)
                .then().statusCode(200).body("keyId", equalTo(List.of(UpstreamSimulatorResource.DEMO_KEY_ID)));
        Row stored = single("select key_hash from api_key where key_id = $1", UpstreamSimulatorResource.DEMO_KEY_ID);
        assertThat(stored.getBuffer("key_hash").getBytes()).isEqualTo(new ApiKeyHasher(pepper).hash(UpstreamSimulatorResource.DEMO_API_KEY));
    }

    @Test
    void theControlPlaneIsDescribedInOpenApi() {
        given().queryParam("format", "json").when().get("/q/openapi")
                .then().statusCode(200)
                .body("paths", org.hamcrest.Matchers.hasKey("/control/v1/accounts"))
                .body("paths", org.hamcrest.Matchers.hasKey("/control/v1/accounts/{accountId}/profile"))
                .body("paths", org.hamcrest.Matchers.hasKey("/control/v1/accounts/{accountId}/keys/{keyId}/revoke"));
    }

    private static ValidatableResponse chat(String key) {
        return given().header("Authorization", "Bearer " + key).contentType(ContentType.JSON).body(CHAT)
                .when().post("/v1/chat/completions").then();
    }

    private static ValidatableResponse problem(io.restassured.response.Response response, int status) {
        return response.then().statusCode(status).contentType(PROBLEM_JSON)
                .body("status", equalTo(status))
                .body("title", notNullValue())
                .body("type", startsWith("urn:tollgate:problem:"))
                .body("detail", not(containsString("tg_")));
    }

    private Row single(String sql, String parameter) {
        var rows = pool.preparedQuery(sql).execute(Tuple.of(parameter)).await().indefinitely();
        assertThat(rows.size()).as(sql).isEqualTo(1);
        return rows.iterator().next();
    }
}
