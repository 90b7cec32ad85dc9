package dev.tollgate.router.controlplane;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;

/** Control-plane calls the tests repeat: an account with a profile and a key, as the operator sets them up. */
public final class ControlPlaneCalls {

    /** The operator's token in tests; application.properties holds only its SHA-256 for the test profile. */
    public static final String OPERATOR_TOKEN = "test-operator-token-not-a-secret";

    public static final String UNRESTRICTED_PROFILE = """
            {"lowestTier": "budget", "highestTier": "premium"}""";

    private ControlPlaneCalls() {
    }

    public static RequestSpecification as(String token) {
        return given().header("Authorization", "Bearer " + token).contentType(ContentType.JSON);
    }

    /** A new account: {@code accountId} and {@code managementToken}. */
    public static JsonPath newAccount(String name) {
        return as(OPERATOR_TOKEN).body("{\"name\": \"" + name + "\"}")
                .when().post("/control/v1/accounts")
                .then().statusCode(201).extract().jsonPath();
    }

    public static void newProfile(String accountId, String profileJson) {
        as(OPERATOR_TOKEN).body(profileJson)
                .when().post("/control/v1/accounts/{id}/profile", accountId)
                .then().statusCode(201);
    }

    /** A new key of the account: {@code keyId} and {@code key}. */
    public static JsonPath newKey(String accountId, String keyJson) {
        return as(OPERATOR_TOKEN).body(keyJson)
                .when().post("/control/v1/accounts/{id}/keys", accountId)
                .then().statusCode(201).extract().jsonPath();
    }
}
