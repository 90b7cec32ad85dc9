package dev.tollgate.router.auth;

import static dev.tollgate.router.controlplane.ControlPlaneCalls.OPERATOR_TOKEN;
import static dev.tollgate.router.controlplane.ControlPlaneCalls.as;
import static dev.tollgate.router.controlplane.ControlPlaneCalls.newAccount;
import static dev.tollgate.router.controlplane.ControlPlaneCalls.newKey;
import static dev.tollgate.router.controlplane.ControlPlaneCalls.newProfile;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.Optional;
import java.util.Set;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

import dev.tollgate.router.routing.Capability;
import dev.tollgate.router.routing.RoutingProfile;
import dev.tollgate.router.routing.Tier;
import dev.tollgate.router.testing.UpstreamSimulatorResource;
import dev.tollgate.testing.TollgateServersResource;

@QuarkusTest
@WithTestResource(TollgateServersResource.class)
@WithTestResource(UpstreamSimulatorResource.class)
class PostgresApiKeyStoreTest {

    @Inject
    ApiKeyAuthenticator authenticator;

    @Inject
    ApiKeyStore store;

    @Inject
    Pool pool;

    @Test
    void anAuthenticatedKeyCarriesItsAccountsProfileItsSpendLimitAndItsRates() {
        String accountId = newAccount("Owner").getString("accountId");
        newProfile(accountId, """
                {"lowestTier": "light", "highestTier": "standard", "costCapCredits": "3",
                 "requiredCapabilities": ["vision"], "toolCallingFloor": "0.6"}""");
        JsonPath key = newKey(accountId, "{\"name\": \"k\", \"spendLimitCredits\": \"20\", \"tokensPerMinute\": 5000}");

        AuthenticatedKey authenticated = authenticate(key.getString("key")).orElseThrow();

        assertThat(authenticated.owner()).isEqualTo(new ApiKeyOwner(accountId, key.getString("keyId"),
                new RoutingProfile(Tier.LIGHT, Tier.STANDARD, 30_000L, Set.of(Capability.VISION), new BigDecimal("0.6000")),
                200_000L));
        assertThat(authenticated.rateLimits()).isEqualTo(new KeyRateLimits(null, 5_000L));
    }

    @Test
    void aChangedProfileReachesTheCachedKeyOfThisInstanceAtOnce() {
        String accountId = newAccount("Profile change").getString("accountId");
        newProfile(accountId, "{\"lowestTier\": \"budget\", \"highestTier\": \"premium\"}");
        String key = newKey(accountId, "{\"name\": \"k\"}").getString("key");
        assertThat(authenticate(key).orElseThrow().owner().profile().highestTier()).isEqualTo(Tier.PREMIUM);

        as(OPERATOR_TOKEN).body("{\"lowestTier\": \"budget\", \"highestTier\": \"light\"}")
                .when().put("/control/v1/accounts/{id}/profile", accountId).then().statusCode(200);

        assertThat(authenticate(key).orElseThrow().owner().profile().highestTier()).isEqualTo(Tier.LIGHT);
    }

    @Test
    void revokedKeysAndKeysOfSuspendedAccountsAreNotUsable() {
        String accountId = newAccount("Suspended").getString("accountId");
        newProfile(accountId, "{\"lowestTier\": \"budget\", \"highestTier\": \"premium\"}");
        String kept = newKey(accountId, "{\"name\": \"kept\"}").getString("key");
        JsonPath revoked = newKey(accountId, "{\"name\": \"revoked\"}");
        as(OPERATOR_TOKEN).when().post("/control/v1/accounts/{id}/keys/{key}/revoke", accountId, revoked.getString("keyId"))
                .then().statusCode(200);

        assertThat(findInStore(revoked.getString("key"))).isEmpty();
        assertThat(findInStore(kept)).isPresent();

        pool.preparedQuery("update account set status = 'suspended' where id = $1").execute(Tuple.of(accountId)).await().indefinitely();
        assertThat(findInStore(kept)).isEmpty();
    }

    private Optional<AuthenticatedKey> authenticate(String key) {
        return authenticator.authenticate("Bearer " + key).await().indefinitely();
    }

    private Optional<AuthenticatedKey> findInStore(String key) {
        return store.findUsableByHash(authenticator.hash(key)).await().indefinitely();
    }
}
