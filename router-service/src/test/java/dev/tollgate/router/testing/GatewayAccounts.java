package dev.tollgate.router.testing;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;

/** Creates gateway accounts and keys through the control plane, as an operator would. */
public final class GatewayAccounts {

    /** The operator token of the test profile (its SHA-256 is in application.properties); not a secret. */
    public static final String OPERATOR_TOKEN = "test-operator-token-not-a-secret";

    public record TestAccount(String accountId, String apiKey) {
    }

    private GatewayAccounts() {
    }

    /** A new account with an unrestricted profile and one API key. */
    public static TestAccount create(String name) {
        var account = given().header("Authorization", "Bearer " + OPERATOR_TOKEN)
                .contentType(ContentType.JSON).body("{\"name\": \"" + name + "\"}")
                .when().post("/control/v1/accounts")
                .then().statusCode(201).extract().jsonPath();
        String accountId = account.getString("accountId");
        String management = "Bearer " + account.getString("managementToken");
        given().header("Authorization", management)
                .contentType(ContentType.JSON).body("{\"lowestTier\": \"budget\", \"highestTier\": \"premium\"}")
                .when().post("/control/v1/accounts/" + accountId + "/profile")
                .then().statusCode(201);
        String key = given().header("Authorization", management)
                .contentType(ContentType.JSON).body("{\"name\": \"tests\"}")
                .when().post("/control/v1/accounts/" + accountId + "/keys")
                .then().statusCode(201).extract().jsonPath().getString("key");
        return new TestAccount(accountId, key);
    }
}
